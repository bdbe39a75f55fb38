package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@link FaultProxy}'s capacity model through HTTP, seen by a plain SDK client (its retries
 * off) in front of DynamoDB Local. Rates are measured in sink mode, so that it is the proxy's
 * capacity and not how fast DynamoDB Local writes on a busy machine that decides them; other
 * requests (CreateTable, UpdateTable) still go through to DynamoDB Local. A rate is checked as
 * at least 85 % of the capacity, and at most the capacity plus what a full bucket and one call
 * add over the seconds measured (a pause of the pushing thread lets the bucket fill), so a busy
 * machine does not fail them.
 */
class FaultProxyCapacityIT extends FaultProxyFixture {

  private static final AtomicInteger TABLES = new AtomicInteger();

  /** A proxy with these rules, a client through it, and a fresh table created through it. */
  private String start(FaultRules rules, BillingMode billing) {
    startProxy(rules);
    String table = "cap_" + TABLES.incrementAndGet();
    client.createTable(b -> {
      b.tableName(table).billingMode(billing).keySchema(PK).attributeDefinitions(PK_TYPE);
      if (billing == BillingMode.PROVISIONED) {
        b.provisionedThroughput(p -> p.readCapacityUnits(10L).writeCapacityUnits(100L));
      }
    });
    return table;
  }

  private static FaultRules sinkWith(CapacitySpec capacity) {
    return FaultRules.builder().sink(Duration.ZERO).capacity(capacity).build();
  }

  @Test
  void budgetModeHoldsBackWhatIsOverTheBudgetBeforeForwarding() {
    String table = start(FaultRules.builder().wcuBudget(1).budgetBurst(Duration.ZERO).build(),
        BillingMode.PAY_PER_REQUEST);

    BatchWriteItemResponse first = write(table, puts(keys("k", 25)));
    DynamoDbException second = catchThrowableOfType(DynamoDbException.class, () -> write(table, puts("x")));

    // One unit of budget: one item, the rest unprocessed.
    Set<String> written = stored(table);
    assertThat(written).containsExactly("k0");
    assertThat(keysOf(first.unprocessedItems().get(table))).hasSize(24).doesNotContainAnyElementsOf(written);
    assertThat(second.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.throttled()).isEqualTo(1);
    assertThat(stats.capacityThrottled()).isEqualTo(1);
    assertThat(stats.consumedWcu()).isEqualTo(1.0);
    assertThat(stats.items(ItemResult.TABLE_CAPACITY)).isEqualTo(24 + 1);
  }

  @Test
  void budgetModeLetsThroughTheBudgetPerSecondAndFollowsUpdateTable() {
    // Half a second of burst absorbs pauses of the pushing thread.
    String table = start(sinkWith(CapacitySpec.provisioned(200).burst(Duration.ofMillis(500))),
        BillingMode.PROVISIONED);

    Push first = pushFor(table, Duration.ofSeconds(4));
    client.updateTable(b -> b.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(10L)
        .writeCapacityUnits(400L)));
    Push second = pushFor(table, Duration.ofSeconds(4));

