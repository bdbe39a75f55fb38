package dev.ddbload.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** The counters of one verification, updated by readers and completion threads. Thread-safe and lock-free. */
public final class VerifyRecorder {

  private final Clock clock;
  private final Instant started;
  final LongAdder recordsRead = new LongAdder();
  final LongAdder notCheckable = new LongAdder();
  final LongAdder damagedSources = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder outsideSample = new LongAdder();
  final LongAdder superseded = new LongAdder();
  final LongAdder matching = new LongAdder();
  final LongAdder missing = new LongAdder();
  final LongAdder different = new LongAdder();
  final LongAdder unexpected = new LongAdder();
  final LongAdder extra = new LongAdder();
  final LongAdder unverified = new LongAdder();
  final LongAdder keysInSeveralInputs = new LongAdder();
  final LongAdder itemsScanned = new LongAdder();
  final DoubleAdder readUnits = new DoubleAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder retriedKeys = new LongAdder();
  private volatile LongSupplier spilledBytes = () -> 0;
  private volatile DoubleSupplier consumedRate = () -> 0;
  private volatile DoubleSupplier allowedRate = () -> Double.POSITIVE_INFINITY;

  /** A recorder whose elapsed time starts now. */
  public VerifyRecorder(Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
  }

  /** A record read from an input. */
  public void recordRead() {
    recordsRead.increment();
  }

  /** A record a load would reject before sending it (or the unread rest of a damaged input). */
  public void recordNotCheckable() {
    notCheckable.increment();
  }

  void recordOutsideSample() {
    outsideSample.increment();
  }

  void setSources(LongSupplier spilled, DoubleSupplier consumed, DoubleSupplier allowed) {
    this.spilledBytes = spilled;
    this.consumedRate = consumed;
    this.allowedRate = allowed;
  }

  /** The counters now. */
  public VerifyStats snapshot() {
    long matched = matching.sum();
    long miss = missing.sum();
    long diff = different.sum();
    long unexp = unexpected.sum();
    return new VerifyStats(recordsRead.sum(), bytesRead.sum(), notCheckable.sum(), damagedSources.sum(), outsideSample.sum(), superseded.sum(),
        matched + miss + diff + unexp, matched, miss, diff, unexp, extra.sum(), unverified.sum(),
        keysInSeveralInputs.sum(), itemsScanned.sum(), readUnits.sum(), requests.sum(), retriedKeys.sum(),
        spilledBytes.getAsLong(), Duration.between(started, clock.instant()), consumedRate.getAsDouble(),
        allowedRate.getAsDouble());
  }
}
