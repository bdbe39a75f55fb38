package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rate control end to end: loads through a FaultProxy in front of DynamoDB Local, with the fault
 * mixes that collapsed the former rate control, each checked against the table (exactly the
 * input), the rejects (none, but keys never processed) and a stall bound: five times the clean
 * load's time, measured in the same class (a behaviour, not a benchmark). And a provisioned
 * budget the proxy's capacity model enforces, which the load must use at 85-100 % once
 * converged. Fixed seeds, {@code --max-attempts 30 --backoff-max 1s} as the issue measured.
 */
class RateControlIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 20_000;

  @TempDir
  static Path shared;
  private static Path input;
  private static double cleanSeconds;

  @TempDir
  Path dir;
  private FaultProxy proxy;

  @BeforeAll
  static void cleanLoad() throws IOException {
    input = jsonLines(shared.resolve("in.jsonl"), RECORDS, 0);
    try (FaultProxy clean = FaultProxy.start(dynamo.endpoint(), FaultRules.none())) {
      // Once to warm the JVM up, once to measure.
      run(clean, newTable("warm"), shared, "--max-attempts", "30");
      long start = System.nanoTime();
      CliRunner.Run run = run(clean, newTable("clean"), shared, "--max-attempts", "30");
      cleanSeconds = (System.nanoTime() - start) / 1e9;
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
  }

  /**
   * A stall bound, not a timing: five times the clean load plus 20 s for a machine busy with other
   * work. A load held near zero (the failure this guards) takes hours for these records.
   */
  private static double stallBound() {
    return 5 * cleanSeconds + 20;
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  static Stream<Arguments> mixes() {
    return Stream.of(
        Arguments.of("20 % unprocessed", FaultRules.builder().seed(21).holdBackRate(0.2)),
        Arguments.of("30 % unprocessed", FaultRules.builder().seed(22).holdBackRate(0.3)),
        Arguments.of("10 % of calls throttled", FaultRules.builder().seed(23).throttleRate(0.1)),
        Arguments.of("10 % throttled, 30 % unprocessed, 2 % HTTP 500, 1 % resets, 10 ms jitter",
            FaultRules.builder().seed(24).throttleRate(0.1).holdBackRate(0.3).http500Rate(0.02).dropRate(0.01)
                .latency(Duration.ZERO, Duration.ofMillis(10))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mixes")
  void randomFaultsNeitherStallTheLoadNorLoseARecord(String name, FaultRules.Builder rules) throws IOException {
    proxy = FaultProxy.start(dynamo.endpoint(), rules.build());
    String table = newTable("mix");

    long start = System.nanoTime();
    CliRunner.Run run = run(proxy, table, dir, "--max-attempts", "30", "--backoff-max", "1s");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(rejects()).isEmpty();
    assertTableHoldsTheInput(table, Set.of());
    assertThat(seconds).as("seconds against %.1f s clean", cleanSeconds).isLessThan(stallBound());
    JsonNode report = report();
    assertThat(report.get("series")).isNotEmpty();
  }

  @Test
  void twoKeysNeverProcessedAreRejectedWithoutStallingTheRest() throws IOException {
    Set<String> poison = Set.of("k7", "k12345");
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(25).poisonKeys("pk", poison).build());
    String table = newTable("poison");

    long start = System.nanoTime();
    CliRunner.Run run = run(proxy, table, dir, "--max-attempts", "10", "--backoff-max", "1s");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(rejects()).extracting(r -> JSON.readTree(r.get("record").asText()).get("pk").asText())
        .containsExactlyInAnyOrderElementsOf(poison);
    assertTableHoldsTheInput(table, poison);
    assertThat(seconds).as("seconds against %.1f s clean", cleanSeconds).isLessThan(stallBound());
  }

  @Test
  void aProvisionedBudgetIsUsedAt85To100PercentOnceConverged() throws IOException {
    // 500 WCU/s with 2 s of saved capacity (starting full); 600 B items cost 1 WCU each, so the
    // 12,000 take about 24 s; the loader alone writes several thousand a second.
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().seed(26)
        .capacity(CapacitySpec.provisioned(500).burstSeconds(2)).build());
    String table = newTable("budget");
    Path in = jsonLines(dir.resolve("budget.jsonl"), 12_000, 600);

    CliRunner.Run run = CliRunner.run(args(proxy, table, dir, "--max-attempts", "30", "--backoff-max", "1s",
        in.toString()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "pk")).hasSize(12_000);
    FaultStats stats = proxy.counters().snapshot();
    List<Double> perSecond = stats.wcuPerSecond();
    int first = 0;
    while (perSecond.get(first) == 0) {
      first++;
    }
    // Converged 8 s after the first write (the saved capacity, the first cut and probe), until
    // 95 % of the items are in (then the last resends trickle in after their backoff).
    int end = first;
    for (double sum = 0; sum < 0.95 * 12_000; end++) {
      sum += perSecond.get(end);
    }
    assertThat(end - first).as("seconds the load took: %s", perSecond).isGreaterThan(16);
    // At most what the table lets through: the rate, plus the 1,000 units it can save up.
    int seconds = end - first - 8;
    assertThat(stats.averageWcuPerSecond(first + 8, end)).as("WCU/s after converging: %s", perSecond)
        .isBetween(425.0, 500 + 1000.0 / seconds);
    // The report shows the rate bound near the budget most of the time (at the end, with little
    // left to send, probes find room again).
    JsonNode series = report().get("series");
    long bound = 0;
    for (JsonNode second : series) {
      double limit = second.get("rateLimit").isNull() ? Double.POSITIVE_INFINITY : second.get("rateLimit").asDouble();
      bound += limit >= 300 && limit <= 600 ? 1 : 0;
    }
    assertThat(bound).as("seconds the rate limit was near the budget: %s", series).isGreaterThan(series.size() / 2);
  }

  private static CliRunner.Run run(FaultProxy proxy, String table, Path dir, String... more) {
    List<String> a = new ArrayList<>(List.of(more));
    a.add(input.toString());
    return CliRunner.run(args(proxy, table, dir, a.toArray(new String[0])));
  }

  private static String[] args(FaultProxy proxy, String table, Path dir, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", proxy.endpoint().toString(), "--table", table,
        "--create-table", "--key", "pk:S", "-q", "--state-dir", dir.resolve("state").toString(),
        "--report", dir.resolve("report.json").toString(), "--rejects", dir.resolve("rejects.jsonl").toString()));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private static Path jsonLines(Path file, int records, int padBytes) throws IOException {
    String pad = "x".repeat(padBytes);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < records; i++) {
      sb.append("{\"pk\":\"k").append(i).append("\",\"v\":").append(i);
      if (padBytes > 0) {
        sb.append(",\"pad\":\"").append(pad).append('"');
      }
      sb.append("}\n");
    }
    Files.writeString(file, sb);
    return file;
  }

  private void assertTableHoldsTheInput(String table, Set<String> missing) {
    Map<String, Object> actual = Items.scan(client, table, "pk");
    assertThat(actual).hasSize(RECORDS - missing.size());
    for (int i = 0; i < RECORDS; i++) {
      String key = "k" + i;
      if (missing.contains(key)) {
        assertThat(actual).doesNotContainKey(key);
      } else {
        assertThat(actual.get(key)).as(key).isNotNull();
        assertThat(actual.get(key).toString()).as(key).contains("v=N:" + i);
      }
    }
  }

  private List<JsonNode> rejects() throws IOException {
    Path file = dir.resolve("rejects.jsonl");
    return Files.exists(file) ? rejects(file) : List.of();
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }
}
