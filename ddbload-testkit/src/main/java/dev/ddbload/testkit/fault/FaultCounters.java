package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What a {@link FaultProxy} or a {@link DynamoModel} has seen and done, counted as it goes;
 * {@link #snapshot()} gives an immutable {@link FaultStats}. Updated from the proxy's event-loop
 * and forwarding threads; thread-safe and lock-free.
 */
public final class FaultCounters {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private final long startNanos;
  final LongAdder requests = new LongAdder();
  final LongAdder batchWrites = new LongAdder();
  final LongAdder singleWrites = new LongAdder();
  final LongAdder singleWritesForwarded = new LongAdder();
  final LongAdder singleWritesRefused = new LongAdder();
  final LongAdder statementCalls = new LongAdder();
  final LongAdder statementsSent = new LongAdder();
  final LongAdder statementsWritten = new LongAdder();
  final LongAdder statementsThrottled = new LongAdder();
  final LongAdder statementsInvalid = new LongAdder();
  final LongAdder itemsReceived = new LongAdder();
  final LongAdder itemsForwarded = new LongAdder();
  final LongAdder itemsHeldBack = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder throttlingExceptions = new LongAdder();
  final LongAdder http500 = new LongAdder();
  final LongAdder http503 = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder validationFailures = new LongAdder();
  final LongAdder credentialsRefused = new LongAdder();
  final LongAdder capacityThrottled = new LongAdder();
  final LongAdder keysRequested = new LongAdder();
  final LongAdder keysHeldBack = new LongAdder();
  final LongAdder readsThrottled = new LongAdder();
  /** Items by what happened to them, indexed by {@link ItemResult#ordinal()}. */
  final LongAdder[] itemResults = new LongAdder[ItemResult.values().length];
  private final ConcurrentHashMap<String, LongAdder> sends = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, DoubleAdder> wcuBySecond = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, DoubleAdder> refusedBySecond = new ConcurrentHashMap<>();

  /** Counters whose per-second series starts now on {@code nanoTime} (e.g. {@code System::nanoTime}). */
  FaultCounters(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    for (int i = 0; i < itemResults.length; i++) {
      itemResults[i] = new LongAdder();
    }
  }

  /** The counters now. */
  public FaultStats snapshot() {
    int seconds = secondNow() + 1;
    Map<String, Integer> sendsByKey = new HashMap<>(sends.size() * 2);
    sends.forEach((key, count) -> sendsByKey.put(key, count.intValue()));
    return new FaultStats(this, series(wcuBySecond, seconds), series(refusedBySecond, seconds), sendsByKey,
        nanoTime.getAsLong() - startNanos);
  }

  private static double[] series(Map<Integer, DoubleAdder> bySecond, int seconds) {
    double[] series = new double[seconds];
    bySecond.forEach((second, units) -> {
      if (second < seconds) {
        series[second] = units.sum();
      }
    });
    return series;
  }

  /** One item or statement with partition-key value {@code key} arrived in a write call. */
  void countSend(String key) {
    sends.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** Write capacity let through to the table (or the sink) now. */
  void countWriteUnits(double units) {
    wcuBySecond.computeIfAbsent(secondNow(), s -> new DoubleAdder()).add(units);
  }

  /** Write capacity of items refused by capacity (table, partition, on-demand) now. */
  void countRefusedUnits(double units) {
    refusedBySecond.computeIfAbsent(secondNow(), s -> new DoubleAdder()).add(units);
  }

  private int secondNow() {
    return (int) ((nanoTime.getAsLong() - startNanos) / NANOS_PER_SECOND);
  }
}
