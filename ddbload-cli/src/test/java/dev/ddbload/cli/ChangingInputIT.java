package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local file that changes while it is loaded (truncated, grown, replaced) is one DAMAGED
 * reject naming it and the change; what was read before is loaded, nothing after; exit 5. The
 * load is slowed by a FaultProxy's latency, and the file is changed once the proxy has seen the
 * first writes, while the reader (held back by the writer) is far from the end.
 */
class ChangingInputIT extends LocalDynamoCli {

  private static final int RECORDS = 4_000;
  private static final String PAD = "p".repeat(270);

  @TempDir
  Path dir;

  private FaultProxy proxy;
  private Path input;
  private int lineBytes;

  @BeforeEach
  void writeInputAndStartProxy() throws IOException {
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().latency(Duration.ofMillis(20),
        Duration.ofMillis(40)).build());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < RECORDS; i++) {
      sb.append(line(i));
    }
    lineBytes = line(0).length();
    input = dir.resolve("in.jsonl");
    Files.writeString(input, sb.toString());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static String line(int i) {
    return String.format("{\"id\":\"r%05d\",\"pad\":\"%s\"}%n", i, PAD).replace("\r", "");
  }

  /** Starts the load, runs {@code change} once the first writes arrived, and returns the finished run. */
  private CliRunner.Run loadWhile(String table, Change change) throws Exception {
    CompletableFuture<CliRunner.Run> run = CompletableFuture.supplyAsync(() -> CliRunner.run("load",
        "--endpoint-url", proxy.endpoint().toString(), "--table", table, "-q", "--create-table", "--key", "id:S",
        "--concurrency", "2", "--shuffle-window", "100", "--no-checkpoint",
        "--rejects", dir.resolve("rejects.jsonl").toString(), "--report", dir.resolve("report.json").toString(),
        input.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (proxy.counters().snapshot().itemsReceived() < 300) {
      assertThat(System.nanoTime()).as("the load did not get going").isLessThan(deadline);
      assertThat(run.isDone()).as("the load ended before the change").isFalse();
      TimeUnit.MILLISECONDS.sleep(5);
    }
    change.run();
    return run.get(120, TimeUnit.SECONDS);
  }

  @FunctionalInterface
  private interface Change {
    void run() throws IOException;
  }

  /** Checks exit 5, the one DAMAGED reject at {@code index} naming the change, the table holding records 0 to index-1. */
  private JsonNode stopsWithOneDamagedReject(CliRunner.Run run, String table, int index, String change)
      throws IOException {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    List<JsonNode> rejects = rejects(dir.resolve("rejects.jsonl"));
    assertThat(rejects).hasSize(1);
    JsonNode reject = rejects.get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.get("source").asText()).isEqualTo(input.toString());
    assertThat(reject.get("index").asLong()).isEqualTo(index);
    assertThat(reject.get("message").asText()).startsWith(input + " " + change);
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < index; i++) {
      expected.add(String.format("r%05d", i));
    }
    assertThat(Items.scan(client, table, "id").keySet()).containsExactlyElementsOf(expected);
    JsonNode report = report(dir.resolve("report.json"));
    assertThat(report.get("status").asText()).isEqualTo("DAMAGED_INPUT");
    assertThat(report.get("damagedInputs").asLong()).isEqualTo(1);
    assertAccounting(report, (long) RECORDS * lineBytes);
    return report;
  }

  @Test
  void aFileTruncatedWhileItIsReadStopsWhereItEnds() throws Exception {
    String table = newTable("truncated");
    long cut = (long) RECORDS / 2 * lineBytes + 100; // in the middle of record 2,000

    CliRunner.Run run = loadWhile(table, () -> {
      try (FileChannel f = FileChannel.open(input, StandardOpenOption.WRITE)) {
        f.truncate(cut);
      }
    });

    JsonNode report = stopsWithOneDamagedReject(run, table, RECORDS / 2, String.format(
        "was truncated while it was read: it ended at byte %,d of the %,d it had when opened", cut,
        (long) RECORDS * lineBytes));
    assertThat(report.get("bytesUnread").asLong()).isEqualTo((long) RECORDS / 2 * lineBytes);
  }

  @Test
  void aFileGrownWhileItIsReadIsReadUpToTheSizeItHadWhenOpened() throws Exception {
    String table = newTable("grown");
    long size = Files.size(input);

    CliRunner.Run run = loadWhile(table, () -> Files.writeString(input, line(RECORDS) + line(RECORDS + 1),
        StandardOpenOption.APPEND));

    stopsWithOneDamagedReject(run, table, RECORDS, String.format("grew from %,d to %,d bytes while it was read",
        size, size + 2L * lineBytes));
  }

  @Test
  void aFileReplacedWhileItIsReadIsReadToTheEndOfTheVersionOpened() throws Exception {
    String table = newTable("replaced");
    Path other = dir.resolve("new.jsonl");
    Files.write(other, "{\"id\":\"new-1\"}\n".getBytes(StandardCharsets.UTF_8));

    CliRunner.Run run = loadWhile(table, () -> Files.move(other, input, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE));

    stopsWithOneDamagedReject(run, table, RECORDS, "was replaced by another file while it was read");
  }
}
