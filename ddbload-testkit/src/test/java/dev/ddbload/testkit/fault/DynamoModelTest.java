package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ddbload.testkit.fault.CallOutcome.Fault;
import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link DynamoModel} on a simulated clock: a client that pushes a fixed demand in calls of
 * 25 items every few milliseconds, for minutes of simulated time, without HTTP.
 */
class DynamoModelTest {

  private static final String TABLE = "t";

  /** A clock the test moves by hand, in nanoseconds. */
  private static final class SimulatedClock {
    long nanos = 5_000_000_000L;

    void advanceMillis(long millis) {
      nanos += millis * 1_000_000L;
    }

    double seconds() {
      return nanos / 1e9;
    }
  }

  private final SimulatedClock clock = new SimulatedClock();

  private DynamoModel model(FaultRules rules, CapacitySpec capacity) {
    return DynamoModel.builder().rules(rules).capacity(capacity).ticker(() -> clock.nanos).build();
  }

  private static List<ModelItem> items(String prefix, int count) {
    List<ModelItem> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(ModelItem.of(prefix + i));
    }
    return items;
  }

  /** What a push let through: the units processed per call, with the time of the call. */
  private record Trace(List<Double> seconds, List<Double> units) {

    /** Units let through in calls at times within {@code [from, to)}. */
    double between(double from, double to) {
      double sum = 0;
      for (int i = 0; i < seconds.size(); i++) {
        if (seconds.get(i) >= from && seconds.get(i) < to) {
          sum += units.get(i);
        }
      }
      return sum;
    }
  }

  /** Sends {@code perCall} one-WCU items every {@code everyMillis} for {@code duration}. */
  private Trace push(DynamoModel model, int perCall, int everyMillis, Duration duration) {
    List<Double> seconds = new ArrayList<>();
    List<Double> units = new ArrayList<>();
    long end = clock.nanos + duration.toNanos();
    int call = 0;
    while (clock.nanos < end) {
      CallOutcome out = model.batchWrite(TABLE, items("k" + (call++ % 1000) + "-", perCall));
      seconds.add(clock.seconds());
      units.add(out.consumedUnits());
      clock.advanceMillis(everyMillis);
    }
    return new Trace(seconds, units);
  }

  @Test
  void withoutCapacityOrFaultsEveryItemIsProcessed() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.unlimited());

    CallOutcome out = model.batchWrite(TABLE, List.of(new ModelItem("a", 3), ModelItem.of("b")));

    assertThat(out.fault()).isEqualTo(Fault.NONE);
    assertThat(out.items()).containsExactly(ItemResult.PROCESSED, ItemResult.PROCESSED);
    assertThat(out.consumedUnits()).isEqualTo(4.0);
    assertThat(out.unprocessedCount()).isZero();
    assertThat(model.stats().consumedWcu()).isEqualTo(4.0);
  }

  @Test
  void itemsOverTheCapacityComeBackAndACallOfWhichNoneFitsIsThrottled() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.provisioned(10).burstSeconds(1));

    CallOutcome first = model.batchWrite(TABLE, items("k", 25));
    CallOutcome second = model.batchWrite(TABLE, items("x", 5));

    assertThat(first.fault()).isEqualTo(Fault.NONE);
    assertThat(first.processedCount()).isEqualTo(10);
    assertThat(first.items().subList(10, 25)).containsOnly(ItemResult.TABLE_CAPACITY);
    assertThat(first.unprocessedCount()).isEqualTo(15);
    assertThat(second.fault()).isEqualTo(Fault.THROTTLE);
    assertThat(second.isCapacityThrottle()).isTrue();
    assertThat(second.consumedUnits()).isZero();
    FaultStats stats = model.stats();
    assertThat(stats.throttled()).isEqualTo(1);
    assertThat(stats.capacityThrottled()).isEqualTo(1);
    assertThat(stats.items(ItemResult.TABLE_CAPACITY)).isEqualTo(20);
    assertThat(stats.itemsHeldBack()).isEqualTo(15);
    assertThat(stats.refusedWcuPerSecond().get(0)).isEqualTo(20.0);
  }

  @Test
  void burstSavedWhileIdleIsSpendableThenTheSteadyRateHolds() {
    double rate = 200;
    double burst = 60 * rate;
    DynamoModel model = model(FaultRules.none(), CapacitySpec.provisioned(rate).burstSeconds(60).startEmpty());
    assertThat(model.batchWrite(TABLE, items("k", 1)).fault()).as("an empty bucket").isEqualTo(Fault.THROTTLE);

    clock.advanceMillis(90_000); // idle for longer than the burst
    double start = clock.seconds();
    Trace trace = push(model, 25, 10, Duration.ofMinutes(3)); // 2,500 WCU/s asked

    // The burst is spent in the first seconds: 60 s of the rate beyond the rate itself.
    assertThat(trace.between(start, start + 6)).isCloseTo(burst + 6 * rate, within(2 * 25.0));
    // Over any interval: the rate times its length, within one burst and one item.
    for (double from = start; from < start + 170; from += 7) {
      for (double length : new double[] {1, 5, 30, 100}) {
        if (from + length > start + 180) {
          continue;
        }
        double through = trace.between(from, from + length);
        assertThat(through).as("from %.0f for %.0f s", from - start, length)
            .isLessThanOrEqualTo(rate * length + burst + 1)
            .isGreaterThanOrEqualTo(from >= start + 6 ? rate * length - 1 - 25 : 0);
      }
    }
  }

  @Test
  void aSmallBurstKeepsTheRateSteadyFromTheStart() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.provisioned(1_000).burstSeconds(0.1));

    push(model, 25, 5, Duration.ofSeconds(20)); // 5,000 WCU/s asked

    List<Double> perSecond = model.stats().wcuPerSecond();
    for (int s = 1; s < 20; s++) {
      assertThat(perSecond.get(s)).as("second %d", s).isCloseTo(1_000, within(30.0));
    }
  }

  @Test
  void aHotKeyIsHeldToItsPartitionsLimitWhileOtherPartitionsPass() {
    CapacitySpec spec = CapacitySpec.provisioned(40_000).partitions(8, 1_000);
    DynamoModel model = model(FaultRules.none(), spec);
    int hotPartition = spec.partitionOf("hot");
    List<ModelItem> cold = new ArrayList<>();
    for (int i = 0; cold.size() < 20; i++) {
      if (spec.partitionOf("c" + i) != hotPartition) {
        cold.add(ModelItem.of("c" + i));
      }
    }
    long hot = 0;
    long hotRefused = 0;
    long coldRefused = 0;

    for (int call = 0; call < 6_000; call++) { // 60 s, a call every 10 ms
      List<ModelItem> items = new ArrayList<>(cold);
      for (int i = 0; i < 5; i++) {
        items.add(ModelItem.of("hot")); // 500 calls of the hot key per second, 5 per call
      }
      items.add(new ModelItem("hot", 10)); // and 1,000 WCU/s more in one large item
      CallOutcome out = model.batchWrite(TABLE, items);
      for (int i = 0; i < items.size(); i++) {
        ItemResult r = out.items().get(i);
        if (i < cold.size()) {
          coldRefused += r == ItemResult.PROCESSED ? 0 : 1;
        } else if (r == ItemResult.PROCESSED) {
          hot += (long) items.get(i).writeUnits();
        } else {
          assertThat(r).isEqualTo(ItemResult.PARTITION_LIMIT);
          hotRefused++;
        }
      }
      clock.advanceMillis(10);
    }

    assertThat(coldRefused).isZero();
    assertThat(hotRefused).isPositive();
    // 1,000 WCU/s for 60 s, the partition's 1 s of burst, one item of debt.
    assertThat(hot).isBetween(60_000L - 10, 61_000L + 10);
    assertThat(model.stats().items(ItemResult.PARTITION_LIMIT)).isEqualTo(hotRefused);
  }

  @Test
  void onDemandPassesTwiceThePeakAtOnceAndMoreOnceScaled() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.onDemand(1_000).scaleAfter(Duration.ofSeconds(10)));

    // Up to twice the previous peak: nothing refused.
    push(model, 19, 10, Duration.ofSeconds(4)); // 1,900 WCU/s
    assertThat(model.stats().items(ItemResult.ON_DEMAND_SCALING)).isZero();

    // Beyond it: throttled to twice the peak until it has scaled.
    long before = model.stats().items(ItemResult.ON_DEMAND_SCALING);
    push(model, 30, 10, Duration.ofSeconds(5)); // 3,000 WCU/s
    FaultStats during = model.stats();
    assertThat(during.items(ItemResult.ON_DEMAND_SCALING)).isGreaterThan(before);
    assertThat(during.averageWcuPerSecond(6, 9)).isCloseTo(2_000, within(40.0));

    // Ten seconds above the old peak make the least of them the new peak.
    push(model, 30, 10, Duration.ofSeconds(3));
    long settled = model.stats().items(ItemResult.ON_DEMAND_SCALING);
    assertThat(model.capacityOf(TABLE).previousPeakWcu()).isGreaterThanOrEqualTo(1_900);
    push(model, 30, 10, Duration.ofSeconds(10));
    FaultStats after = model.stats();
    assertThat(after.items(ItemResult.ON_DEMAND_SCALING)).isEqualTo(settled);
    assertThat(after.averageWcuPerSecond(14, 22)).isCloseTo(3_000, within(1.0));
  }

  @Test
  void onDemandThrottledAtTwiceThePeakDoublesItAfterTheScaleDelay() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.onDemand(500).scaleAfter(Duration.ofSeconds(20)));

    push(model, 25, 5, Duration.ofSeconds(19)); // 5,000 WCU/s asked, 1,000 allowed
    assertThat(model.capacityOf(TABLE).previousPeakWcu()).isEqualTo(500);
    push(model, 25, 5, Duration.ofSeconds(3));

    assertThat(model.capacityOf(TABLE).previousPeakWcu()).isCloseTo(1_000, within(15.0));
    push(model, 25, 5, Duration.ofSeconds(25));
    assertThat(model.capacityOf(TABLE).previousPeakWcu()).isCloseTo(2_000, within(30.0));
  }

  @Test
  void raisingTheCapacityMidRunRaisesTheRateAtOnce() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.provisioned(1_000).burstSeconds(1));

    push(model, 25, 5, Duration.ofSeconds(20));
    model.setWriteCapacity(TABLE, 2_000);
    push(model, 25, 5, Duration.ofSeconds(20));

    FaultStats stats = model.stats();
    assertThat(stats.averageWcuPerSecond(2, 20)).isCloseTo(1_000, within(5.0));
    assertThat(stats.averageWcuPerSecond(21, 40)).isCloseTo(2_000, within(5.0));
    assertThat(model.capacityOf(TABLE).wcuPerSecond()).isEqualTo(2_000);
    assertThat(model.capacityOf(TABLE).burst()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void switchingToOnDemandTakesTheProvisionedRateAsThePeak() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.provisioned(300).partitions(4, 1_000));

    model.setOnDemand(TABLE);

    assertThat(model.capacityOf(TABLE).mode()).isEqualTo(CapacitySpec.Mode.ON_DEMAND);
    assertThat(model.capacityOf(TABLE).previousPeakWcu()).isEqualTo(300);
    assertThat(model.capacityOf(TABLE).partitionCount()).isEqualTo(4);
    assertThat(model.capacityOf("other").mode()).isEqualTo(CapacitySpec.Mode.PROVISIONED);
  }

  @Test
  void theSameSeedAndCallsGiveTheSameOutcomes() {
    FaultRules rules = FaultRules.builder().seed(17).throttleRate(0.05).http500Rate(0.02).holdBackRate(0.2)
        .latency(Duration.ofMillis(1), Duration.ofMillis(30)).build();
    CapacitySpec spec = CapacitySpec.onDemand(800).scaleAfter(Duration.ofSeconds(5)).partitions(4, 500);
    List<CallOutcome> first = new ArrayList<>();
    List<CallOutcome> second = new ArrayList<>();

    for (List<CallOutcome> run : List.of(first, second)) {
      clock.nanos = 0;
      DynamoModel model = model(rules, spec);
      for (int call = 0; call < 3_000; call++) {
        run.add(model.batchWrite(TABLE, items("k" + call % 97 + "-", 5 + call % 21)));
        clock.advanceMillis(2 + call % 3);
      }
    }

    assertThat(second).isEqualTo(first);
    assertThat(first).extracting(CallOutcome::fault).contains(Fault.NONE, Fault.THROTTLE, Fault.HTTP_500);
    assertThat(first).flatExtracting(CallOutcome::items)
        .contains(ItemResult.HELD_BACK, ItemResult.ON_DEMAND_SCALING, ItemResult.PARTITION_LIMIT);
  }

  @Test
  void randomFaultsKeepTheirRatesOnTopOfABindingCapacity() {
    FaultRules rules = FaultRules.builder().seed(3).throttleRate(0.1).http500Rate(0.02).dropRate(0.01)
        .holdBackRate(0.3).build();
    DynamoModel model = model(rules, CapacitySpec.provisioned(1_000).burstSeconds(1));

    push(model, 25, 5, Duration.ofMinutes(10)); // 5,000 WCU/s asked: the capacity binds

    FaultStats stats = model.stats();
    double calls = stats.batchWrites();
    assertThat((stats.throttled() - stats.capacityThrottled()) / calls).isCloseTo(0.1, within(0.01));
    assertThat(stats.http500() / calls).isCloseTo(0.02, within(0.005));
    assertThat(stats.dropped() / calls).isCloseTo(0.01, within(0.005));
    double drawn = stats.itemsReceived() - stats.items(ItemResult.CALL_FAILED);
    assertThat(stats.items(ItemResult.HELD_BACK) / drawn).isCloseTo(0.3, within(0.01));
    assertThat(stats.averageWcuPerSecond(1, 599)).isCloseTo(1_000, within(5.0));
    long sum = 0;
    for (ItemResult r : ItemResult.values()) {
      sum += stats.items(r);
    }
    assertThat(sum).isEqualTo(stats.itemsReceived());
  }

  @Test
  void poisonAndInvalidKeysAreMatchedOnThePartitionKey() {
    FaultRules rules = FaultRules.builder().poisonKeys("pk", Set.of("p")).invalidKeys(Set.of("bad")).build();
    DynamoModel model = model(rules, CapacitySpec.unlimited());

    CallOutcome poisoned = model.batchWrite(TABLE, List.of(ModelItem.of("a"), ModelItem.of("p")));
    CallOutcome invalid = model.batchWrite(TABLE, List.of(ModelItem.of("a"), ModelItem.of("bad")));

    assertThat(poisoned.items()).containsExactly(ItemResult.PROCESSED, ItemResult.POISON);
    assertThat(invalid.fault()).isEqualTo(Fault.VALIDATION);
    assertThat(invalid.items()).containsOnly(ItemResult.CALL_FAILED);
    assertThat(model.stats().validationFailures()).isEqualTo(1);
  }

  @Test
  void aSingleWriteIsDecidedAsACallOfOneItemAndCountedApart() {
    DynamoModel model = model(FaultRules.none(), CapacitySpec.provisioned(10).burst(Duration.ofSeconds(1)));

    CallOutcome first = model.singleWrite(TABLE, new ModelItem("a", 10));
    CallOutcome second = model.singleWrite(TABLE, ModelItem.of("b"));
    clock.advanceMillis(100);
    CallOutcome third = model.singleWrite(TABLE, ModelItem.of("c"));

    assertThat(first.fault()).isEqualTo(Fault.NONE);
    assertThat(first.consumedUnits()).isEqualTo(10.0);
    assertThat(second.fault()).as("no units left: throttled whole").isEqualTo(Fault.THROTTLE);
    assertThat(second.isCapacityThrottle()).isTrue();
    assertThat(third.isProcessed(0)).as("one unit saved up in 100 ms").isTrue();
    FaultStats stats = model.stats();
    assertThat(stats.singleWrites()).isEqualTo(3);
    assertThat(stats.batchWrites()).isZero();
    assertThat(stats.singleWritesForwarded()).isEqualTo(2);
    assertThat(stats.itemsReceived()).as("BatchWriteItem's items only").isZero();
    assertThat(stats.capacityThrottled()).isEqualTo(1);
    assertThat(stats.consumedWcu()).isEqualTo(11.0);
  }

  @Test
  void aHeldBackOrPoisonSingleWriteIsNotProcessedAndNotAFault() {
    DynamoModel heldBack = model(FaultRules.builder().holdBackRate(1.0).build(), CapacitySpec.unlimited());
    DynamoModel poisoned = model(FaultRules.builder().poisonKeys("pk", Set.of("p")).build(), CapacitySpec.unlimited());

    CallOutcome held = heldBack.singleWrite(TABLE, ModelItem.of("a"));
    CallOutcome poison = poisoned.singleWrite(TABLE, ModelItem.of("p"));
    CallOutcome fine = poisoned.singleWrite(TABLE, ModelItem.of("q"));

    assertThat(held.fault()).isEqualTo(Fault.NONE);
    assertThat(held.items()).containsExactly(ItemResult.HELD_BACK);
    assertThat(poison.items()).containsExactly(ItemResult.POISON);
    assertThat(fine.items()).containsExactly(ItemResult.PROCESSED);
  }
}
