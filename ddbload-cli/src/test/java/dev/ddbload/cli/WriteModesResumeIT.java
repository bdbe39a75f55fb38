package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write modes' single writes killed with SIGKILL in the middle of a load, then resumed with
 * the same command (the CLI in a child process, through the FaultProxy's latency so the load is
 * still running when killed): updates with {@code --remove-nulls} of a table that held items
 * before, several per key; and version-compared puts ({@code --if-newer}). The table must end
 * exactly as the records applied in input order make it (updates merged, the highest version
 * kept), the resumed run's counts must add up, and running a completed load again must leave the
 * table as it was.
 */
class WriteModesResumeIT extends LocalDynamoCli {

  private static final int KEYS = 240;
  private static final int BASE_KEYS = 200;

  @TempDir
  Path dir;

  private FaultProxy proxy;

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void updatesKilledAndResumedEndAsTheRecordsAppliedInOrderAndARerunChangesNothing() throws Exception {
    String table = pkTable("upd_resume");
    Map<String, Map<String, AttributeValue>> state = new LinkedHashMap<>();
    for (int k = 0; k < BASE_KEYS; k++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("pk", s("k" + k));
      item.put("a", s("base"));
      item.put("b", n(k));
      item.put("c", s("keep"));
      state.put("k" + k, item);
    }
    putAll(table, state.values());
    // Several updates of each key, two in a row and again later; some keys the table lacks.
    int records = 2000;
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < records; i++) {
      String pk = "k" + ((i / 2) * 7 % KEYS);
      Map<String, Object> update = new LinkedHashMap<>();
      update.put("a", "v" + i);
      if (i % 3 == 0) {
        update.put("b", null);
      } else if (i % 3 == 1) {
        update.put("b", i);
      }
      if (i % 5 == 0) {
        update.put("c", null);
      }
      if (i % 4 == 0) {
        update.put("d", "d" + i);
      }
      input.append(jsonLine(pk, update)).append('\n');
      Map<String, AttributeValue> item = state.computeIfAbsent(pk, key -> new LinkedHashMap<>(Map.of("pk", s(key))));
      update.forEach((name, value) -> {
        if (value == null) {
          item.remove(name);
        } else {
          item.put(name, value instanceof Integer v ? n(v) : s((String) value));
        }
      });
    }
    Path file = dir.resolve("updates.jsonl");
    Files.writeString(file, input);
    List<String> command = args(table, file, "--mode", "update", "--remove-nulls");

    JsonNode resumed = killThenResume(command);

    Map<String, Object> expected = Items.expected(new ArrayList<>(state.values()), "pk");
    assertThat(Items.scan(client, table, "pk")).isEqualTo(expected);
    assertCountsAddUp(resumed);
    assertThat(resumed.get("skipped").asLong()).as("the resume passed over what the killed run finished")
        .isPositive();
    assertThat(resumed.get("recordsRead").asLong() + resumed.get("skipped").asLong()).isEqualTo(records);

    // Re-applying is harmless: the same command again sets the same values again.
    JsonNode again = run(command);
    assertThat(again.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(again.get("recordsRead").asLong()).isEqualTo(records);
    assertCountsAddUp(again);
    assertThat(Items.scan(client, table, "pk")).isEqualTo(expected);
  }

