package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.fault.CallOutcome.Fault;
import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * DynamoDB's answer to BatchWriteItem (and to a single write, as a call of one item), simulated
 * without HTTP: the random faults of its {@link FaultRules} and the write capacity of each table
 * ({@link CapacitySpec}), on an injected clock. A {@link FaultProxy} decides every write through
 * one; tests of rate control drive one directly on a simulated clock (ten minutes of simulated
 * time take well under a second).
 *
 * <pre>{@code
 * long[] now = {0};
 * DynamoModel model = DynamoModel.builder()
 *     .rules(FaultRules.builder().seed(7).holdBackRate(0.05).build())
 *     .capacity(CapacitySpec.provisioned(2_000).burstSeconds(60))
 *     .ticker(() -> now[0])
 *     .build();
 * CallOutcome out = model.batchWrite("t", List.of(ModelItem.of("k1"), ModelItem.of("k2")));
 * now[0] += 10_000_000; // 10 ms later
 * }</pre>
 *
 * <p>One call, in order: one draw of the seeded random (latency, whole-call fault, hold-back per
 * item), made even when a fault follows, so that the draws depend only on the seed and the number
 * and sizes of calls → {@link Fault#VALIDATION} if an item's key is an invalid key → the drawn
 * whole-call fault, nothing processed → per item, in request order: poison key → {@link
 * ItemResult#POISON}; drawn hold-back → {@link ItemResult#HELD_BACK}; else its table's capacity
 * (table bucket, then its partition's bucket) → processed, or refused with the reason. A call of
 * which no item was processed and at least one was refused by capacity is answered {@link
 * Fault#THROTTLE} ({@code ProvisionedThroughputExceededException}), nothing consumed; otherwise
 * the unprocessed items go back in {@code UnprocessedItems}.
 *
 * <p>Capacity, per table: token buckets let an item through when they hold its units (or are
 * full: an item larger than a whole bucket takes it into debt) and take them, so over any
 * interval what passes is the rate times the interval within one burst and one item.
 * Provisioned: one bucket at the rate, saving up to {@link CapacitySpec#burst()}. On demand: one
 * bucket at twice the previous peak, saving up to 1 s; the units consumed per whole second are
 * recorded, and when each of the last {@link CapacitySpec#scaleAfter()} seconds (rounded up, at
 * least one) consumed more than the peak, the least of them becomes the peak (it never falls):
 * traffic held at twice the peak doubles it after that delay. Partitions: one bucket each, a
 * key's partition given by {@link CapacitySpec#partitionOf(String)}, checked after the table's.
 * Not modelled: reads, separate limits per index, adaptive capacity, partition splits, the
 * account quota.
 *
 * <p>Time: the ticker is read once per call (and once per capacity change); whole seconds count
 * from {@link Builder#build()}. Thread-safe: calls are decided one at a time, in arrival order.
 */
public final class DynamoModel {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int RESULTS = ItemResult.values().length;

  private final FaultRules rules;
  private final FaultDice dice;
  private final CapacitySpec defaultCapacity;
  private final Map<String, CapacitySpec> initialCapacity;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final FaultCounters counters;
  private final Map<String, TableState> tables = new HashMap<>();

  private DynamoModel(Builder b) {
    this.rules = b.rules;
    this.dice = new FaultDice(b.rules);
    this.defaultCapacity = b.capacity != null ? b.capacity : b.rules.capacity();
    this.initialCapacity = Map.copyOf(b.tableCapacity);
    this.nanoTime = b.nanoTime;
    this.startNanos = b.nanoTime.getAsLong();
    this.counters = b.counters != null ? b.counters : new FaultCounters(b.nanoTime);
  }

  /** A builder: no faults, the rules' capacity, {@code System::nanoTime}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides a BatchWriteItem call of {@code items} to {@code table}. Poison and invalid keys of
   * the rules are matched against the items' partition keys.
   */
  public CallOutcome batchWrite(String table, List<ModelItem> items) {
    Objects.requireNonNull(table, "table");
    boolean[] poison = new boolean[items.size()];
    boolean invalid = false;
    for (int i = 0; i < poison.length; i++) {
      String key = items.get(i).partitionKey();
      poison[i] = rules.poisonKeys().contains(key);
      invalid |= rules.invalidKeys().contains(key);
    }
    return batchWrite(Collections.nCopies(items.size(), table), items, poison, invalid);
  }

  /**
   * Decides a single write (PutItem, UpdateItem or DeleteItem) of {@code item} to {@code table}:
   * the decision on a BatchWriteItem call of that one item, counted apart from BatchWriteItem's
   * calls and items ({@link FaultStats#singleWrites()}); its whole-call faults and units are
   * counted as any call's. An item the call would have returned unprocessed (held back, poison)
   * is one DynamoDB refuses with {@code ProvisionedThroughputExceededException}; one refused by
   * capacity already makes the call {@link Fault#THROTTLE}. Poison and invalid keys are matched
   * against its partition key.
   */
  public CallOutcome singleWrite(String table, ModelItem item) {
    Objects.requireNonNull(table, "table");
    String key = item.partitionKey();
    return singleWrite(table, item, rules.poisonKeys().contains(key), rules.invalidKeys().contains(key));
  }

  /** {@link #singleWrite(String, ModelItem)} with the caller telling whether it is poison or invalid. */
  synchronized CallOutcome singleWrite(String table, ModelItem item, boolean poison, boolean invalid) {
    counters.singleWrites.increment();
    CallOutcome outcome = decide(List.of(table), List.of(item), new boolean[] {poison}, null, invalid, false);
    if (outcome.fault() == Fault.NONE) {
      (outcome.isProcessed(0) ? counters.singleWritesForwarded : counters.singleWritesRefused).increment();
    }
    return outcome;
  }

  /**
   * Decides a call whose item {@code i} goes to {@code tables.get(i)}; the caller tells which
   * items are poison and whether the call holds an invalid key.
   */
  synchronized CallOutcome batchWrite(List<String> tables, List<ModelItem> items, boolean[] poison,
      boolean invalid) {
    counters.batchWrites.increment();
    return decide(tables, items, poison, null, invalid, true);
  }

  /**
   * Decides a BatchExecuteStatement whose statement {@code i} writes {@code items.get(i)} to
   * {@code tables.get(i)}, as a BatchWriteItem of its statements, counted apart ({@link
   * FaultStats#statementCalls()}); the caller tells which statements are poison and which hold
   * an invalid key. An invalid statement is {@link ItemResult#INVALID}, answered in its place,
   * and does not fail the call. A call of which no statement was processed and one was not
   * processed for another reason than being invalid is {@link Fault#THROTTLE}: DynamoDB refuses it
   * whole with {@code ProvisionedThroughputExceededException}.
   */
  synchronized CallOutcome statementBatch(List<String> tables, List<ModelItem> items, boolean[] poison,
      boolean[] invalid) {
    int n = items.size();
    counters.statementCalls.increment();
    counters.statementsSent.add(n);
    CallOutcome outcome = decide(tables, items, poison, invalid, false, false);
    if (outcome.isCapacityThrottle()) {
      counters.statementsThrottled.add(n);
    }
    if (outcome.fault() != Fault.NONE) {
      return outcome;
    }
    int processed = outcome.processedCount();
    int refusedAsInvalid = outcome.count(ItemResult.INVALID);
    if (processed == 0 && refusedAsInvalid < n) {
      counters.throttled.increment();
      counters.statementsThrottled.add(n);
      return new CallOutcome(Fault.THROTTLE, outcome.latencyNanos(), outcome.items(), 0);
    }
    counters.statementsWritten.add(processed);
    counters.statementsInvalid.add(refusedAsInvalid);
    counters.statementsThrottled.add(n - processed - refusedAsInvalid);
    return outcome;
  }

  /**
   * The decision; {@code invalidItems}: which items are {@link ItemResult#INVALID} (null for
   * none); {@code countItems}: count the items as BatchWriteItem's.
   */
  private CallOutcome decide(List<String> tables, List<ModelItem> items, boolean[] poison, boolean[] invalidItems,
      boolean invalid, boolean countItems) {
    long now = nanoTime.getAsLong();
    int n = items.size();
    if (countItems) {
      counters.itemsReceived.add(n);
    }
    FaultDice.Throw draw = dice.roll(n);
    ItemResult[] results = new ItemResult[n];
    if (invalid || draw.fault() != FaultDice.WholeFault.NONE) {
      Fault fault = invalid ? Fault.VALIDATION : Fault.valueOf(draw.fault().name());
      countFault(fault);
      Arrays.fill(results, ItemResult.CALL_FAILED);
      if (countItems) {
        counters.itemResults[ItemResult.CALL_FAILED.ordinal()].add(n);
      }
      return new CallOutcome(fault, draw.latencyNanos(), Arrays.asList(results), 0);
    }
    long second = secondOf(now);
    double consumed = 0;
    double refused = 0;
    int processed = 0;
    int[] perResult = new int[RESULTS];
    String lastTable = null;
    TableState state = null;
    for (int i = 0; i < n; i++) {
      ModelItem item = items.get(i);
      ItemResult result;
      if (invalidItems != null && invalidItems[i]) {
        result = ItemResult.INVALID;
      } else if (poison[i]) {
        result = ItemResult.POISON;
      } else if (draw.holdBack()[i]) {
        result = ItemResult.HELD_BACK;
      } else {
        if (!tables.get(i).equals(lastTable)) {
          lastTable = tables.get(i);
          state = stateOf(lastTable);
          state.advance(now, second);
        }
        result = state.admit(item.partitionKey(), item.writeUnits(), now);
      }
      results[i] = result;
      perResult[result.ordinal()]++;
      if (result == ItemResult.PROCESSED) {
        consumed += item.writeUnits();
        processed++;
      } else if (result.isCapacity()) {
        refused += item.writeUnits();
      }
    }
    for (int r = 0; countItems && r < perResult.length; r++) {
      if (perResult[r] > 0) {
        counters.itemResults[r].add(perResult[r]);
      }
    }
    if (refused > 0) {
      counters.countRefusedUnits(refused);
    }
    if (processed == 0 && refused > 0) {
      counters.throttled.increment();
      counters.capacityThrottled.increment();
      return new CallOutcome(Fault.THROTTLE, draw.latencyNanos(), Arrays.asList(results), 0);
    }
    if (countItems) {
      counters.itemsHeldBack.add(n - processed);
      counters.itemsForwarded.add(processed);
    }
    counters.countWriteUnits(consumed);
    return new CallOutcome(Fault.NONE, draw.latencyNanos(), Arrays.asList(results), consumed);
  }

  /**
   * Makes {@code table} provisioned at {@code wcuPerSecond} from now on. A provisioned table keeps
   * the capacity it has saved up (up to the new burst); any other starts a bucket as its spec
   * says. Its partitions and other settings stay.
   */
  public synchronized void setWriteCapacity(String table, double wcuPerSecond) {
    stateOf(table).setWriteCapacity(wcuPerSecond, nanoTime.getAsLong());
  }

  /** Makes {@code table} on demand from now on, with previous peak {@code previousPeakWcu} WCU per second. */
  public synchronized void setOnDemand(String table, double previousPeakWcu) {
    stateOf(table).setOnDemand(previousPeakWcu, secondOf(nanoTime.getAsLong()));
  }

  /**
   * Switches {@code table} to on demand the way an UpdateTable to {@code PAY_PER_REQUEST} does:
   * the previous peak is a provisioned table's rate, an on-demand table's own peak, or else a new
   * table's ({@link CapacitySpec#NEW_ON_DEMAND_PEAK}).
   */
  public synchronized void setOnDemand(String table) {
    TableState state = stateOf(table);
    state.setOnDemand(state.peakOnSwitch(), secondOf(nanoTime.getAsLong()));
  }

  /** Replaces {@code table}'s capacity with {@code spec}, its buckets and peak started afresh. */
  public synchronized void setCapacity(String table, CapacitySpec spec) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(spec, "spec");
    tables.put(table, new TableState(spec, nanoTime, secondOf(nanoTime.getAsLong())));
  }

  /** The capacity in force for {@code table}; an on-demand table's carries its current peak. */
  public synchronized CapacitySpec capacityOf(String table) {
    TableState state = tables.get(table);
    return state != null ? state.spec() : initialCapacity.getOrDefault(table, defaultCapacity);
  }

  /**
   * Follows an UpdateTable the table accepted, for a table whose writes are limited: {@code
   * PAY_PER_REQUEST} as {@link #setOnDemand(String)}, else new {@code WriteCapacityUnits} (when
   * positive) as {@link #setWriteCapacity}. Tables without limits stay so.
   */
  synchronized void tableUpdated(String table, String billingMode, double writeCapacityUnits) {
    TableState state = stateOf(table);
    if (!state.limitsWrites()) {
      return;
    }
    if ("PAY_PER_REQUEST".equals(billingMode)) {
      state.setOnDemand(state.peakOnSwitch(), secondOf(nanoTime.getAsLong()));
    } else if (writeCapacityUnits > 0) {
      state.setWriteCapacity(writeCapacityUnits, nanoTime.getAsLong());
    }
  }

  /** The rules whose random faults it draws. */
  public FaultRules rules() {
    return rules;
  }

  /** Its counters, shared with its proxy if it has one. */
  public FaultCounters counters() {
    return counters;
  }

  /** The counters now: {@code counters().snapshot()}. */
  public FaultStats stats() {
    return counters.snapshot();
  }

  private TableState stateOf(String table) {
    TableState state = tables.get(table);
    if (state == null) {
      CapacitySpec spec = initialCapacity.getOrDefault(table, defaultCapacity);
      state = new TableState(spec, nanoTime, secondOf(nanoTime.getAsLong()));
      tables.put(table, state);
    }
    return state;
  }

  private long secondOf(long now) {
    return (now - startNanos) / NANOS_PER_SECOND;
  }

  private void countFault(Fault fault) {
    switch (fault) {
      case DROP -> counters.dropped.increment();
      case HTTP_500 -> counters.http500.increment();
      case HTTP_503 -> counters.http503.increment();
      case THROTTLE -> counters.throttled.increment();
      case THROTTLING_EXCEPTION -> counters.throttlingExceptions.increment();
      case VALIDATION -> counters.validationFailures.increment();
      default -> throw new IllegalArgumentException("not a fault: " + fault);
    }
  }

  /** Builds a {@link DynamoModel}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private FaultRules rules = FaultRules.none();
    private CapacitySpec capacity;
    private final Map<String, CapacitySpec> tableCapacity = new HashMap<>();
    private LongSupplier nanoTime = System::nanoTime;
    private FaultCounters counters;

    private Builder() {}

    /** The random faults, their seed and latency (default {@link FaultRules#none()}). */
    public Builder rules(FaultRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Every table's capacity unless set per table (default: the rules' {@link FaultRules#capacity()}). */
    public Builder capacity(CapacitySpec spec) {
      this.capacity = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /** One table's capacity at the start. */
    public Builder capacity(String table, CapacitySpec spec) {
      tableCapacity.put(Objects.requireNonNull(table, "table"), Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /** The time source in nanoseconds, like {@code System::nanoTime} (the default); only differences matter. */
    public Builder ticker(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** Counts into these counters (a proxy's, kept across rule changes) instead of new ones. */
    Builder counters(FaultCounters counters) {
      this.counters = counters;
      return this;
    }

    /** The model; its clock's whole seconds count from now. */
    public DynamoModel build() {
      return new DynamoModel(this);
    }
  }
}
