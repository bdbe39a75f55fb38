package dev.ddbload.throttle;

import java.util.function.LongSupplier;

/**
 * Additive-increase, multiplicative-decrease control of the write rate, so a load against a
 * table with less capacity than planned converges on what the table absorbs instead of burning
 * retry attempts. On throttling the rate drops to {@code decreaseFactor} times the lower of the
 * current rate and the rate actually achieved; it then climbs back by {@code increasePerSecond}
 * units per second of quiet, never above the ceiling. Throttling reported within one
 * {@code cooldown} of a decrease is the echo of calls already in flight and is ignored.
 *
 * <p>With no ceiling ({@code Infinity}) the rate stays unlimited until the first throttling;
 * from then on it climbs by a fraction of the rate at that decrease.
 *
 * <p>Throttling that does not answer to the rate is not followed down: when, after a decrease,
 * the share of items throttled (told through {@link #outcome}) stays as high as the share that
 * caused it (at least {@value #INSENSITIVE_MIN_SHARE} and at least 70 % of it), no further
 * decrease follows: the rate climbs again from there, and throttling at up to 1.5 times that
 * share is ignored from then on. Capacity
 * throttling falls away when the rate drops below what the table absorbs; a persistent
 * background of failures (a hot key that no rate relieves, an unhealthy node) does not, and
 * following it would walk the rate down to nothing. Time comes from an injected ticker.
 * Thread-safe.
 */
public final class AdaptiveRate {

  /** The rate never drops below this many units per second. */
  public static final double MIN_RATE = 1.0;
  /** The smallest throttled share a decrease must fail to lower before throttling counts as rate-insensitive. */
  public static final double INSENSITIVE_MIN_SHARE = 0.01;
  /** Items the share is measured over, at least, before it is trusted. */
  private static final long MIN_SAMPLE = 100;

  private final double ceiling;
  private final double decreaseFactor;
  private final double increaseFraction;
  private final long cooldownNanos;
  private final LongSupplier nanoTime;
  private double base;
  private double increasePerSecond;
  private long since;
  private long decidedAt;
  private long throttleEvents;
  private long windowItems;
  private long windowThrottled;
  private double lastCutShare;
  private double tolerated;

  /**
   * @param ceiling the highest rate, in units per second; {@code Infinity} for none
   * @param decreaseFactor how much of the rate is kept on throttling, in (0, 1)
   * @param increaseFraction additive increase per second, as a fraction of the ceiling (or of
   *     the rate at the last decrease when there is no ceiling), in (0, 1]
   * @param cooldownNanos throttling this soon after a decrease is ignored
   * @param nanoTime the ticker
   */
  public AdaptiveRate(double ceiling, double decreaseFactor, double increaseFraction, long cooldownNanos,
      LongSupplier nanoTime) {
    if (!(ceiling > 0)) {
      throw new IllegalArgumentException("the ceiling must be positive");
    }
    if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
      throw new IllegalArgumentException("the decrease factor must be between 0 and 1");
    }
    if (!(increaseFraction > 0 && increaseFraction <= 1)) {
      throw new IllegalArgumentException("the increase fraction must be in (0, 1]");
    }
    this.ceiling = ceiling;
    this.decreaseFactor = decreaseFactor;
    this.increaseFraction = increaseFraction;
    this.cooldownNanos = cooldownNanos;
    this.nanoTime = nanoTime;
    this.base = ceiling;
    this.increasePerSecond = Double.isInfinite(ceiling) ? 0 : ceiling * increaseFraction;
    this.since = nanoTime.getAsLong() - cooldownNanos;
    this.decidedAt = since;
  }

  /** The usual settings: keep 70 % on throttling, climb 2 % of the ceiling a second, 1 s cooldown. */
  public static AdaptiveRate standard(double ceiling, LongSupplier nanoTime) {
    return new AdaptiveRate(ceiling, 0.7, 0.02, 1_000_000_000L, nanoTime);
  }

  /** The rate now, in units per second ({@code Infinity} while unlimited). */
  public synchronized double rate() {
    if (Double.isInfinite(base)) {
      return base;
    }
    double seconds = Math.max(0, nanoTime.getAsLong() - since) / 1e9;
    return Math.min(ceiling, base + increasePerSecond * seconds);
  }

  /**
   * A call came back: {@code throttledItems} of its {@code items} were throttled (all of them
   * when the whole call was, those returned unprocessed otherwise).
   */
  public synchronized void outcome(int items, int throttledItems) {
    windowItems += items;
    windowThrottled += throttledItems;
  }

  /**
   * DynamoDB throttled a call (whole-call throttling or items returned unprocessed).
   *
   * @param achieved the rate actually consumed lately, in units per second (0 if unknown)
   * @return whether the rate was lowered (false within the cooldown, and for throttling that
   *     does not answer to the rate)
   */
  public synchronized boolean onThrottle(double achieved) {
    long now = nanoTime.getAsLong();
    if (now - decidedAt < cooldownNanos) {
      return false;
    }
    double current = rate();
    double from = achieved > 0 ? Math.min(current, achieved) : current;
    if (Double.isInfinite(from) && lastCutShare == 0) {
      return false; // nothing measured yet to decrease from
    }
    decidedAt = now;
    double share = windowItems >= MIN_SAMPLE ? (double) windowThrottled / windowItems : -1;
    windowItems = 0;
    windowThrottled = 0;
    if (share >= 0 && lastCutShare >= INSENSITIVE_MIN_SHARE && share >= 0.7 * lastCutShare) {
      // The last decrease did not lower the share: this throttling does not answer to the rate.
      // Stop following it down (the rate climbs again from here) and tolerate that much.
      tolerated = Math.max(tolerated, share * 1.5);
      lastCutShare = 0;
      return false;
    }
    if (share >= 0 && share <= tolerated) {
      lastCutShare = 0;
      return false;
    }
    if (Double.isInfinite(from)) {
      return false;
    }
    lastCutShare = Math.max(0, share);
    base = Math.max(MIN_RATE, from * decreaseFactor);
    if (Double.isInfinite(ceiling)) {
      increasePerSecond = Math.max(MIN_RATE, from * increaseFraction);
    }
    since = now;
    throttleEvents++;
    return true;
  }

  /** How many times the rate was lowered. */
  public synchronized long decreases() {
    return throttleEvents;
  }
}
