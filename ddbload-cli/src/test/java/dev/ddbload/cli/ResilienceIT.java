package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never lose a record: loads through a FaultProxy that misbehaves the way DynamoDB does, in
 * front of DynamoDB Local; outcomes read back from the table, the rejects file and the proxy's
 * counters. Fixed seeds everywhere.
 */
class ResilienceIT extends LocalDynamoCli {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private FaultProxy proxy;

  @TempDir
  Path dir;


  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static String newTable() {
    return "res_" + TABLES.incrementAndGet();
  }

  private FaultProxy proxy(FaultRules rules) {
    proxy = FaultProxy.start(dynamo.endpoint(), rules);
    return proxy;
  }

  private String[] args(String table, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", proxy.endpoint().toString(),
        "--table", table, "-q", "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--report", dir.resolve("report.json").toString()));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private List<JsonNode> rejects() throws IOException {
    Path file = dir.resolve("rejects.jsonl");
    List<JsonNode> entries = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        entries.add(JSON.readTree(line));
      }
    }
    return entries;
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }

  private static void assertAccountsForEveryRecord(JsonNode report) {
    assertThat(report.get("written").asLong() + report.get("rejected").asLong()
        + report.get("superseded").asLong()).isEqualTo(report.get("recordsRead").asLong());
  }

  private Path jsonLines(String name, int count) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append("{\"pk\":\"k").append(i).append("\",\"v\":").append(i).append("}\n");
    }
    Path file = dir.resolve(name);
    Files.writeString(file, sb);
    return file;
  }

  /**
   * One try of an item fails with probability about 0.39 here (whole-request faults 13 %, then
   * 30 % held back), so with 30 attempts the chance any of 200,000 good records is rejected by
   * chance is negligible.
   */
  @Test
  void twoHundredThousandRecordsThroughEveryFaultLandExactly() throws IOException {
    String table = newTable();
    Path input = jsonLines("chaos.jsonl", 200_000);
    proxy(FaultRules.builder().seed(42)
        .throttleRate(0.05).throttlingExceptionRate(0.05)
        .holdBackRate(0.30)
        .http500Rate(0.02)
        .dropRate(0.01)
        .latency(Duration.ofMillis(1), Duration.ofMillis(20))
        .build());

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", "--max-attempts", "30",
        input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(rejects()).isEmpty();
    JsonNode report = report();
    assertThat(report.get("written").asLong()).isEqualTo(200_000);
    assertAccountsForEveryRecord(report);
    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isPositive();
    Map<String, Object> actual = Items.scan(client, table, "pk");
    assertThat(actual).hasSize(200_000);
    for (int i = 0; i < 200_000; i += 1) {
      Object item = actual.get("k" + i);
      assertThat(item).as("k" + i).isNotNull();
      assertThat(item.toString()).as("k" + i).contains("v=N:" + i);
    }
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.throttled()).isPositive();
    assertThat(stats.throttlingExceptions()).isPositive();
    assertThat(stats.http500()).isPositive();
    assertThat(stats.dropped()).isPositive();
    assertThat(stats.itemsHeldBack()).isPositive();
    // The resends the writer reports are the extra items the proxy received.
    assertThat(report.get("retriedItems").asLong()).isEqualTo(stats.itemsReceived() - 200_000);
  }

  @Test
  void poisonKeysAreRejectedAfterExactlyMaxAttemptsAndEverythingElseIsWritten() throws IOException {
    String table = newTable();
    Path input = jsonLines("poison.jsonl", 2_000);
    Set<String> poison = Set.of("k7", "k500", "k1234", "k1999");
    proxy(FaultRules.builder().seed(7).poisonKeys("pk", poison).holdBackRate(0.1)
        .latency(Duration.ofMillis(1), Duration.ofMillis(5)).build());

    // Backoff ceilings 5, 10, 20, 40, 50, 50 ms: the schedule allows well under a second of waiting.
    CliRunner.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRunner.run(args(table,
        "--create-table", "--key", "pk:S", "--max-attempts", "7", "--backoff-base", "5ms", "--backoff-max", "50ms",
        input.toString())));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    List<JsonNode> rejects = rejects();
    assertThat(rejects).extracting(r -> JSON.readTree(r.get("record").asText()).get("pk").asText())
        .containsExactlyInAnyOrderElementsOf(poison);
    assertThat(rejects).allSatisfy(r -> {
      assertThat(r.get("reason").asText()).isEqualTo("UNPROCESSED");
      assertThat(r.get("attempts").asInt()).isEqualTo(7);
      assertThat(r.get("line").asLong()).isEqualTo(Long.parseLong(
          JSON.readTree(r.get("record").asText()).get("pk").asText().substring(1)) + 1);
    });
    FaultStats stats = proxy.counters().snapshot();
    for (String key : poison) {
      assertThat(stats.sends(key)).as(key).isEqualTo(7);
    }
    Map<String, Object> actual = Items.scan(client, table, "pk");
    assertThat(actual).hasSize(2_000 - poison.size()).doesNotContainKeys(poison.toArray(new String[0]));
    assertAccountsForEveryRecord(report());
  }

  @Test
  void onlyTheBadRecordsOfOtherwiseValidBatchesAreRejected() throws IOException {
    String table = newTable();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add("{\"pk\":\"k" + i + "\",\"v\":" + i + "}");
    }
    lines.set(10, "{\"pk\":\"k10\",\"v\":\"" + "x".repeat(400 * 1024) + "\"}");
    lines.set(60, "{\"v\":60}");
    lines.set(110, "{\"pk\":110,\"v\":110}");
    lines.set(160, "{\"pk\":\"\",\"v\":160}");
    // DynamoDB refuses this one (the proxy's ValidationException) though it looks valid.
    lines.set(210, "{\"pk\":\"refused\",\"v\":210}");
    Path input = dir.resolve("isolate.jsonl");
    Files.write(input, lines);
    proxy(FaultRules.builder().seed(3).invalidKeys(Set.of("refused"))
        .latency(Duration.ofMillis(1), Duration.ofMillis(5)).build());

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    List<JsonNode> rejects = rejects();
    Map<Long, String> reasonByLine = new HashMap<>();
    rejects.forEach(r -> reasonByLine.put(r.get("line").asLong(), r.get("reason").asText()));
    assertThat(reasonByLine).containsExactlyInAnyOrderEntriesOf(Map.of(11L, "ITEM_TOO_LARGE", 61L, "MISSING_KEY",
        111L, "KEY_TYPE", 161L, "BAD_KEY", 211L, "VALIDATION"));
    // DynamoDB's refusal is the reason given, and the split sends did not count as attempts.
    assertThat(rejects).filteredOn(r -> r.get("reason").asText().equals("VALIDATION")).singleElement()
        .satisfies(r -> {
          assertThat(r.get("message").asText()).startsWith("ValidationException");
          assertThat(r.get("attempts").asInt()).isEqualTo(1);
        });
    Map<String, Object> actual = Items.scan(client, table, "pk");
    assertThat(actual).hasSize(495).doesNotContainKeys("k10", "refused");
    for (int i = 0; i < 500; i++) {
      if (i != 10 && i != 60 && i != 110 && i != 160 && i != 210) {
        assertThat(actual).containsKey("k" + i);
      }
    }
    assertThat(proxy.counters().snapshot().validationFailures()).isPositive();
    assertAccountsForEveryRecord(report());
  }

  @Test
  void duplicateKeysEndWithTheirLastVersionWhateverTheFaults() throws IOException {
    String table = newTable();
    Random random = new Random(11);
    Map<String, Integer> last = new HashMap<>();
    StringBuilder sb = new StringBuilder();
    int records = 20_000;
    for (int version = 0; version < records; version++) {
      // A few hot keys repeat back to back; the rest spread over 300 keys.
      String key = random.nextInt(10) == 0 ? "hot" + random.nextInt(3) : "k" + random.nextInt(300);
      sb.append("{\"pk\":\"").append(key).append("\",\"version\":").append(version).append("}\n");
      last.put(key, version);
    }
    Path input = dir.resolve("dups.jsonl");
    Files.writeString(input, sb);
    proxy(FaultRules.builder().seed(5).holdBackRate(0.3).throttleRate(0.05)
        .latency(Duration.ofMillis(1), Duration.ofMillis(25)).build());

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", "--max-attempts", "30",
        input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, Object> actual = Items.scan(client, table, "pk");
    assertThat(actual).hasSize(last.size());
    last.forEach((key, version) ->
        assertThat(actual.get(key).toString()).as(key).contains("version=N:" + version));
    JsonNode report = report();
    assertThat(report.get("superseded").asLong()).isPositive();
    assertAccountsForEveryRecord(report);
  }

  @Test
  void deleteModeDeletesTheKeysOfTheRecords() throws IOException {
    String table = newTable();
    Path all = jsonLines("all.jsonl", 300);
    proxy(FaultRules.builder().seed(9).holdBackRate(0.2).build());
    assertThat(CliRunner.run(args(table, "--create-table", "--key", "pk:S", all.toString())).exitCode()).isZero();
    StringBuilder deletes = new StringBuilder();
    for (int i = 0; i < 300; i += 3) {
      deletes.append("{\"pk\":\"k").append(i).append("\",\"ignored\":true}\n");
    }
    Path input = dir.resolve("deletes.jsonl");
    Files.writeString(input, deletes);

    CliRunner.Run run = CliRunner.run(args(table, "--mode", "delete", input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, Object> actual = Items.scan(client, table, "pk");
    assertThat(actual).hasSize(200);
    for (int i = 0; i < 300; i++) {
      assertThat(actual.containsKey("k" + i)).as("k" + i).isEqualTo(i % 3 != 0);
    }
  }

  @Test
  void maxErrorsStopsTheLoadAndAccountsForEveryRecord() throws IOException {
    String table = newTable();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      sb.append(i % 100 == 50 ? "{\"nokey\":1}" : "{\"pk\":\"k" + i + "\"}").append('\n');
    }
    Path input = dir.resolve("errors.jsonl");
    Files.writeString(input, sb);
    proxy(FaultRules.builder().seed(1).build());

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", "--max-errors", "3",
        input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("load aborted").contains("--max-errors");
    JsonNode report = report();
    assertThat(report.get("recordsRead").asLong()).isLessThan(5_000);
    assertAccountsForEveryRecord(report);
    assertThat(rejects()).hasSize((int) report.get("rejected").asLong());
    assertThat(rejects().stream().filter(r -> r.get("reason").asText().equals("MISSING_KEY")).count())
        .isEqualTo(3);
  }

  @Test
  void tableDeletedMidLoadIsFatalAndEveryRecordIsAccountedFor() throws Exception {
    String table = newTable();
    Path input = jsonLines("fatal.jsonl", 30_000);
    proxy(FaultRules.builder().seed(2).latency(Duration.ofMillis(20), Duration.ofMillis(40)).build());
    CompletableFuture<CliRunner.Run> running = CompletableFuture.supplyAsync(() -> CliRunner.run(args(table,
        "--create-table", "--key", "pk:S", "--concurrency", "2", input.toString())));
    awaitItems(table, running);

    client.deleteTable(b -> b.tableName(table));
    CliRunner.Run run = running.get(120, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("load aborted").contains("ResourceNotFoundException");
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("ABORTED");
    assertAccountsForEveryRecord(report);
    List<JsonNode> rejects = rejects();
    assertThat(rejects).hasSize((int) report.get("rejected").asLong()).isNotEmpty();
    assertThat(rejects).allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("ABORTED"));
  }

  @Test
  void credentialsRefusedMidLoadIsFatalAndEveryRecordIsAccountedFor() throws Exception {
    String table = newTable();
    Path input = jsonLines("creds.jsonl", 30_000);
    FaultRules rules = FaultRules.builder().seed(4).latency(Duration.ofMillis(20), Duration.ofMillis(40)).build();
    proxy(rules);
    CompletableFuture<CliRunner.Run> running = CompletableFuture.supplyAsync(() -> CliRunner.run(args(table,
        "--create-table", "--key", "pk:S", "--concurrency", "2", input.toString())));
    awaitItems(table, running);

    proxy.useRules(rules.toBuilder().refuseCredentials(true).build());
    CliRunner.Run run = running.get(120, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("load aborted").contains("UnrecognizedClientException");
    JsonNode report = report();
    assertAccountsForEveryRecord(report);
    assertThat(rejects()).hasSize((int) report.get("rejected").asLong()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("ABORTED"));
  }

  private static void awaitItems(String table, CompletableFuture<CliRunner.Run> running) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline) && !running.isDone()) {
      try {
        if (client.scan(b -> b.tableName(table).limit(1)).count() > 0) {
          return;
        }
      } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException notYet) {
        // not created yet
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("the load never started writing: " + (running.isDone() ? running.join() : ""));
  }
}
