package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet through the CLI as a user runs it ({@code bin/ddbload}, whose class path has no
 * Hadoop): killed with SIGKILL inside a Parquet file and resumed by row group and row, with the
 * table exact, each rejected row once and what a resume sends again about one checkpoint
 * interval; and a file of large row groups, larger than the heap, read under a small heap.
 */
class ParquetResumeIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message row { required binary pk (STRING); required int64 v; optional double d; optional binary pad (STRING); }");
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

  /** Rows k0.. with v = i; every 1,777th row's d is NaN (a reject); returns their indexes. */
  private static List<Long> write(Path file, int rows, int rowGroupBytes, int padBytes) throws IOException {
    List<Long> bad = new ArrayList<>();
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    SplittableRandom random = new SplittableRandom(7);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize((long) rowGroupBytes).build()) {
      for (int i = 0; i < rows; i++) {
        StringBuilder pad = new StringBuilder(padBytes);
        for (int c = 0; c < padBytes; c++) {
          pad.append((char) ('a' + random.nextInt(26))); // incompressible enough
        }
        boolean nan = i % 1777 == 1000;
        if (nan) {
          bad.add((long) i);
        }
        w.write(groups.newGroup().append("pk", "k" + i).append("v", (long) i).append("d", nan ? Double.NaN : i / 2.0)
            .append("pad", pad.toString()));
      }
    }
    return bad;
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

  @Test
  void sigkillInsideAParquetFileThenResumingLoadsEveryRowOnce() throws Exception {
    String table = newTable("parquet_resume");
    int rows = 30_000;
    Path input = dir.resolve("in.parquet");
    List<Long> bad = write(input, rows, 256 * 1024, 60);
    long fileBytes = Files.size(input);
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(11)
        .latency(Duration.ofMillis(20), Duration.ofMillis(40)).build());
    SplittableRandom random = new SplittableRandom(2026);

    for (int kill = 0; kill < 2; kill++) {
      FaultStats before = proxy.counters().snapshot();
      Process p = launch(dir, args(table, input));
      FaultStats started = awaitItems(before, 1, p);
      long startedAt = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(1500 + random.nextInt(1500));
      assertThat(p.isAlive()).as("the load was still running when killed: %s", launchedOutput(dir)).isTrue();
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
      p.waitFor(30, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - startedAt) / 1e9;
      FaultStats after = proxy.counters().snapshot();
      long resent = (after.itemsReceived() - before.itemsReceived()) - (after.distinctKeys() - before.distinctKeys());
      double rate = (after.itemsReceived() - started.itemsReceived()) / seconds;
      long bound = Math.round(rate * 1.5) + 2L * CONCURRENCY * 25;
      assertThat(resent).as("run %d re-sent %d rows at %.0f rows/s", kill, resent, rate).isLessThanOrEqualTo(bound);
      assertThat(after.distinctKeys() - before.distinctKeys()).as("run %d made progress", kill).isPositive();
    }
    FaultStats before = proxy.counters().snapshot();
    Process last = launch(dir, args(table, input));
    assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();

    assertThat(last.exitValue()).as(launchedOutput(dir)).isEqualTo(1); // done, with rejects
    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    assertThat(report.get("skipped").asLong()).isPositive();
    // The row groups finished before are not read again.
    assertThat(report.get("bytesRead").asLong()).isLessThan(fileBytes);
    Map<String, Object> items = Items.scan(client, table, "pk");
    assertThat(items).hasSize(rows - bad.size());
    for (int i = 0; i < rows; i += 997) {
      if (!bad.contains((long) i)) {
        assertThat(items.get("k" + i).toString()).as("k" + i).contains("v=N:" + i);
      }
    }
    List<Long> rejected = new ArrayList<>();
    for (JsonNode r : rejects(dir.resolve("rejects.jsonl"))) {
      assertThat(r.get("reason").asText()).isEqualTo("BAD_NUMBER");
      rejected.add(r.get("index").asLong());
    }
    assertThat(rejected).containsExactlyInAnyOrderElementsOf(bad);
    FaultStats after = proxy.counters().snapshot();
    assertThat(after.distinctKeys()).isEqualTo(rows - bad.size());
    assertThat(after.itemsReceived() - before.itemsReceived()).as("the last run sent only what was left")
        .isLessThan(rows - bad.size());
  }

  @Test
  void aFileOfLargeRowGroupsLargerThanTheHeapIsReadARowGroupAtATime() throws Exception {
    String table = newTable("parquet_heap");
    Path input = dir.resolve("big.parquet");
    // About 24 MB row groups, 120 MB in all; the JVM below has a 96 MB heap.
    write(input, 30_000, 24 << 20, 4000);
    assertThat(Files.size(input)).isGreaterThan(110L << 20);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("user.dir")).getParent().resolve("bin/ddbload").toString());
    command.addAll(List.of("load", "--endpoint-url", dynamo.endpoint().toString(), "--table", table,
        "--create-table", "--key", "pk:S", "--dry-run", "-q", "--report", dir.resolve("heap.json").toString(),
        input.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("heap.out").toFile()).redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
    pb.environment().put("DDBLOAD_JAVA_OPTS", "-XX:+UseSerialGC -Xmx96m");
    Process p = pb.start();

    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(dir.resolve("heap.out"));
    assertThat(output).doesNotContain("OutOfMemoryError");
    JsonNode report = JSON.readTree(dir.resolve("heap.json").toFile());
    assertThat(report.get("recordsRead").asLong()).as(output).isEqualTo(30_000);
  }
}
