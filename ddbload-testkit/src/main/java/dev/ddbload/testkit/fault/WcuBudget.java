package dev.ddbload.testkit.fault;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Write capacity as a token bucket: tokens (write capacity units) accrue at {@code wcuPerSecond}
 * up to {@code burst} worth of them (at least one); a write is let through when the bucket holds
 * its units, or is full (an item larger than the whole bucket then takes it into debt), and takes
 * them, so over any interval the units let through are the rate times the interval, within one
 * burst and one item. DynamoDB saves up to 300 s of unused capacity; tests that want the steady
 * rate give a small burst. The rate may change while running: the tokens saved so far are kept
 * (up to the new burst). Not thread-safe: a {@link DynamoModel} uses its buckets under its lock.
 */
final class WcuBudget {

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double EPSILON = 1e-9;

  private final LongSupplier nanoTime;
  private final long burstNanos;
  private double wcuPerSecond;
  private double capacity;
  private double tokens;
  private long lastNanos;

  /**
   * A bucket that starts full.
   *
   * @param wcuPerSecond the rate, positive
   * @param burst unused capacity that may be saved up, as time at that rate (at least one unit)
   * @param nanoTime the time source, e.g. {@code System::nanoTime}
   */
  WcuBudget(double wcuPerSecond, Duration burst, LongSupplier nanoTime) {
    this(wcuPerSecond, burst, true, nanoTime);
  }

  /**
   * @param wcuPerSecond the rate, positive
   * @param burst unused capacity that may be saved up, as time at that rate (at least one unit)
   * @param startFull whether the bucket starts full, or empty
   * @param nanoTime the time source, e.g. {@code System::nanoTime}
   */
  WcuBudget(double wcuPerSecond, Duration burst, boolean startFull, LongSupplier nanoTime) {
    if (!(wcuPerSecond > 0) || Double.isInfinite(wcuPerSecond)) {
      throw new IllegalArgumentException("the budget must be positive, got " + wcuPerSecond);
    }
    this.nanoTime = nanoTime;
    this.burstNanos = burst.toNanos();
    this.wcuPerSecond = wcuPerSecond;
    this.capacity = capacityOf(wcuPerSecond);
    this.lastNanos = nanoTime.getAsLong();
    this.tokens = startFull ? capacity : 0;
  }

  /** The rate, in write capacity units per second. */
  double wcuPerSecond() {
    return wcuPerSecond;
  }

  /** Takes {@code units} if the bucket has room for them now; false (nothing taken) if not. */
  boolean tryTake(int units) {
    if (!hasRoom(units, nanoTime.getAsLong())) {
      return false;
    }
    take(units);
    return true;
  }

  /**
   * Refills up to {@code now} (a reading of the time source) and tells whether {@code units} may
   * pass: the bucket holds them, or is full.
   */
  boolean hasRoom(double units, long now) {
    refill(now);
    // The epsilon forgives the rounding of refills, so that a unit saved up in 1/rate s counts.
    return tokens + EPSILON >= Math.min(units, capacity);
  }

  /** Takes {@code units}, possibly into debt; call after {@link #hasRoom} said yes. */
  void take(double units) {
    tokens -= units;
  }

  /** The units saved up (negative: debt) as of the last refill. */
  double tokens() {
    return tokens;
  }

  /** Changes the rate from {@code now} on, keeping the tokens saved so far up to the new burst. */
  void setRate(double wcuPerSecond, long now) {
    if (!(wcuPerSecond > 0) || Double.isInfinite(wcuPerSecond)) {
      throw new IllegalArgumentException("the budget must be positive, got " + wcuPerSecond);
    }
    refill(now);
    this.wcuPerSecond = wcuPerSecond;
    this.capacity = capacityOf(wcuPerSecond);
    this.tokens = Math.min(tokens, capacity);
  }

  private void refill(long now) {
    if (now > lastNanos) {
      tokens = Math.min(capacity, tokens + (now - lastNanos) * wcuPerSecond / NANOS_PER_SECOND);
      lastNanos = now;
    }
  }

  private double capacityOf(double rate) {
    // At least one unit, or a zero burst would never let anything through.
    return Math.max(1.0, rate * burstNanos / NANOS_PER_SECOND);
  }
}
