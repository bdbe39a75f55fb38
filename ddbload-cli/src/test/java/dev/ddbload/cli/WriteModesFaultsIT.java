package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.fault.CapacitySpec;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write modes (single writes) end to end under faults: loads through a FaultProxy in front of
 * DynamoDB Local whose tables are provisioned at a WCU budget (throttling that depends on the
 * load's rate) and which fails a share of calls whole (HTTP 500, dropped connections,
 * ThrottlingException). Each table is filled first, directly, with items the input does not
 * describe in full; the input repeats keys. After the load the table is scanned and compared
 * exactly with the state computed here by applying the records in input order, and the report's
 * counts with the records that the rules say are skipped. Fixed seeds.
 */
class WriteModesFaultsIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TABLE_KEYS = 600;
  private static final int INPUT_KEYS = 1_000;

  private FaultProxy proxy;

  @TempDir
  Path dir;

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** A WCU budget of 400, below what the loader reaches alone, and whole-call faults on one call in ten. */
  private FaultProxy faultyProxy(long seed) {
    return faultyProxy(seed, 400);
  }

  private FaultProxy faultyProxy(long seed, int wcuBudget) {
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(seed)
        .http500Rate(0.04).dropRate(0.02).throttlingExceptionRate(0.04)
        .capacity(CapacitySpec.provisioned(wcuBudget).burst(Duration.ofMillis(100)))
        .build());
    return proxy;
  }

  /** A fresh table keyed by {@code pk}, filled directly (not through the proxy) with these items. */
  private static String table(String prefix, List<Map<String, AttributeValue>> items) {
    String table = newTable(prefix);
    client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build()));
    for (int from = 0; from < items.size(); from += 25) {
      List<WriteRequest> puts = new ArrayList<>();
      for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
        puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
      }
      client.batchWriteItem(b -> b.requestItems(Map.of(table, puts)));
    }
    return table;
  }

  private CliRunner.Run load(String table, List<ObjectNode> records, String... more) throws IOException {
    Path input = dir.resolve(table + ".jsonl");
    List<String> lines = new ArrayList<>();
    for (ObjectNode r : records) {
      lines.add(JSON.writeValueAsString(r));
    }
    Files.write(input, lines);
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", proxy.endpoint().toString(),
        "--table", table, "-q", "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--report", dir.resolve("report.json").toString(), "--max-attempts", "40", "--backoff-max", "1s"));
    a.addAll(List.of(more));
    a.add(input.toString());
    // A stall bound, not a timing: these loads take seconds.
    return assertTimeoutPreemptively(Duration.ofMinutes(3), () -> CliRunner.run(a.toArray(new String[0])));
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }

  private void assertCleanRun(CliRunner.Run run, JsonNode report, int records) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(dir.resolve("rejects.jsonl").toFile().length()).as("rejects file").isZero();
    assertThat(report.get("rejected").asLong()).isZero();
    assertThat(report.get("recordsRead").asLong()).isEqualTo(records);
    assertThat(report.get("written").asLong() + report.get("skippedExists").asLong()
        + report.get("skippedNotNewer").asLong() + report.get("rejected").asLong()
        + report.get("superseded").asLong()).as("every record accounted for").isEqualTo(records);
  }

  /**
   * The proxy did fail calls whole and throttle by capacity, and the writes went as PartiQL
   * statements throttled one by one in their calls: the faults were there to survive.
   */
  private void assertStatementFaultsHappened() {
    assertFaultsHappened();
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.statementCalls()).as(stats.toString()).isPositive();
    assertThat(stats.statementsSent()).as(stats.toString()).isGreaterThan(2 * stats.statementCalls());
    assertThat(stats.statementsThrottled()).as(stats.toString()).isPositive();
  }

  /** The proxy did fail calls whole and throttle by capacity: the faults were there to survive. */
  private void assertFaultsHappened() {
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.singleWrites() + stats.statementsSent()).as(stats.toString()).isPositive();
    assertThat(stats.http500()).isPositive();
    assertThat(stats.dropped()).isPositive();
    assertThat(stats.throttlingExceptions()).isPositive();
    assertThat(stats.capacityThrottled() + stats.statementsThrottled()).as(stats.toString()).isPositive();
  }

  private static String key(int i) {
    return "k" + i;
  }

  private static Map<String, AttributeValue> item(String pk, Map<String, AttributeValue> rest) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(rest);
    item.put("pk", AttributeValue.fromS(pk));
    return item;
  }

  /** The same attributes as a record's JSON: S as string, N as number, NULL as null. */
  private static ObjectNode record(Map<String, AttributeValue> item) {
    ObjectNode r = JSON.createObjectNode();
    item.forEach((name, v) -> {
      if (v.s() != null) {
        r.put(name, v.s());
      } else if (v.n() != null) {
        r.put(name, Long.parseLong(v.n()));
      } else {
        r.putNull(name);
      }
    });
    return r;
  }

  @Test
  void updatesMergeIntoTheTableInInputOrderWhateverTheFaults() throws IOException {
    Random random = new Random(31);
    List<Map<String, AttributeValue>> before = new ArrayList<>();
    for (int i = 0; i < TABLE_KEYS; i++) {
      before.add(item(key(i), Map.of("keep", AttributeValue.fromS("table-" + i),
          "a", AttributeValue.fromN(Integer.toString(-i)), "b", AttributeValue.fromS("old"))));
    }
    String table = table("upd", before);
    Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
    before.forEach(i -> expected.put(i.get("pk").s(), new HashMap<>(i)));
    List<ObjectNode> records = new ArrayList<>();
    for (int n = 0; n < 3_000; n++) {
      // Keys 0-599 are in the table, 600-999 are not; a few hot keys take many updates in a row.
      int k = random.nextInt(8) == 0 ? random.nextInt(5) * 150 : random.nextInt(INPUT_KEYS);
      Map<String, AttributeValue> update = new LinkedHashMap<>();
      for (String name : List.of("a", "b", "c")) {
        int pick = random.nextInt(4);
        if (pick == 1) {
          update.put(name, AttributeValue.fromN(Integer.toString(n)));
        } else if (pick == 2) {
          update.put(name, AttributeValue.fromS(name + n));
        } else if (pick == 3) {
          update.put(name, AttributeValue.fromNul(true));
        }
      }
      records.add(record(item(key(k), update)));
      Map<String, AttributeValue> stored = expected.computeIfAbsent(key(k), pk -> item(pk, Map.of()));
      update.forEach((name, v) -> {
        if (Boolean.TRUE.equals(v.nul())) {
          stored.remove(name);
        } else {
          stored.put(name, v);
        }
      });
    }
    faultyProxy(41);

    CliRunner.Run run = load(table, records, "--mode", "update", "--remove-nulls");

    JsonNode report = report();
    assertCleanRun(run, report, records.size());
    assertThat(report.get("skippedExists").asLong() + report.get("skippedNotNewer").asLong()).isZero();
    assertThat(Items.scan(client, table, "pk"))
        .isEqualTo(Items.expected(new ArrayList<>(expected.values()), "pk"));
    assertStatementFaultsHappened();
  }

  /**
   * Versions per key, older, equal and newer than the table's, repeated. The key ordering never
   * supersedes a version-compared write (it waits, or is skipped at once when an earlier record of
   * its key is at least as new), so each record is skipped exactly when one-by-one writes would
   * skip it, whatever the timing.
   */
  @ParameterizedTest(name = "update mode: {0}")
  @ValueSource(booleans = {false, true})
  void ifNewerKeepsTheHighestVersionAndCountsEveryRecordNotNewer(boolean update) throws IOException {
    Random random = new Random(32);
    List<Map<String, AttributeValue>> before = new ArrayList<>();
    Map<String, Long> tableVersion = new HashMap<>();
    for (int i = 0; i < TABLE_KEYS; i++) {
      long ver = 10 + random.nextInt(10);
      tableVersion.put(key(i), ver);
      before.add(item(key(i), Map.of("ver", AttributeValue.fromN(Long.toString(ver)),
          "src", AttributeValue.fromS("table"), "only", AttributeValue.fromS("table-only"))));
    }
    String table = table("ver", before);
    List<Iterator<Long>> perKey = new ArrayList<>();
    List<String> keyOf = new ArrayList<>();
    for (int i = 0; i < INPUT_KEYS; i++) {
      perKey.add(versions(random, tableVersion.getOrDefault(key(i), 0L)).iterator());
      keyOf.add(key(i));
    }
    List<ObjectNode> records = interleave(random, perKey, keyOf);
    Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
    before.forEach(i -> expected.put(i.get("pk").s(), i));
    Map<String, Long> runningMax = new HashMap<>(tableVersion);
    long notNewer = 0;
    for (ObjectNode r : records) {
      String pk = r.get("pk").asText();
      long ver = r.get("ver").asLong();
      Long max = runningMax.get(pk);
      if (max != null && ver <= max) {
        notNewer++;
      } else {
        runningMax.put(pk, ver);
        Map<String, AttributeValue> now = new LinkedHashMap<>(update ? expected.getOrDefault(pk, Map.of()) : Map.of());
        now.putAll(item(pk, Map.of("ver", AttributeValue.fromN(Long.toString(ver)),
            "src", AttributeValue.fromS(r.get("src").asText()))));
        expected.put(pk, now);
      }
    }
    // Versions of one key wait for each other, and whole-call faults back them off: single writes
    // (put) run at a few hundred a second here, so their budget is lower.
    faultyProxy(42, update ? 400 : 120);

    CliRunner.Run run = update ? load(table, records, "--mode", "update", "--if-newer", "ver")
        : load(table, records, "--if-newer", "ver");

    JsonNode report = report();
    assertCleanRun(run, report, records.size());
    assertThat(report.get("skippedNotNewer").asLong()).isEqualTo(notNewer);
    assertThat(report.get("skippedExists").asLong()).isZero();
    assertThat(Items.scan(client, table, "pk"))
        .isEqualTo(Items.expected(new ArrayList<>(expected.values()), "pk"));
    if (update) {
      assertStatementFaultsHappened();
    } else {
      assertFaultsHappened();
    }
  }

  /**
   * One key's versions in input order: a first one anywhere around the table's (older, equal or
   * newer), then rising ones, then a tail that never rises, each at most the highest so far.
   */
  private static List<Long> versions(Random random, long tableVer) {
    List<Long> versions = new ArrayList<>();
    long max = tableVer;
    long first = Math.max(1, tableVer + random.nextInt(7) - 3);
    versions.add(first);
    max = Math.max(max, first);
    for (int n = random.nextInt(3); n > 0; n--) {
      max += 1 + random.nextInt(3);
      versions.add(max);
    }
    long tail = max;
    for (int n = random.nextInt(3); n > 0; n--) {
      tail = Math.max(1, tail - random.nextInt(3));
      versions.add(tail);
    }
    return versions;
  }

  /** Records of every key's versions, keys interleaved at random, each key's versions in order. */
  private static List<ObjectNode> interleave(Random random, List<Iterator<Long>> perKey, List<String> keyOf) {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < perKey.size(); i++) {
      open.add(i);
    }
    List<ObjectNode> records = new ArrayList<>();
    while (!open.isEmpty()) {
      int slot = random.nextInt(open.size());
      int k = open.get(slot);
      long ver = perKey.get(k).next();
      ObjectNode r = JSON.createObjectNode();
      r.put("pk", keyOf.get(k));
      r.put("ver", ver);
      r.put("src", "line-" + (records.size() + 1));
      records.add(r);
      if (!perKey.get(k).hasNext()) {
        open.remove(slot);
      }
    }
    return records;
  }

  @Test
  void insertsLeaveExistingKeysAloneAndWriteEachNewKeysFirstOccurrence() throws IOException {
    Random random = new Random(33);
    List<Map<String, AttributeValue>> before = new ArrayList<>();
    for (int i = 0; i < TABLE_KEYS; i++) {
      before.add(item(key(i), Map.of("src", AttributeValue.fromS("table"))));
    }
    String table = table("ins", before);
    Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
    before.forEach(i -> expected.put(i.get("pk").s(), i));
    List<ObjectNode> records = new ArrayList<>();
    int inserted = 0;
    for (int n = 0; n < 3_000; n++) {
      int k = random.nextInt(8) == 0 ? 600 + random.nextInt(5) : random.nextInt(INPUT_KEYS);
      Map<String, AttributeValue> item = item(key(k), Map.of("src", AttributeValue.fromS("line-" + (n + 1)),
          "n", AttributeValue.fromN(Integer.toString(n))));
      records.add(record(item));
      if (!expected.containsKey(key(k))) {
        expected.put(key(k), item);
        inserted++;
      }
    }
    faultyProxy(43);

    CliRunner.Run run = load(table, records, "--mode", "insert");

    JsonNode report = report();
    assertCleanRun(run, report, records.size());
    assertThat(report.get("skippedExists").asLong()).isEqualTo(records.size() - inserted);
    assertThat(report.get("written").asLong()).isEqualTo(inserted);
    assertThat(Items.scan(client, table, "pk"))
        .isEqualTo(Items.expected(new ArrayList<>(expected.values()), "pk"));
    assertStatementFaultsHappened();
  }
}
