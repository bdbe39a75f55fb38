package dev.ddbload.testkit.fault;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A provisioned table's write capacity as a token bucket: tokens (write capacity units) accrue
 * at {@code wcuPerSecond} up to {@code burst} worth of them; a write is let through while the
 * bucket is not empty and takes its units, possibly into debt, so over any interval the units
 * let through are the rate times the interval, within one burst and one item. DynamoDB's own
 * 300 seconds of burst credit is left out on purpose (or made small): tests want the steady
 * rate. Thread-safe.
 */
final class WcuBudget {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double wcuPerSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastNanos;

  /**
   * @param wcuPerSecond the rate, positive
   * @param burst unused capacity that may be saved up, as time at that rate (at least one unit)
   * @param nanoTime the time source, e.g. {@code System::nanoTime}
   */
  WcuBudget(double wcuPerSecond, Duration burst, LongSupplier nanoTime) {
    if (!(wcuPerSecond > 0)) {
      throw new IllegalArgumentException("the budget must be positive, got " + wcuPerSecond);
    }
    this.wcuPerSecond = wcuPerSecond;
    // At least one unit, or a zero burst would never let anything through.
    this.capacity = Math.max(1.0, wcuPerSecond * burst.toNanos() / NANOS_PER_SECOND);
    this.nanoTime = nanoTime;
    this.lastNanos = nanoTime.getAsLong();
    this.tokens = capacity;
  }

  /** The rate, in write capacity units per second. */
  double wcuPerSecond() {
    return wcuPerSecond;
  }

  /** Takes {@code units} if the bucket is not empty now; false (nothing taken) if it is. */
  synchronized boolean tryTake(int units) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastNanos) * wcuPerSecond / NANOS_PER_SECOND);
    lastNanos = now;
    if (tokens <= 0) {
      return false;
    }
    tokens -= units;
    return true;
  }
}
