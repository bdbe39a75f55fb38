package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Checkpoints and resume, with the CLI in a child process (the launcher, as a user runs it)
 * loading through the FaultProxy's latency: killed with SIGKILL at seeded random moments, or
 * stopped with SIGINT, then run again until done. The table must equal the input, each bad
 * record must be in the rejects file once, and what a resume sends again must be about one
 * checkpoint interval's worth (counted by the proxy).
 */
class ResumeIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONCURRENCY = 4;

  @TempDir
  Path dir;

  private FaultProxy proxy;

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Records k0.. with v = i, and a bad line every 1,777th line; returns the bad lines' numbers. */
  private List<Long> writeInput(OutputStream out, int records) throws IOException {
    List<Long> bad = new ArrayList<>();
    String pad = "p".repeat(60);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < records; i++) {
      if (i % 1777 == 1000) {
        sb.append("{\"pk\":\"bad").append(i).append("\",\n");
        bad.add((long) i + 1);
      } else {
        sb.append("{\"pk\":\"k").append(i).append("\",\"v\":").append(i).append(",\"pad\":\"").append(pad)
            .append("\"}\n");
      }
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    return bad;
  }

  private static void assertTableHoldsTheGoodRecords(String table, int records) {
    Map<String, Object> items = Items.scan(client, table, "pk");
    int good = 0;
    for (int i = 0; i < records; i++) {
      if (i % 1777 == 1000) {
        continue;
      }
      good++;
      Object item = items.get("k" + i);
      assertThat(item).as("k" + i).isNotNull();
      assertThat(item.toString()).as("k" + i).contains("v=N:" + i);
    }
    assertThat(items).hasSize(good);
  }

  private List<Long> rejectedLines() throws IOException {
    List<Long> lines = new ArrayList<>();
    for (JsonNode r : rejects(dir.resolve("rejects.jsonl"))) {
      lines.add(r.get("line").asLong());
    }
    return lines;
  }

  private List<String> args(String table, Path input, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", proxy.endpoint().toString(), "--table", table,
        "--create-table", "--key", "pk:S", "-q", "--concurrency", Integer.toString(CONCURRENCY),
        "--state-dir", dir.resolve("state").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--report", dir.resolve("report.json").toString(), "--checkpoint-interval", "1s"));
    a.addAll(List.of(more));
    a.add(input.toString());
    return a;
  }

  /**
   * The CLI in a child process in {@link #dir}, the rejects file named relatively there, as a
   * user types it: the checkpoint records it absolute, and a resume must still cut it back.
   */
  private Process child(List<String> args) throws IOException {
    List<String> relative = new ArrayList<>(args);
    int rejects = relative.indexOf("--rejects") + 1;
    relative.set(rejects, dir.relativize(Path.of(relative.get(rejects))).toString());
    return launch(dir, relative);
  }

  private String output() throws IOException {
    return launchedOutput(dir);
  }

  /** Waits until the proxy has received {@code items} more items than {@code since}, or the child ended. */
  private FaultStats awaitItems(FaultStats since, long items, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      FaultStats now = proxy.counters().snapshot();
      if (now.itemsReceived() - since.itemsReceived() >= items || !p.isAlive()) {
        return now;
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
    throw new AssertionError("the load did not get going");
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }

  @Test
  void sigkillAtRandomMomentsThenResumingLoadsEveryRecordOnce() throws Exception {
    String table = newTable("resume");
    int records = 40_000;
    Path input = dir.resolve("in.jsonl");
    List<Long> bad;
    try (OutputStream out = Files.newOutputStream(input)) {
      bad = writeInput(out, records);
    }
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(11)
        .latency(Duration.ofMillis(20), Duration.ofMillis(40)).build());
    SplittableRandom random = new SplittableRandom(2026);

    for (int kill = 0; kill < 3; kill++) {
      FaultStats before = proxy.counters().snapshot();
      Process p = child(args(table, input));
      FaultStats started = awaitItems(before, 1, p);
      long startedAt = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(1500 + random.nextInt(2000));
      assertThat(p.isAlive()).as("the load was still running when killed: %s", output()).isTrue();
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
      p.waitFor(30, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - startedAt) / 1e9;
      FaultStats after = proxy.counters().snapshot();

      long received = after.itemsReceived() - before.itemsReceived();
      long newKeys = after.distinctKeys() - before.distinctKeys();
      long resent = received - newKeys;
      double rate = (after.itemsReceived() - started.itemsReceived()) / seconds;
      // A resume sends again what was in flight and what finished since the last checkpoint
      // (1 s here): at most about one interval's worth, with room for the save's own timing.
      long bound = Math.round(rate * 1.5) + 2L * CONCURRENCY * 25;
      assertThat(resent).as("run %d re-sent %d records at %.0f records/s", kill, resent, rate)
          .isLessThanOrEqualTo(bound);
      assertThat(newKeys).as("run %d made progress", kill).isPositive();
    }
    FaultStats before = proxy.counters().snapshot();
    Process last = child(args(table, input));
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(last.exitValue()).as(output()).isEqualTo(1); // done, with rejects
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    assertThat(report.get("skipped").asLong()).isPositive();
    assertThat(report.get("checkpoint").isNull()).isTrue();
    assertTableHoldsTheGoodRecords(table, records);
    assertThat(rejectedLines()).containsExactlyInAnyOrderElementsOf(bad);
    FaultStats after = proxy.counters().snapshot();
    assertThat(after.distinctKeys()).isEqualTo(records - bad.size());
    assertThat(after.itemsReceived() - before.itemsReceived()).as("the last run sent only what was left")
        .isLessThan(records - bad.size());
    // A complete job forgets its checkpoint: the same command next night loads afresh.
    try (var files = Files.list(dir.resolve("state/checkpoints"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void sigintSavesTheCheckpointAndRestoresCapacityAndTheNextRunFinishesInsideAGzipFile() throws Exception {
    String table = newTable("resume_cap");
    client.createTable(b -> b.tableName(table)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
    int records = 12_000;
    Path input = dir.resolve("in.jsonl.gz");
    List<Long> bad;
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input))) {
      bad = writeInput(out, records);
    }
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none());
    List<String> a = args(table, input, "--max-write-capacity", "100", "--max-wcu", "2000");
    a.remove("--create-table");
    a.remove("--key");
    a.remove("pk:S");

    Process p = child(a);
    awaitItems(proxy.counters().snapshot(), 3000, p);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output()).isEqualTo(130);
    assertThat(dir.resolve("report.json")).as(output()).exists();
    JsonNode first = report();
    assertThat(first.get("status").asText()).isEqualTo("INTERRUPTED");
    assertThat(first.get("checkpoint").asText()).contains("checkpoints");
    assertThat(output()).contains("run the same command to resume");
    assertThat(client.describeTable(b -> b.tableName(table)).table().provisionedThroughput().writeCapacityUnits())
        .isEqualTo(5);
    long writtenBefore = first.get("written").asLong();
    assertThat(writtenBefore).isBetween(1L, (long) records - 1);

    Process next = child(a);
    assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(next.exitValue()).as(output()).isEqualTo(1);
    JsonNode second = report();
    assertThat(second.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    // Inside a compressed file the resume re-reads and passes over what was finished.
    assertThat(second.get("skipped").asLong()).isGreaterThanOrEqualTo(writtenBefore);
    assertTableHoldsTheGoodRecords(table, records);
    assertThat(rejectedLines()).containsExactlyInAnyOrderElementsOf(bad);
    assertThat(client.describeTable(b -> b.tableName(table)).table().provisionedThroughput().writeCapacityUnits())
        .isEqualTo(5);
  }

  @Test
  void aResumeSeeksInsideAnUncompressedFileAndAChangedInputIsRefused() throws Exception {
    String table = newTable("resume_seek");
    int records = 20_000;
    Path input = dir.resolve("in.jsonl");
    List<Long> bad;
    try (OutputStream out = Files.newOutputStream(input)) {
      bad = writeInput(out, records);
    }
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().latency(Duration.ofMillis(5),
        Duration.ofMillis(10)).build());
    // The watermark is the oldest record not yet written, which the shuffle window may still
    // hold; a small window keeps it close behind what was sent.
    List<String> a = args(table, input, "--shuffle-window", "1000");

    Process p = child(a);
    awaitItems(proxy.counters().snapshot(), 8000, p);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output()).isEqualTo(130);

    Process next = child(a);
    assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).as(output()).isEqualTo(1);
    JsonNode second = report();
    long size = Files.size(input);
    // The second run started at the checkpoint's byte offset: it read only the rest of the file.
    assertThat(second.get("bytesRead").asLong()).isPositive().isLessThan(size * 3 / 4);
    assertThat(second.get("skipped").asLong()).isGreaterThan(8000 - 2L * CONCURRENCY * 25);
    assertTableHoldsTheGoodRecords(table, records);
    assertThat(rejectedLines()).containsExactlyInAnyOrderElementsOf(bad);

    // Interrupt again, then change the input: the checkpoint no longer fits it.
    client.deleteTable(b -> b.tableName(table));
    Process third = child(a);
    awaitItems(proxy.counters().snapshot(), 3000, third);
    new ProcessBuilder("kill", "-INT", Long.toString(third.pid())).start().waitFor();
    assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Files.writeString(input, "{\"pk\":\"changed\",\"v\":1}\n", java.nio.file.StandardOpenOption.APPEND);

    CliRunner.Run refused = CliRunner.run(a.toArray(new String[0]));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("Input " + input + " changed since the checkpoint").contains("--restart")
        .doesNotContain("Exception");

    List<String> restart = new ArrayList<>(a);
    restart.add(restart.size() - 1, "--restart");
    CliRunner.Run again = CliRunner.run(restart.toArray(new String[0]));
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
    assertThat(report().get("skipped").asLong()).isZero();
    assertThat(Items.scan(client, table, "pk")).containsKey("changed").hasSize(records - bad.size() + 1);
    Map<Long, Long> rejectedPerLine = new TreeMap<>();
    rejectedLines().forEach(l -> rejectedPerLine.merge(l, 1L, Long::sum));
    assertThat(rejectedPerLine.keySet()).containsExactlyElementsOf(bad);
  }

  /**
   * {@code --max-errors} stops each run after a few rejects, aborting what was in flight; the
   * resume sends the aborted records again and drops their ABORTED lines, so after the last run
   * the rejects file lists each bad record once, nothing else, and the summary's rejected count
   * is its line count.
   */
  @Test
  void maxErrorsThenTwoResumesLeaveExactlyTheBadRecordsInTheRejectsFile() throws Exception {
    String table = newTable("maxerr");
    int records = 10_000;
    StringBuilder sb = new StringBuilder();
    List<Long> bad = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      if (i % 1000 == 500) {
        sb.append("{\"pk\":\"bad").append(i).append("\",\n");
        bad.add((long) i + 1);
      } else {
        sb.append("{\"pk\":\"k").append(i).append("\",\"v\":").append(i).append("}\n");
      }
    }
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, sb);
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().latency(Duration.ofMillis(20),
        Duration.ofMillis(40)).build());
    String[] a = args(table, input, "--max-errors", "4").toArray(new String[0]);

    int[] exits = new int[3];
    long[] rejectedInSummary = new long[3];
    long[] aborted = new long[3];
    for (int run = 0; run < 3; run++) {
      CliRunner.Run r = CliRunner.run(a);
      exits[run] = r.exitCode();
      rejectedInSummary[run] = report().get("rejected").asLong();
      List<JsonNode> lines = rejects(dir.resolve("rejects.jsonl"));
      assertThat(rejectedInSummary[run]).as("run %d: the summary counts the file's lines%n%s", run, r)
          .isEqualTo(lines.size());
      assertThat(r.out()).contains(String.format("rejected       %,d", lines.size()));
      assertThat(lines.stream().map(l -> l.get("index").asLong()).distinct().count()).as("run %d: no record twice", run)
          .isEqualTo(lines.size());
      assertAccounting(report(), -1);
      aborted[run] = lines.stream().filter(l -> l.get("reason").asText().equals("ABORTED")).count();
    }

    assertThat(exits).containsExactly(3, 3, 1);
    // The stopped runs did leave ABORTED lines, which the next run dropped.
    assertThat(aborted[0]).isPositive();
    assertThat(aborted[1]).isPositive();
    assertThat(aborted[2]).isZero();
    assertTableHoldsTheGoodRecordsOf(table, records);
    List<JsonNode> lines = rejects(dir.resolve("rejects.jsonl"));
    assertThat(lines).allSatisfy(l -> assertThat(l.get("reason").asText()).isEqualTo("MALFORMED"));
    assertThat(rejectedLines()).containsExactlyInAnyOrderElementsOf(bad);
    assertThat(report().get("rejectedEarlier").asLong()).isEqualTo(8);
  }

  private static void assertTableHoldsTheGoodRecordsOf(String table, int records) {
    Map<String, Object> items = Items.scan(client, table, "pk");
    int good = 0;
    for (int i = 0; i < records; i++) {
      if (i % 1000 != 500) {
        good++;
        assertThat(items.get("k" + i)).as("k" + i).isNotNull();
      }
    }
    assertThat(items).hasSize(good);
  }
}
