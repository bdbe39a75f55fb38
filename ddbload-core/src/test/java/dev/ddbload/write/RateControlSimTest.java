package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.testkit.fault.CapacitySpec;
import dev.ddbload.testkit.fault.DynamoModel;
import dev.ddbload.testkit.fault.FaultRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rate controller, the in-flight limit and the real writer against the testkit's capacity
 * model on simulated time (no thread sleeps, no HTTP): throttling that answers to the rate is
 * converged on, throttling that does not costs no throughput, and capacity that grows is found
 * within 30 s. Everything is seeded: each run is the same every time. The server behind the
 * model writes so many items a second in turn, so a run without limits is bound by latency and
 * concurrency, as against DynamoDB Local.
 */
class RateControlSimTest {

  /** Items a second the simulated server writes: the clean load's bound. */
  private static final double SERVER = 1000;
  private static final int MINUTES = 10 * 60;
  private static double clean;

  private static DynamoModel.Builder model(FaultRules.Builder rules, CapacitySpec capacity) {
    return DynamoModel.builder().rules(rules.latency(Duration.ofMillis(2), Duration.ofMillis(4)).build())
        .capacity(capacity);
  }

  @BeforeAll
  static void cleanRun() throws InterruptedException {
    WriterSim sim = new WriterSim(model(FaultRules.builder().seed(1), CapacitySpec.unlimited())).server(SERVER);
    sim.run(300);
    clean = sim.writtenRate(10, 300);
    assertThat(clean).as("records per second of the clean run").isGreaterThan(0.9 * SERVER);
    assertThat(sim.unboundSeconds(0, 300)).isEqualTo(300);
  }

  @Test
  void convergesOnAProvisionedBudgetOnceItsBurstIsSpent() throws InterruptedException {
    // 1,000 WCU/s with 60 s of saved capacity, 2 KB items (2 WCU): the loader could write 2,000.
    WriterSim sim = new WriterSim(model(FaultRules.builder().seed(7),
        CapacitySpec.provisioned(1000).burstSeconds(60))).server(SERVER).itemBytes(2000);

    sim.run(MINUTES);

    int spent = burstSpent(sim);
    assertThat(spent).as("second the burst ran out").isBetween(10, 60);
    int from = spent + 15;
    assertThat(sim.consumedRate(from, MINUTES)).as("WCU/s from %d on", from).isBetween(900.0, 1005.0);
    // Probes spend what running just under the budget saves up: a minute may use a little more.
    for (int start = from; start + 60 <= MINUTES; start += 60) {
      assertThat(sim.consumedRate(start, start + 60)).as("WCU/s over %d..%d", start, start + 60)
          .isBetween(850.0, 1030.0);
      assertThat(sim.client().throttledCallShare(start, start + 60)).as("calls throttled over %d..%d", start,
          start + 60).isLessThanOrEqualTo(0.05);
      assertThat(sim.client().unprocessedItemShare(start, start + 60)).as("items refused over %d..%d", start,
          start + 60).isLessThanOrEqualTo(0.05);
    }
  }

  @Test
  void findsABudgetDoubledMidLoadWithin30Seconds() throws InterruptedException {
    WriterSim sim = new WriterSim(model(FaultRules.builder().seed(9),
        CapacitySpec.provisioned(1000).burstSeconds(60))).server(SERVER).itemBytes(2000);
    sim.at(150, () -> sim.model.setWriteCapacity(WriterSim.TABLE, 2000));

    sim.run(300);

    assertThat(sim.consumedRate(90, 150)).isBetween(850.0, 1030.0);
    assertThat(sim.consumedRate(180, 210)).as("WCU/s 30 to 60 s after the doubling").isBetween(1700.0, 2060.0);
    assertThat(sim.consumedRate(210, 300)).isBetween(1700.0, 2060.0);
    assertThat(sim.client().throttledCallShare(180, 300)).isLessThanOrEqualTo(0.05);
  }

