package dev.ddbload.throttle;

import dev.ddbload.config.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before retry {@code n} (1-based) is uniform in
 * {@code [0, min(max, base * 2^(n-1))]}. Thread-safe (draws from the random source one at a time).
 */
public final class Backoff {

  private final long baseNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  /**
   * @param base the cap of the first retry's delay, positive
   * @param max the largest delay ever, at least {@code base}
   * @param random the source of jitter
   */
  public Backoff(Duration base, Duration max, RandomGenerator random) {
    requireValid(base, max);
    this.baseNanos = base.toNanos();
    // One below the largest long, so a draw up to the ceiling inclusive cannot overflow.
    this.maxNanos = Math.min(max.toNanos(), Long.MAX_VALUE - 1);
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Checks a backoff's bounds.
   *
   * @throws IllegalArgumentException when {@code base} is not positive or {@code max} is below it
   */
  public static void requireValid(Duration base, Duration max) {
    Durations.checkBackoff("Backoff", base, max);
  }

  /** The upper bound of the delay before retry {@code retry} (1-based). */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1");
    }
    int shift = Math.min(retry - 1, 62);
    long ceiling = baseNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, baseNanos << shift);
    return Duration.ofNanos(ceiling);
  }

  /** A random delay before retry {@code retry} (1-based), full jitter below {@link #ceiling}. */
  public Duration delay(int retry) {
    long ceiling = ceiling(retry).toNanos();
    long drawn;
    synchronized (random) {
      drawn = random.nextLong(ceiling + 1);
    }
    return Duration.ofNanos(drawn);
  }
}
