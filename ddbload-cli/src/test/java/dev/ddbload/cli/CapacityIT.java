package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Provisioned capacity raised before a load and restored after it, read back with
 * DescribeTable from DynamoDB Local: after success, after a fatal stop, after SIGTERM to a child
 * process, and by the next run (or {@code restore-capacity}) after SIGKILL.
 */
class CapacityIT extends LocalDynamoCli {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();


  @TempDir
  Path dir;


  /** A provisioned table with 5/5 capacity and an index with 4/3. */
  private static String provisionedTable() {
    String table = "cap_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
            AttributeDefinition.builder().attributeName("g").attributeType("S").build())
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
            .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .provisionedThroughput(p -> p.readCapacityUnits(4L).writeCapacityUnits(3L)).build()));
    return table;
  }

  private static TableDescription describe(String table) {
    return client.describeTable(b -> b.tableName(table)).table();
  }

  private static long tableWrite(String table) {
    return describe(table).provisionedThroughput().writeCapacityUnits();
  }

  private static long indexWrite(String table) {
    return describe(table).globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits();
  }

  private Path input(int records) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < records; i++) {
      sb.append("{\"pk\":\"k").append(i).append("\",\"g\":\"g").append(i % 10).append("\"}\n");
    }
    Path file = dir.resolve("in-" + records + ".jsonl");
    Files.writeString(file, sb);
    return file;
  }

  private List<String> args(String table, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", dynamo.endpoint().toString(), "--table",
        table, "-q", "--state-dir", dir.resolve("state").toString(), "--report", dir.resolve("report.json").toString(),
        "--rejects", dir.resolve("rejects.jsonl").toString()));
    a.addAll(List.of(more));
    return a;
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }

  @Test
  void raisesTableAndIndexForTheLoadAndRestoresThemAfter() throws IOException {
    String table = provisionedTable();
    List<String> a = args(table, "--max-write-capacity", "200", "--min-write-capacity", "2",
        input(1000).toString());

    CliRunner.Run run = CliRunner.run(a.toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(tableWrite(table)).isEqualTo(2);
    assertThat(indexWrite(table)).isEqualTo(2);
    assertThat(describe(table).provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    JsonNode capacity = report().get("capacity");
    assertThat(capacity.get("raised").toString()).contains("\"table " + table + "\",\"from\":5,\"to\":200")
        .contains("\"index byG\",\"from\":3,\"to\":200");
    assertThat(capacity.get("restored").toString()).contains("\"from\":200,\"to\":2");
    assertThat(run.out()).contains("raised         table " + table + " 5 -> 200 WCU");
    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isEqualTo(1000);
    assertThat(dir.resolve("state/capacity")).isEmptyDirectory();
  }

  @Test
  void withoutMinWriteCapacityTheOriginalCapacityComesBack() throws IOException {
    String table = provisionedTable();
    CliRunner.Run run = CliRunner.run(args(table, "--max-write-capacity", "50", input(100).toString())
        .toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(tableWrite(table)).isEqualTo(5);
    assertThat(indexWrite(table)).isEqualTo(3);
  }

  @Test
  void capacityAlreadyHighEnoughIsLeftAlone() throws IOException {
    String table = provisionedTable();
    client.updateTable(b -> b.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(5L)
        .writeCapacityUnits(500L)).globalSecondaryIndexUpdates(u -> u.update(x -> x.indexName("byG")
        .provisionedThroughput(p -> p.readCapacityUnits(4L).writeCapacityUnits(500L)))));

    CliRunner.Run run = CliRunner.run(args(table, "--max-write-capacity", "100", input(100).toString())
        .toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(report().get("capacity").get("raised")).isEmpty();
    assertThat(report().get("capacity").get("restored")).isEmpty();
    assertThat(tableWrite(table)).isEqualTo(500);
  }

  @Test
  void capacityIsRestoredWhenTheLoadStopsOnAFatalError() throws IOException {
    String table = provisionedTable();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append(i % 10 == 5 ? "{\"nokey\":1}" : "{\"pk\":\"k" + i + "\"}").append('\n');
    }
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, sb);

    CliRunner.Run run = CliRunner.run(args(table, "--max-write-capacity", "100", "--max-errors", "3",
        bad.toString()).toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(tableWrite(table)).isEqualTo(5);
    assertThat(indexWrite(table)).isEqualTo(3);
  }

  @Test
  void anInjectedFatalErrorStillRestoresCapacity() throws IOException {
    String table = provisionedTable();
    // A role that may describe and update the table but not write to it: every BatchWriteItem
    // is refused with AccessDeniedException, a fatal error, while UpdateTable goes through.
    try (FaultProxy proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().denyBatchWrites(true).build())) {
      List<String> a = args(table, "--max-write-capacity", "100", input(500).toString());
      a.set(a.indexOf("--endpoint-url") + 1, proxy.endpoint().toString());

      CliRunner.Run run = CliRunner.run(a.toArray(new String[0]));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.out()).contains("AccessDeniedException");
      assertThat(proxy.counters().snapshot().credentialsRefused()).isPositive();
    }
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("ABORTED");
    assertThat(report.get("capacity").get("raised")).isNotEmpty();
    assertThat(report.get("capacity").get("restored")).isNotEmpty();
    assertThat(tableWrite(table)).isEqualTo(5);
    assertThat(indexWrite(table)).isEqualTo(3);
  }

  @Test
  void onDemandTablesAreLeftAlone() throws IOException {
    String table = "cap_od_" + TABLES.incrementAndGet();
    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", "--max-write-capacity", "100",
        input(50).toString()).toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(report().get("capacity").get("onDemand").asBoolean()).isTrue();
    assertThat(describe(table).billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
  }

  @Test
  void sigtermToTheCliRestoresCapacityBeforeExiting() throws Exception {
    String table = provisionedTable();
    Process p = child(table, "--max-write-capacity", "100", "--max-wcu", "200", input(20_000).toString());
    awaitWriteCapacity(table, 100, p);
    awaitItems(table, p);

    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(childOutput()).isEqualTo(130);
    assertThat(tableWrite(table)).as(childOutput()).isEqualTo(5);
    assertThat(indexWrite(table)).as(childOutput()).isEqualTo(3);
  }

  @Test
  void afterSigkillTheNextRunRestoresFirst() throws Exception {
    String table = provisionedTable();
    Process p = child(table, "--max-write-capacity", "100", "--max-wcu", "200", input(20_000).toString());
    awaitWriteCapacity(table, 100, p);

    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tableWrite(table)).isEqualTo(100);
    assertThat(dir.resolve("state/capacity")).isNotEmptyDirectory();

    CliRunner.Run next = CliRunner.run(args(table, input(10).toString()).toArray(new String[0]));

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(tableWrite(table)).isEqualTo(5);
    assertThat(indexWrite(table)).isEqualTo(3);
    assertThat(report().get("capacity").get("restored").toString()).contains("\"from\":100,\"to\":5");
    assertThat(dir.resolve("state/capacity")).isEmptyDirectory();
  }

  @Test
  void restoreCapacityCommandRestoresWhatAKilledRunLeft() throws Exception {
    String table = provisionedTable();
    Process p = child(table, "--max-write-capacity", "80", "--max-wcu", "200", input(20_000).toString());
    awaitWriteCapacity(table, 80, p);
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    CliRunner.Run run = CliRunner.run("restore-capacity", "--table", table, "--endpoint-url",
        dynamo.endpoint().toString(), "--state-dir", dir.resolve("state").toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("restored table " + table + " 80 -> 5 WCU").contains("restored index byG 80 -> 3 WCU");
    assertThat(tableWrite(table)).isEqualTo(5);
    CliRunner.Run again = CliRunner.run("restore-capacity", "--table", table, "--endpoint-url",
        dynamo.endpoint().toString(), "--state-dir", dir.resolve("state").toString());
    assertThat(again.out()).contains("no capacity restore is pending");
  }

  @Test
  void dryRunTotalsAreTheExactSizesAndNothingIsWritten() throws IOException {
    String table = provisionedTable();
    StringBuilder sb = new StringBuilder();
    long bytes = 0;
    long units = 0;
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 3000; i++) {
      String text = "x".repeat(random.nextInt(3000));
      sb.append("{\"pk\":\"k").append(i).append("\",\"n\":").append(i).append(",\"t\":\"").append(text)
          .append("\"}\n");
      int size = dev.ddbload.item.ItemSize.of(java.util.Map.of("pk",
          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("k" + i), "n",
          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Integer.toString(i)), "t",
          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(text)));
      bytes += size;
      units += dev.ddbload.item.ItemSize.writeUnits(size);
    }
    sb.append("{\"missing\":\"key\"}\n");
    Path in = dir.resolve("plan.jsonl");
    Files.writeString(in, sb);

    CliRunner.Run run = CliRunner.run(args(table, "--dry-run", "--max-write-capacity", "1000", in.toString())
        .toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode plan = report().get("plan");
    assertThat(plan.get("records").asLong()).isEqualTo(3000);
    assertThat(plan.get("bytes").asLong()).isEqualTo(bytes);
    assertThat(plan.get("writeUnits").asLong()).isEqualTo(units);
    assertThat(plan.get("onDemandCostUsd").asDouble()).isEqualTo(units / 1e6 * 0.625);
    // 90 % of the table's and the index's 1,000 WCU each, as the load would raise them.
    assertThat(plan.get("plannedWcuPerSecond").asDouble()).isEqualTo(1800);
    assertThat(run.out()).contains("dry run: nothing was written").doesNotContain("warning:");
    assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).hasSize(1);
    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isZero();
    assertThat(tableWrite(table)).isEqualTo(5);
  }

  @Test
  void dryRunWarnsOfAKeyTooHotForOnePartitionAndOnlyThen() throws IOException {
    String table = "cap_dry_" + TABLES.incrementAndGet();
    StringBuilder skewed = new StringBuilder();
    StringBuilder uniform = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      skewed.append("{\"pk\":\"").append(i % 5 < 2 ? "hot" : "k" + i).append("\"}\n");
      uniform.append("{\"pk\":\"k").append(i).append("\"}\n");
    }
    Path hot = dir.resolve("skewed.jsonl");
    Path flat = dir.resolve("uniform.jsonl");
    Files.writeString(hot, skewed);
    Files.writeString(flat, uniform);

    CliRunner.Run hotRun = CliRunner.run(args(table, "--dry-run", "--create-table", "--key", "pk:S",
        hot.toString()).toArray(new String[0]));
    CliRunner.Run flatRun = CliRunner.run(args(table, "--dry-run", "--create-table", "--key", "pk:S",
        flat.toString()).toArray(new String[0]));

    assertThat(hotRun.exitCode()).as(hotRun.toString()).isZero();
    assertThat(hotRun.out()).contains("warning: partition key hot takes 40.0% of the write units");
    assertThat(flatRun.out()).doesNotContain("warning:");
    // A dry run does not even create the table.
    assertThat(client.listTables().tableNames()).doesNotContain(table);
  }

  private Process child(String table, String... more) throws IOException {
    return launch(dir, args(table, more));
  }

  private String childOutput() throws IOException {
    return launchedOutput(dir);
  }

  private void awaitWriteCapacity(String table, long write, Process p) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (tableWrite(table) != write) {
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("capacity never reached " + write + ": " + childOutput());
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private void awaitItems(String table, Process p) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (client.scan(b -> b.tableName(table).limit(1)).count() == 0) {
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("the load never started writing: " + childOutput());
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
