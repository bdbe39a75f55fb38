package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ddbload verify} and {@code load --verify} against DynamoDB Local (through a FaultProxy
 * where faults matter): what is found is read from the summary, the JSON report and the
 * differences file.
 */
class VerifyCommandIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static final String PADDING = "p".repeat(200);

  /**
   * DynamoDB JSON lines of {@code count} items {@code id-00000...}, each with a number, a string
   * set, a title naming its version and 200 bytes of padding.
   */
  private Path items(String name, int from, int count, String version) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      sb.append(String.format("{\"id\":{\"S\":\"id-%05d\"},\"price\":{\"N\":\"%d.5\"},"
          + "\"tags\":{\"SS\":[\"a\",\"b\",\"c%d\"]},\"title\":{\"S\":\"title %d %s\"},"
          + "\"note\":{\"S\":\"%s\"}}%n", i, i % 100, i % 7, i, version, PADDING));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, sb.toString());
    return file;
  }

  private String[] args(String command, String endpoint, String table, String... more) {
    List<String> a = new ArrayList<>(List.of(command, "--endpoint-url", endpoint, "--table", table, "-q",
        "--format", "ddb-json"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private CliRunner.Run verify(String table, String... more) {
    return CliRunner.run(args("verify", dynamo.endpoint().toString(), table, more));
  }

  private List<JsonNode> differences(Path file) throws IOException {
    return Files.exists(file) ? rejects(file) : List.of();
  }

  @Test
  void aLoadThroughFaultsVerifiesWithExactCounts() throws IOException {
    String table = newTable("verify");
    Path data = items("data.jsonl", 0, 3_000, "v1");
    Path report = dir.resolve("report.json");
    try (FaultProxy proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(21)
        .throttleRate(0.05).throttlingExceptionRate(0.05).holdBackRate(0.3).http500Rate(0.02).dropRate(0.01)
        .latency(Duration.ofMillis(1), Duration.ofMillis(20)).build())) {
      CliRunner.Run run = CliRunner.run(args("load", proxy.endpoint().toString(), table, "--create-table",
          "--key", "id:S", "--max-attempts", "30", "--verify",
          "--differences", dir.resolve("differences.jsonl").toString(), "--report", report.toString(),
          "--rejects", dir.resolve("rejects.jsonl").toString(), data.toString()));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).contains("written        3,000", "verify: the table holds what the inputs say",
          "keys checked   3,000", "matching       3,000", "missing        0", "different      0");
    }
    JsonNode verified = JSON.readTree(report.toFile()).get("verify");
    assertThat(verified.get("status").asText()).isEqualTo("MATCHED");
    assertThat(verified.get("recordsRead").asLong()).isEqualTo(3_000);
    assertThat(verified.get("keysChecked").asLong()).isEqualTo(3_000);
    assertThat(verified.get("matching").asLong()).isEqualTo(3_000);
    assertThat(verified.get("differencesFile").isNull()).isTrue();
    assertThat(dir.resolve("differences.jsonl")).doesNotExist();

    CliRunner.Run again = verify(table, "--extra", data.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("extra          0 (of 3,000 items scanned)");
  }

  @Test
  void aTamperedTableIsReportedOnceForEachRealDifferenceWithItsOrigin() throws IOException {
    String table = newTable("verify");
    Path data = items("data.jsonl", 0, 1_000, "v1");
    CliRunner.Run loaded = load(table, "--format", "ddb-json", data.toString());
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();

    client.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("id-00010"))));
    client.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("id-00020")))
        .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("changed"))));
    // 1.50 is 1.5, and a set in another order is the same set: neither is a difference.
    client.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("id-00001")))
        .updateExpression("SET price = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromN("1.50"))));
    client.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("id-00030")))
        .updateExpression("SET tags = :t").expressionAttributeValues(Map.of(":t",
            AttributeValue.fromSs(List.of("c2", "b", "a")))));
    client.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("nobody-wrote-me"),
        "title", AttributeValue.fromS("extra"))));

    Path differences = dir.resolve("differences.jsonl");
    Path report = dir.resolve("verify.json");
    CliRunner.Run run = verify(table, "--extra", "--differences", differences.toString(), "--report",
        report.toString(), data.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode summary = JSON.readTree(report.toFile());
    assertThat(summary.get("status").asText()).isEqualTo("DIFFERENT");
    assertThat(summary.get("keysChecked").asLong()).isEqualTo(1_000);
    assertThat(summary.get("matching").asLong()).isEqualTo(998);
    assertThat(summary.get("missing").asLong()).isEqualTo(1);
    assertThat(summary.get("different").asLong()).isEqualTo(1);
    assertThat(summary.get("unexpected").asLong()).isZero();
    assertThat(summary.get("extra").asLong()).isEqualTo(1);
    assertThat(summary.get("itemsScanned").asLong()).isEqualTo(1_000);
    List<JsonNode> lines = differences(differences);
    assertThat(lines).hasSize(3);
    JsonNode missing = find(lines, "missing");
    assertThat(missing.get("source").asText()).isEqualTo(data.toString());
    assertThat(missing.get("line").asLong()).isEqualTo(11);
    assertThat(missing.get("index").asLong()).isEqualTo(10);
    assertThat(missing.get("key").toString()).isEqualTo("{\"id\":{\"S\":\"id-00010\"}}");
    assertThat(missing.get("expected").get("title").get("S").asText()).isEqualTo("title 10 v1");
    JsonNode different = find(lines, "different");
    assertThat(different.get("line").asLong()).isEqualTo(21);
    assertThat(different.get("key").get("id").get("S").asText()).isEqualTo("id-00020");
    assertThat(different.get("attributes").toString()).isEqualTo("[\"title\"]");
    assertThat(different.get("expected").toString()).isEqualTo("{\"title\":{\"S\":\"title 20 v1\"}}");
    assertThat(different.get("actual").toString()).isEqualTo("{\"title\":{\"S\":\"changed\"}}");
    JsonNode extra = find(lines, "extra");
    assertThat(extra.get("key").toString()).isEqualTo("{\"id\":{\"S\":\"nobody-wrote-me\"}}");
    assertThat(extra.has("source")).isFalse();
    assertThat(Files.getPosixFilePermissions(differences)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(run.out()).doesNotContain("changed", "title 20");
  }

  @Test
  void onlyTheLastRecordOfEachKeyIsChecked() throws IOException {
    String table = newTable("verify");
    // Three versions of 2,000 keys, gzipped: a small input that spills far more than --memory 1MB,
    // so the partition is split before it is checked.
    Path data = dir.resolve("versions.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data))) {
      for (String version : List.of("v1", "v2", "v3")) {
        out.write(Files.readAllBytes(items("part-" + version + ".jsonl", 0, 2_000, version)));
      }
    }
    Path later = items("later.jsonl", 1_990, 20, "v4");
    CliRunner.Run loaded = load(table, "--format", "ddb-json", "--parallel-files", "1", data.toString(),
        later.toString());
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();

    Path report = dir.resolve("verify.json");
    CliRunner.Run run = verify(table, "--memory", "1MB", "--report", report.toString(), data.toString(),
        later.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode summary = JSON.readTree(report.toFile());
    assertThat(summary.get("recordsRead").asLong()).isEqualTo(6_020);
    assertThat(summary.get("superseded").asLong()).isEqualTo(4_010);
    assertThat(summary.get("keysChecked").asLong()).isEqualTo(2_010);
    assertThat(summary.get("matching").asLong()).isEqualTo(2_010);
    assertThat(summary.get("keysInSeveralInputs").asLong()).isEqualTo(10);
    assertThat(summary.get("spilledBytes").asLong()).isGreaterThan(1L << 20);

    // The table goes back to an older record of a key: the last record is the one that differs.
    client.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("id-00005")))
        .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("title 5 v2"))));
    Path differences = dir.resolve("differences.jsonl");
    CliRunner.Run after = verify(table, "--memory", "1MB", "--differences", differences.toString(),
        data.toString(), later.toString());

    assertThat(after.exitCode()).as(after.toString()).isEqualTo(1);
    List<JsonNode> lines = differences(differences);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("kind").asText()).isEqualTo("different");
    assertThat(lines.get(0).get("index").asLong()).isEqualTo(4_005);
    assertThat(lines.get(0).get("expected").get("title").get("S").asText()).isEqualTo("title 5 v3");
  }

  @Test
  void aSampleChecksAboutTheShareAskedForTheSameKeysEveryRun() throws IOException {
    String table = newTable("verify");
    Path data = items("data.jsonl", 0, 2_000, "v1");
    // An empty table: every key checked is missing, so the differences file lists the sample.
    CliRunner.Run created = load(table, "--format", "ddb-json", "--mode", "delete",
        items("none.jsonl", 0, 1, "v0").toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();

    Set<String> first = sampledKeys(table, data, "first.jsonl");
    Set<String> second = sampledKeys(table, data, "second.jsonl");

    assertThat(first).hasSizeBetween(140, 260);
    assertThat(second).isEqualTo(first);
  }

  private Set<String> sampledKeys(String table, Path data, String name) throws IOException {
    Path differences = dir.resolve(name);
    CliRunner.Run run = verify(table, "--sample", "0.1", "--differences", differences.toString(), data.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    Set<String> keys = new TreeSet<>();
    for (JsonNode line : differences(differences)) {
      assertThat(line.get("kind").asText()).isEqualTo("missing");
      keys.add(line.get("key").get("id").get("S").asText());
    }
    assertThat(run.out()).contains(String.format("keys checked   %,d", keys.size()),
        String.format("outside sample %,d", 2_000 - keys.size()));
    return keys;
  }

  @Test
  void deletesExpectTheirKeysAbsent() throws IOException {
    String table = newTable("verify");
    Path data = items("data.jsonl", 0, 100, "v1");
    assertThat(load(table, "--format", "ddb-json", data.toString()).exitCode()).isZero();
    Path deletes = items("deletes.jsonl", 0, 50, "gone");
    assertThat(load(table, "--format", "ddb-json", "--mode", "delete", deletes.toString()).exitCode()).isZero();
    client.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("id-00007"))));

    Path differences = dir.resolve("differences.jsonl");
    CliRunner.Run run = verify(table, "--mode", "delete", "--differences", differences.toString(),
        deletes.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("matching       49", "unexpected     1");
    List<JsonNode> lines = differences(differences);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("kind").asText()).isEqualTo("unexpected");
    assertThat(lines.get(0).get("line").asLong()).isEqualTo(8);
  }

  @Test
  void readsThrottledByTheTablesReadCapacityCompleteWithNoFalseReports() throws IOException {
    String table = newTable("verify");
    Path data = items("data.jsonl", 0, 2_000, "v1");
    assertThat(load(table, "--format", "ddb-json", data.toString()).exitCode()).isZero();
    Path report = dir.resolve("verify.json");
    try (FaultProxy proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none())) {
      // 200 RCU/s: 400 keys a second read eventually consistent, where unthrottled reads go far faster.
      proxy.setReadCapacity(table, 200);

      CliRunner.Run run = CliRunner.run(args("verify", proxy.endpoint().toString(), table, "--extra",
          "--max-attempts", "30", "--report", report.toString(), data.toString()));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      FaultStats stats = proxy.counters().snapshot();
      assertThat(stats.keysHeldBack() + stats.readsThrottled()).as("reads throttled").isPositive();
    }
    JsonNode summary = JSON.readTree(report.toFile());
    assertThat(summary.get("status").asText()).isEqualTo("MATCHED");
    assertThat(summary.get("keysChecked").asLong()).isEqualTo(2_000);
    assertThat(summary.get("matching").asLong()).isEqualTo(2_000);
    assertThat(summary.get("unverified").asLong()).isZero();
    assertThat(summary.get("extra").asLong()).isZero();
    assertThat(summary.get("retriedKeys").asLong()).isPositive();
  }

  @Test
  void aDamagedInputChecksWhatCanBeReadAndExitsFive() throws IOException {
    String table = newTable("verify");
    Path whole = dir.resolve("whole.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
      out.write(Files.readAllBytes(items("data.jsonl", 0, 2_000, "v1")));
    }
    byte[] gz = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.jsonl.gz");
    Files.write(cut, java.util.Arrays.copyOf(gz, gz.length * 2 / 3));
    assertThat(load(table, "--format", "ddb-json", cut.toString()).exitCode()).isEqualTo(5);

    Path report = dir.resolve("verify.json");
    CliRunner.Run run = verify(table, "--report", report.toString(), cut.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.out()).contains("damaged", cut.toString());
    JsonNode summary = JSON.readTree(report.toFile());
    assertThat(summary.get("status").asText()).isEqualTo("DAMAGED_INPUT");
    assertThat(summary.get("damagedSources").asLong()).isEqualTo(1);
    assertThat(summary.get("keysChecked").asLong()).isPositive().isEqualTo(summary.get("matching").asLong());
    assertThat(summary.get("damage").get(0).get("source").asText()).isEqualTo(cut.toString());
  }

  @Test
  void aMissingTableIsAUsageError() throws IOException {
    CliRunner.Run run = verify("no_such_table", items("data.jsonl", 0, 1, "v1").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Table no_such_table does not exist");
  }

  private static JsonNode find(List<JsonNode> lines, String kind) {
    return lines.stream().filter(l -> l.get("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " line in " + lines));
  }

}