    first.assertRate(1, 200, 100);
    second.assertRate(1, 400, 200);
    assertThat(direct.describeTable(b -> b.tableName(table)).table().provisionedThroughput().writeCapacityUnits())
        .isEqualTo(400L);
    assertThat(proxy.capacityOf(table).wcuPerSecond()).isEqualTo(400);
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.throttled() + stats.itemsHeldBack()).isPositive();
    assertThat(stored(table)).isEmpty();
  }

  @Test
  void savedUpCapacityIsSpentFirstThenTheRateHolds() {
    String table = start(sinkWith(CapacitySpec.provisioned(200).burstSeconds(3)), BillingMode.PAY_PER_REQUEST);

    Push push = pushFor(table, Duration.ofSeconds(7));

    // The bucket starts full: 600 units saved, spent first, then 200 per second. Without them at
    // most 200 × the proxy's age could pass, less than the lower bound.
    FaultStats stats = push.stats();
    double age = stats.elapsed().toNanos() / 1e9;
    assertThat(stats.consumedWcu()).as("per second: %s", stats.wcuPerSecond())
        .isBetween(600 + 0.85 * 200 * 6, 600 + 200 * age + 25);
    push.assertRate(3, 200, 600);
  }

  @Test
  void commandsChangeTheCapacityWhileRunning() {
    String table = start(sinkWith(CapacitySpec.provisioned(200).burst(Duration.ofMillis(500))),
        BillingMode.PAY_PER_REQUEST);
    ProxyConsole console = new ProxyConsole(proxy);

    Push before = pushFor(table, Duration.ofSeconds(4));
    String raised = console.answer("capacity " + table + " 400");
    Push after = pushFor(table, Duration.ofSeconds(4));

    assertThat(raised).isEqualTo("ok");
    before.assertRate(1, 200, 100);
    after.assertRate(1, 400, 200);
    assertThat(console.answer("show " + table)).isEqualTo("provisioned=400/s burst=0.5s");
    assertThat(console.answer("stats")).startsWith("requests=");
    assertThat(console.answer("capacity " + table + " lots")).startsWith("error");
    assertThat(console.answer("capacity " + table)).isEqualTo("error usage: capacity TABLE WCU");
    assertThat(console.answer("grow " + table)).startsWith("error unknown command grow");
    assertThat(console.answer("on-demand " + table + " 50")).isEqualTo("ok");
    assertThat(proxy.capacityOf(table)).isEqualTo(CapacitySpec.onDemand(50).burst(Duration.ofMillis(500)));
  }

  @Test
  void updateTableToPayPerRequestMakesTheTableOnDemandAtItsProvisionedRate() {
    String table = start(sinkWith(CapacitySpec.provisioned(100).burst(Duration.ofMillis(500))
        .scaleAfter(Duration.ofMinutes(10))), BillingMode.PROVISIONED);

    client.updateTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST));
    Push push = pushFor(table, Duration.ofSeconds(4));

    assertThat(proxy.capacityOf(table).mode()).isEqualTo(CapacitySpec.Mode.ON_DEMAND);
    assertThat(proxy.capacityOf(table).previousPeakWcu()).isEqualTo(100);
    // Twice the previous peak passes (its bucket saves 1 s); more is throttled while the table scales.
    push.assertRate(1, 200, 200);
    assertThat(push.stats().items(ItemResult.ON_DEMAND_SCALING)).isPositive();
    assertThat(direct.describeTable(b -> b.tableName(table)).table().billingModeSummary().billingMode())
        .isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  @Test
  void onDemandScalesOnceTrafficAboveThePeakIsSustained() {
    String table = start(sinkWith(CapacitySpec.onDemand(100).scaleAfter(Duration.ofSeconds(2))),
        BillingMode.PAY_PER_REQUEST);

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (proxy.capacityOf(table).previousPeakWcu() < 190 && System.nanoTime() < deadline) {
      pushFor(table, Duration.ofSeconds(1));
    }
    Push after = pushFor(table, Duration.ofSeconds(3));

    assertThat(proxy.capacityOf(table).previousPeakWcu()).as("the peak rose").isGreaterThanOrEqualTo(190);
    FaultStats stats = after.stats();
    assertThat(stats.items(ItemResult.ON_DEMAND_SCALING)).as("throttled above twice the peak").isPositive();
    assertThat(stats.wcuPerSecond().subList(after.from(), after.to()).stream().mapToDouble(Double::doubleValue)
        .max().orElse(0)).as("more than twice the first peak passed, in %s", stats.wcuPerSecond()).isGreaterThan(300);
  }

  @Test
  void aHotKeyIsHeldToItsPartitionWhileOtherKeysAreWritten() {
    CapacitySpec capacity = CapacitySpec.unlimited().partitions(4, 100);
    String table = start(FaultRules.builder().capacity(capacity).build(), BillingMode.PAY_PER_REQUEST);
    int hotPartition = capacity.partitionOf("hot");
    List<String> cold = new ArrayList<>();
    for (int i = 0; cold.size() < 150; i++) {
      if (capacity.partitionOf("c" + i) != hotPartition) {
        cold.add("c" + i);
      }
    }
    Set<String> unprocessed = new HashSet<>();
    int hotWritten = 0;
    long started = System.nanoTime();

    for (int call = 0; call < 30; call++) {
      List<WriteRequest> batch = new ArrayList<>(puts(cold.subList(5 * call, 5 * call + 5).toArray(new String[0])));
      batch.add(put("hot", 50_000)); // 49 WCU: about two a second pass a partition of 100 WCU/s
      Set<String> back = keysOf(write(table, batch).unprocessedItems().getOrDefault(table, List.of()));
      unprocessed.addAll(back);
      hotWritten += back.contains("hot") ? 0 : 1;
    }

    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(unprocessed).containsExactly("hot");
    assertThat(stored(table)).containsAll(cold).contains("hot");
    assertThat(hotWritten * 49.0).isLessThanOrEqualTo(100 * seconds + 100 + 49);
    assertThat(proxy.counters().snapshot().items(ItemResult.PARTITION_LIMIT)).isEqualTo(30 - hotWritten);
  }

  private BatchWriteItemResponse write(String table, List<WriteRequest> batch) {
    return client.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
  }

  /**
   * A push: the counters at its end and the whole seconds (since the proxy started) inside it.
   *
   * @param stats the counters at the end
   * @param from the first whole second that started after the push did
   * @param to the end of the last whole second inside it (exclusive)
   */
  private record Push(FaultStats stats, int from, int to) {

    /**
     * Asserts the mean WCU per second let through over the whole seconds of the push, the first
     * {@code skip} left out: at least 85 % of {@code rate}, at most {@code rate} plus a full
     * bucket of {@code bucketUnits} and one call of 25 units spread over those seconds.
     */
    void assertRate(int skip, double rate, double bucketUnits) {
      int seconds = to - from - skip;
      assertThat(seconds).as("whole seconds measured").isPositive();
      assertThat(stats.averageWcuPerSecond(from + skip, to)).as("WCU/s over seconds %d..%d of %s", from + skip, to,
          stats.wcuPerSecond()).isBetween(0.85 * rate, rate + (bucketUnits + 25) / seconds);
    }
  }

  /**
   * Sends 25 one-WCU items per call as fast as the proxy answers for {@code duration}. The items
   * are small (any item up to 1 KB costs one WCU), so that even a busy machine asks for far more
   * than the capacity.
   */
  private Push pushFor(String table, Duration duration) {
    List<WriteRequest> batch = puts(keys("k", 25));
    double from = proxy.counters().snapshot().elapsed().toNanos() / 1e9;
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      try {
        write(table, batch);
      } catch (DynamoDbException throttled) {
        assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
      }
    }
    FaultStats stats = proxy.counters().snapshot();
    return new Push(stats, (int) Math.ceil(from), (int) Math.floor(stats.elapsed().toNanos() / 1e9));
  }
}