  static Stream<Arguments> noise() {
    return Stream.of(
        Arguments.of("20 % unprocessed", FaultRules.builder().seed(2).holdBackRate(0.2)),
        Arguments.of("30 % unprocessed", FaultRules.builder().seed(3).holdBackRate(0.3)),
        Arguments.of("10 % of calls throttled", FaultRules.builder().seed(4).throttleRate(0.1)),
        Arguments.of("the full mix", FaultRules.builder().seed(5).throttleRate(0.1).holdBackRate(0.3)
            .http500Rate(0.02).dropRate(0.01).latency(Duration.ofMillis(2), Duration.ofMillis(12))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noise")
  void randomFaultsCostNoThroughputAndBindTheRateForAMomentAtMost(String name, FaultRules.Builder faults)
      throws InterruptedException {
    WriterSim sim = new WriterSim(DynamoModel.builder().rules(faults.build())).server(SERVER);

    sim.run(MINUTES);

    assertThat(sim.writtenRate(10, MINUTES)).as("records/s against %.0f clean", clean)
        .isGreaterThan(0.95 * clean);
    // The first throttling seen is tried against two lower rates (a cut, then a deeper one to
    // confirm): a few seconds at most.
    assertThat(sim.unboundSeconds(0, MINUTES)).as("seconds the rate was not bound").isGreaterThan(MINUTES - 15);
  }

  @Test
  void aFewKeysThatAreNeverProcessedAreRejectedAndCostNothingElse() throws InterruptedException {
    WriterSim sim = new WriterSim(model(FaultRules.builder().seed(6).poisonKeys("pk", Set.of("k7", "k20000")),
        CapacitySpec.unlimited())).server(SERVER).maxAttempts(10);

    sim.run(MINUTES);

    assertThat(sim.rejected()).containsExactlyInAnyOrder("k7", "k20000");
    assertThat(sim.writtenRate(10, MINUTES)).isGreaterThan(0.95 * clean);
    assertThat(sim.unboundSeconds(0, MINUTES)).isEqualTo(MINUTES);
  }

  @Test
  void aHotPartitionIsConvergedOnLikeALimit() throws InterruptedException {
    // Eight partitions of 500 WCU/s, but every other key lands on partition 0: the load can
    // write about 1,000 items a second, the rest waiting behind the hot partition's.
    CapacitySpec spec = CapacitySpec.unlimited().partitions(8, 500);
    HotKeys hot = new HotKeys(spec);
    WriterSim sim = new WriterSim(model(FaultRules.builder().seed(10), spec)).server(4 * SERVER)
        .keys(n -> n % 2 == 0 ? hot.next() : "k" + n);

    sim.run(MINUTES);

    assertThat(sim.writtenRate(60, MINUTES)).isBetween(0.85 * 1000, 1000 * 1.02);
    assertThat(sim.client().throttledCallShare(60, MINUTES)).isLessThanOrEqualTo(0.05);
  }

  @Test
  void followsAnOnDemandTableAsItScales() throws InterruptedException {
    // Twice a previous peak of 250 WCU/s at first; each 30 s held above the peak doubles it, up to
    // what the server writes (4,000 items a second).
    WriterSim sim = new WriterSim(model(FaultRules.builder().seed(11), CapacitySpec.onDemand(250)))
        .server(4 * SERVER);
    List<Double> limit = new ArrayList<>();
    sim.everySecond(s -> limit.add(2 * sim.model.capacityOf(WriterSim.TABLE).previousPeakWcu()));

    sim.run(MINUTES);

    assertThat(limit.get(limit.size() - 1)).as("the table scaled").isGreaterThanOrEqualTo(4 * SERVER);
    int changed = 0;
    for (int s = 1; s + 10 < limit.size(); s++) {
      if (!limit.get(s).equals(limit.get(s - 1))) {
        changed = s;
      }
      if (s >= changed + 30) {
        double target = Math.min(limit.get(s), 4 * SERVER);
        assertThat(sim.consumedRate(s, s + 10)).as("WCU/s %d..%d, limit %.0f since %d", s, s + 10, limit.get(s),
            changed).isGreaterThan(0.85 * target);
      }
    }
  }

  /** The second the model first refused items for the table's capacity. */
  private static int burstSpent(WriterSim sim) {
    List<Double> refused = sim.model.stats().refusedWcuPerSecond();
    for (int s = 0; s < refused.size(); s++) {
      if (refused.get(s) > 0) {
        return s;
      }
    }
    throw new AssertionError("the budget never refused anything");
  }

  /** Distinct keys that all hash to partition 0. */
  private static final class HotKeys {
    private final CapacitySpec spec;
    private int next;

    HotKeys(CapacitySpec spec) {
      this.spec = spec;
    }

    String next() {
      String key;
      do {
        key = "h" + next++;
      } while (spec.partitionOf(key) != 0);
      return key;
    }
  }
}
