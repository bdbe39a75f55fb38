package dev.ddbload.testkit.fault;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What a {@link FaultProxy} has seen and done, counted as it goes; {@link #snapshot()} gives an
 * immutable {@link FaultStats}. Updated from the proxy's event-loop and forwarding threads;
 * thread-safe and lock-free.
 */
public final class FaultCounters {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private final long startNanos;
  final LongAdder requests = new LongAdder();
  final LongAdder batchWrites = new LongAdder();
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
  private final ConcurrentHashMap<String, LongAdder> sends = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, DoubleAdder> wcuBySecond = new ConcurrentHashMap<>();

  /** Counters whose per-second series starts now on {@code nanoTime} (e.g. {@code System::nanoTime}). */
  FaultCounters(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** The counters now. */
  public FaultStats snapshot() {
    int seconds = secondNow() + 1;
    double[] wcu = new double[seconds];
    wcuBySecond.forEach((second, units) -> {
      if (second < seconds) {
        wcu[second] = units.sum();
      }
    });
    Map<String, Integer> sendsByKey = new HashMap<>(sends.size() * 2);
    sends.forEach((key, count) -> sendsByKey.put(key, count.intValue()));
    return new FaultStats(this, wcu, sendsByKey, nanoTime.getAsLong() - startNanos);
  }

  /** One item with partition-key value {@code key} arrived in a BatchWriteItem call. */
  void countSend(String key) {
    sends.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** Write capacity let through to the table (or the sink) now. */
  void countWriteUnits(double units) {
    wcuBySecond.computeIfAbsent(secondNow(), s -> new DoubleAdder()).add(units);
  }

  private int secondNow() {
    return (int) ((nanoTime.getAsLong() - startNanos) / NANOS_PER_SECOND);
  }
}
