package dev.ddbload.write;

import dev.ddbload.config.Bounds;

/**
 * How many BatchWriteItem calls a writer keeps in flight: a fixed number ({@link #pinned}), or a
 * limit that follows the calls' latency between a least and a most ({@link #adaptive}; see
 * {@link InFlightLimit}). Immutable.
 *
 * @param min the least calls in flight the limit goes down to, positive
 * @param initial the limit to start from, between min and max
 * @param max the most calls in flight (also what connections and sender threads are sized for)
 */
public record Concurrency(int min, int initial, int max) {

  /** The adaptive limit's least calls in flight by default. */
  public static final int DEFAULT_MIN = 8;
  /** The adaptive limit's start by default. */
  public static final int DEFAULT_INITIAL = 64;
  /** The adaptive limit's most calls in flight by default. */
  public static final int DEFAULT_MAX = 512;
  /** The most calls in flight any setting may ask for. */
  public static final int LIMIT = 1024;
  /** Calls in flight a pinned setting may ask for: 1 to {@link #LIMIT}. */
  public static final Bounds PINNED = Bounds.between(1, LIMIT);

  /** The default: adaptive, 8 to 512 calls in flight, starting at 64. */
  public static final Concurrency ADAPTIVE = new Concurrency(DEFAULT_MIN, DEFAULT_INITIAL, DEFAULT_MAX);

  /** Validates the bounds. */
  public Concurrency {
    if (min < 1 || max > LIMIT || min > max) {
      throw new IllegalArgumentException("concurrency must be 1 to " + LIMIT + ", not " + min + ".." + max);
    }
    if (initial < min || initial > max) {
      throw new IllegalArgumentException("the initial concurrency " + initial + " is outside " + min + ".." + max);
    }
  }

  /** Exactly {@code calls} in flight at most, whatever the latency. */
  public static Concurrency pinned(int calls) {
    PINNED.check("concurrency", calls);
    return new Concurrency(calls, calls, calls);
  }

  /** A limit following latency within {@code min..max}, starting at {@code initial}. */
  public static Concurrency adaptive(int min, int initial, int max) {
    return new Concurrency(min, initial, max);
  }

  /** Whether the limit is fixed. */
  public boolean isPinned() {
    return min == max;
  }

  @Override
  public String toString() {
    return isPinned() ? Integer.toString(max) : "adaptive " + min + ".." + max;
  }
}
