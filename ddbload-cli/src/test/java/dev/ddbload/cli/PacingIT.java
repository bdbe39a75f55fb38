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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write rate as DynamoDB sees it, measured by the FaultProxy in front of DynamoDB Local:
 * {@code --max-wcu} holds the consumed rate, and against a table that absorbs less than that
 * (the proxy's budget mode) the adaptive rate settles under the budget with little throttling.
 * The bounds are generous: these are behaviours, not benchmarks.
 */
class PacingIT extends LocalDynamoCli {

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

  /** Records of about {@code bytes} bytes each, keyed k0, k1, ... */
  private Path input(int records, int bytes) throws IOException {
    String pad = "x".repeat(bytes);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < records; i++) {
      sb.append("{\"pk\":\"k").append(i).append("\",\"pad\":\"").append(pad).append("\"}\n");
    }
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, sb);
    return file;
  }

  private String[] args(String table, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", proxy.endpoint().toString(), "--table", table,
        "--create-table", "--key", "pk:S", "-q", "--state-dir", dir.resolve("state").toString(),
        "--report", dir.resolve("report.json").toString(), "--rejects", dir.resolve("rejects.jsonl").toString()));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  /** The first whole second of the proxy's clock in which writes went through. */
  private static int firstBusySecond(FaultStats stats) {
    List<Double> perSecond = stats.wcuPerSecond();
    for (int i = 0; i < perSecond.size(); i++) {
      if (perSecond.get(i) > 0) {
        return i;
      }
    }
    throw new AssertionError("nothing was written: " + stats);
  }

  private void assertTableHolds(String table, int records) throws IOException {
    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("written").asLong()).isEqualTo(records);
    Map<String, Object> items = Items.scan(client, table, "pk");
    assertThat(items).hasSize(records);
  }

  @Test
  void maxWcuHoldsTheConsumedRateWithinTenPercent() throws IOException {
    String table = "pace_" + TABLES.incrementAndGet();
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none());
    // 600-byte puts cost 1 WCU each: 9,000 of them at 600 WCU/s take 15 s.
    Path in = input(9_000, 600);

    CliRunner.Run run = CliRunner.run(args(table, "--max-wcu", "600", in.toString()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertTableHolds(table, 9_000);
    FaultStats stats = proxy.counters().snapshot();
    int s0 = firstBusySecond(stats);
    // Two 5-second windows after the first second (the bucket's burst and the client's start).
    for (int from = s0 + 1; from + 5 <= s0 + 12; from += 5) {
      assertThat(stats.averageWcuPerSecond(from, from + 5)).as("WCU/s over seconds %d..%d of %s", from, from + 5,
          stats.wcuPerSecond()).isBetween(540.0, 660.0);
    }
  }

  @Test
  void adaptiveRateSettlesUnderABudgetLowerThanTheConfiguredRate() throws Exception {
    String table = "pace_" + TABLES.incrementAndGet();
    // The table absorbs 900 WCU/s, saving up at most a second of it (DynamoDB keeps up to 300 s);
    // the loader is allowed twice that. 2.5 KB puts cost 3 WCU.
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().wcuBudget(900)
        .budgetBurst(Duration.ofSeconds(1)).build());
    Path in = input(4_500, 2_500);

    CompletableFuture<CliRunner.Run> running = CompletableFuture.supplyAsync(() ->
        CliRunner.run(args(table, "--max-wcu", "1800", in.toString())));
    FaultStats early = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!running.isDone() && System.nanoTime() < deadline) {
      FaultStats now = proxy.counters().snapshot();
      if (early == null && now.itemsReceived() > 0) {
        // The first seconds: the rate starts at the configured 1,800 and must come down.
        TimeUnit.SECONDS.sleep(5);
        early = proxy.counters().snapshot();
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    CliRunner.Run run = running.get(10, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertTableHolds(table, 4_500);
    FaultStats end = proxy.counters().snapshot();
    assertThat(early).as("the load ran for more than 5 s").isNotNull();
    assertThat(early.itemsHeldBack() + early.throttled()).as("the budget was hit at first").isPositive();
    long calls = end.batchWrites() - early.batchWrites();
    long throttledCalls = end.throttled() + end.throttlingExceptions() - early.throttled() - early.throttlingExceptions();
    long items = end.itemsReceived() - early.itemsReceived();
    long heldBack = end.itemsHeldBack() - early.itemsHeldBack();
    assertThat(calls).isPositive();
    assertThat((double) throttledCalls / calls).as("throttled calls after the first seconds: %s", end)
        .isLessThan(0.05);
    assertThat((double) heldBack / items).as("items returned unprocessed after the first seconds: %s", end)
        .isLessThan(0.05);
    int s0 = firstBusySecond(end);
    int last = end.wcuPerSecond().size() - 1;
    assertThat(last - s0).as("seconds the load took").isGreaterThan(8);
    assertThat(end.averageWcuPerSecond(s0 + 5, last)).as("WCU/s after settling").isBetween(450.0, 945.0);
  }
}