  @Test
  void versionComparedPutsKilledAndResumedKeepTheHighestVersionAndARerunSkipsEveryRecord() throws Exception {
    String table = pkTable("newer_resume");
    Map<String, Map<String, AttributeValue>> state = new LinkedHashMap<>();
    int records = 2000;
    // Versions are unique (a shuffled 1..records), so the highest of each key is one record.
    int[] versions = new int[records];
    for (int i = 0; i < records; i++) {
      versions[i] = i + 1;
    }
    SplittableRandom random = new SplittableRandom(19);
    for (int i = records - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = versions[i];
      versions[i] = versions[j];
      versions[j] = t;
    }
    // The table holds some keys already, at a version between the records' (x.5: never equal).
    for (int k = 0; k < BASE_KEYS; k += 2) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("pk", s("k" + k));
      item.put("ver", AttributeValue.fromN((k * 10) + ".5"));
      item.put("payload", s("base"));
      state.put("k" + k, item);
    }
    putAll(table, state.values());
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < records; i++) {
      String pk = "k" + ((i / 2) * 7 % KEYS);
      input.append("{\"pk\":\"").append(pk).append("\",\"ver\":").append(versions[i])
          .append(",\"payload\":\"r").append(i).append("\"}\n");
      Map<String, AttributeValue> held = state.get(pk);
      if (held == null || Double.parseDouble(held.get("ver").n()) < versions[i]) {
        state.put(pk, Map.of("pk", s(pk), "ver", n(versions[i]), "payload", s("r" + i)));
      }
    }
    Path file = dir.resolve("versions.jsonl");
    Files.writeString(file, input);
    List<String> command = args(table, file, "--if-newer", "ver");

    JsonNode resumed = killThenResume(command);

    Map<String, Object> expected = Items.expected(new ArrayList<>(state.values()), "pk");
    assertThat(Items.scan(client, table, "pk")).isEqualTo(expected);
    assertCountsAddUp(resumed);
    assertThat(resumed.get("skipped").asLong()).as("the resume passed over what the killed run finished")
        .isPositive();
    assertThat(resumed.get("recordsRead").asLong() + resumed.get("skipped").asLong()).isEqualTo(records);

    // Re-applying is harmless: every record meets its own or a higher version, and is counted
    // not newer (a version-compared write is never superseded by a later one of its key).
    JsonNode again = run(command);
    assertThat(again.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(again.get("recordsRead").asLong()).isEqualTo(records);
    assertThat(again.get("written").asLong()).isZero();
    assertThat(again.get("superseded").asLong()).isZero();
    assertThat(again.get("skippedNotNewer").asLong()).isEqualTo(records);
    assertCountsAddUp(again);
    assertThat(Items.scan(client, table, "pk")).isEqualTo(expected);
  }

  /**
   * Runs the command, kills it with SIGKILL once it has written a part and saved a checkpoint,
   * then runs it again to the end; returns the resumed run's report.
   */
  private JsonNode killThenResume(List<String> command) throws Exception {
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(7)
        .latency(Duration.ofMillis(15), Duration.ofMillis(30)).build());
    List<String> proxied = new ArrayList<>(command);
    proxied.set(proxied.indexOf("--endpoint-url") + 1, proxy.endpoint().toString());
    Process p = launch(dir, proxied);
    Path checkpoints = dir.resolve("state/checkpoints");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (writesSeen() < 400 || !holdsFiles(checkpoints)) {
      assertThat(p.isAlive()).as("the load ended before it was killed: %s", launchedOutput(dir)).isTrue();
      assertThat(System.nanoTime()).as("the load did not get going").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(10);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("report.json")).as("the killed run wrote no report").doesNotExist();
    proxy.close();
    proxy = null;

    JsonNode resumed = run(command);
    assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("COMPLETED");
    assertThat(resumed.get("checkpoint").isNull()).isTrue();
    return resumed;
  }

  /** Runs the command to its end in a child process; its JSON report. */
  private JsonNode run(List<String> command) throws Exception {
    Files.deleteIfExists(dir.resolve("report.json"));
    Process p = launch(dir, command);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(launchedOutput(dir)).isZero();
    return report(dir.resolve("report.json"));
  }

  /** Every record read is written, skipped on its condition, rejected or superseded; none left. */
  private static void assertCountsAddUp(JsonNode report) {
    assertThat(report.get("notFinished").asLong()).as(report.toString()).isZero();
    assertThat(report.get("rejected").asLong()).as(report.toString()).isZero();
    assertThat(report.get("recordsRead").asLong()).as("read = written + skipped + rejected + superseded in %s", report)
        .isEqualTo(report.get("written").asLong() + report.get("skippedExists").asLong()
            + report.get("skippedNotNewer").asLong() + report.get("rejected").asLong()
            + report.get("superseded").asLong());
  }

  /** Writes the proxy has seen: single writes and statements (many to a call), resends included. */
  private long writesSeen() {
    var stats = proxy.counters().snapshot();
    return stats.singleWrites() + stats.statementsSent();
  }

  /**
   * The load's command: four calls in flight, at most 800 WCU a second (so that the load, whose
   * statements go 25 to a call, runs for seconds and is killed midway), a checkpoint every 200 ms.
   */
  private List<String> args(String table, Path input, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", dynamo.endpoint().toString(),
        "--table", table, "-q", "--concurrency", "4", "--max-wcu", "800", "--state-dir", dir.resolve("state").toString(),
        "--rejects", dir.resolve("rejects.jsonl").toString(), "--report", dir.resolve("report.json").toString(),
        "--checkpoint-interval", "200ms"));
    a.addAll(List.of(more));
    a.add(input.toString());
    return a;
  }

  private static String pkTable(String prefix) {
    String table = newTable(prefix);
    client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build()));
    return table;
  }

  private static void putAll(String table, Iterable<Map<String, AttributeValue>> items) {
    List<WriteRequest> batch = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
      if (batch.size() == 25) {
        write(table, batch);
      }
    }
    if (!batch.isEmpty()) {
      write(table, batch);
    }
  }

  private static void write(String table, List<WriteRequest> batch) {
    Map<String, List<WriteRequest>> left = Map.of(table, List.copyOf(batch));
    while (!left.isEmpty()) {
      Map<String, List<WriteRequest>> request = left;
      left = client.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
    }
    batch.clear();
  }

  private static String jsonLine(String pk, Map<String, Object> attributes) {
    StringBuilder line = new StringBuilder("{\"pk\":\"").append(pk).append('"');
    attributes.forEach((name, value) -> {
      line.append(",\"").append(name).append("\":");
      line.append(value == null ? "null" : value instanceof Integer ? value.toString() : "\"" + value + "\"");
    });
    return line.append('}').toString();
  }

  private static boolean holdsFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (var files = Files.list(directory)) {
      return files.findAny().isPresent();
    }
  }

  private static AttributeValue s(String text) {
    return AttributeValue.fromS(text);
  }

  private static AttributeValue n(int number) {
    return AttributeValue.fromN(Integer.toString(number));
  }
}
