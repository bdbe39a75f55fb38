package dev.ddbload.throttle;

import java.util.function.LongSupplier;

/**
 * A token bucket of write capacity units per second with a small burst, for pacing
 * BatchWriteItem calls. A caller {@link #reserve reserves} the units a call will consume and is
 * told how long to wait before sending it; the reservation is made at once, so callers never
 * queue on a lock and a batch larger than the burst still goes (the next caller waits longer).
 * When DynamoDB reports what a call really consumed, {@link #adjust} charges the difference.
 * The rate can change at any time ({@link #setRate}), e.g. by {@link RateController}.
 *
 * <p>Time comes from an injected nanosecond ticker, so tests never sleep. Thread-safe.
 */
public final class WriteRateLimiter {

  private final LongSupplier nanoTime;
  private final double burstSeconds;
  private double unitsPerSecond;
  /** The instant (ticker nanos) from which the next reservation is free to go. */
  private long nextFree;

  /**
   * @param unitsPerSecond the rate, positive; {@code Double.POSITIVE_INFINITY} for no limit
   * @param burstSeconds how many seconds of unused rate may be saved up, at least 0
   * @param nanoTime the ticker, e.g. {@code System::nanoTime}
   */
  public WriteRateLimiter(double unitsPerSecond, double burstSeconds, LongSupplier nanoTime) {
    if (burstSeconds < 0) {
      throw new IllegalArgumentException("burst must be at least 0 seconds");
    }
    this.nanoTime = nanoTime;
    this.burstSeconds = burstSeconds;
    this.unitsPerSecond = checkRate(unitsPerSecond);
    this.nextFree = nanoTime.getAsLong();
  }

  /** A limiter that never makes anyone wait. */
  public static WriteRateLimiter unlimited(LongSupplier nanoTime) {
    return new WriteRateLimiter(Double.POSITIVE_INFINITY, 0, nanoTime);
  }

  /**
   * Reserves {@code units} and returns how many nanoseconds the caller must wait before
   * sending (0: send now).
   */
  public synchronized long reserve(double units) {
    if (Double.isInfinite(unitsPerSecond)) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    long earliest = now - (long) (burstSeconds * 1e9);
    if (nextFree < earliest) {
      nextFree = earliest;
    }
    long wait = Math.max(0, nextFree - now);
    nextFree += nanosFor(units);
    return wait;
  }

  /** Nanoseconds until a reservation made now would go without waiting (0: now). */
  public synchronized long readyIn() {
    if (Double.isInfinite(unitsPerSecond)) {
      return 0;
    }
    return Math.max(0, nextFree - nanoTime.getAsLong());
  }

  /**
   * Charges (positive) or refunds (negative) units after the fact: what DynamoDB reported as
   * consumed minus what was reserved.
   */
  public synchronized void adjust(double units) {
    if (Double.isInfinite(unitsPerSecond) || units == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    long earliest = now - (long) (burstSeconds * 1e9);
    nextFree = Math.max(earliest, Math.max(nextFree, earliest) + nanosFor(units));
  }

  /** Changes the rate; a debt already run up is rescaled to the new rate. */
  public synchronized void setRate(double unitsPerSecond) {
    double rate = checkRate(unitsPerSecond);
    if (rate == this.unitsPerSecond) {
      return;
    }
    long now = nanoTime.getAsLong();
    long debt = nextFree - now;
    if (Double.isInfinite(rate)) {
      nextFree = now;
    } else if (Double.isInfinite(this.unitsPerSecond) || debt <= 0) {
      nextFree = Math.min(nextFree, now);
    } else {
      nextFree = now + (long) (debt * (this.unitsPerSecond / rate));
    }
    this.unitsPerSecond = rate;
  }

  /** The rate in units per second ({@code Infinity} when unlimited). */
  public synchronized double rate() {
    return unitsPerSecond;
  }

  private long nanosFor(double units) {
    return (long) (units / unitsPerSecond * 1e9);
  }

  private static double checkRate(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("the rate must be positive, not " + rate);
    }
    return rate;
  }
}
