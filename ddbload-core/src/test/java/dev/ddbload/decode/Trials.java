package dev.ddbload.decode;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property checks over generated inputs: runs a property on {@code tries} cases made by a
 * generator from seeds {@code seed}, {@code seed + 1}, ...; on the first failure, shrinks the
 * case greedily (the first smaller candidate that still fails, again and again) and fails with
 * the seed and the smallest failing case. The base seed is fixed unless the system property
 * {@code ddbload.seed} gives another, so a run is repeatable; a failure names the seed to re-run.
 */
final class Trials {

  private Trials() {}

  /** Base seed: {@code -Dddbload.seed=N}, else {@code fallback}. */
  static long seed(long fallback) {
    String s = System.getProperty("ddbload.seed");
    return s == null || s.isBlank() ? fallback : Long.parseLong(s.trim());
  }

  /**
   * Checks {@code property} on {@code tries} generated cases.
   *
   * @param shrink smaller variants of a case, most promising first (may be empty)
   * @param property throws (an AssertionError or anything else) when the case breaks it
   */
  static <T> void check(int tries, long seed, Function<SplittableRandom, T> generate, Function<T, List<T>> shrink,
      Consumer<T> property) {
    for (int i = 0; i < tries; i++) {
      long caseSeed = seed + i;
      T value = generate.apply(new SplittableRandom(caseSeed));
      Throwable failure = failure(property, value);
      if (failure == null) {
        continue;
      }
      T smallest = value;
      boolean smaller = true;
      int steps = 0;
      while (smaller && steps++ < 500) {
        smaller = false;
        for (T candidate : shrink.apply(smallest)) {
          Throwable f = failure(property, candidate);
          if (f != null) {
            smallest = candidate;
            failure = f;
            smaller = true;
            break;
          }
        }
      }
      AssertionError error = new AssertionError("property failed for seed " + caseSeed + " (try " + i
          + "; re-run with -Dddbload.seed=" + caseSeed + "), smallest case:\n" + smallest + "\n" + failure, failure);
      throw error;
    }
  }

  private static <T> Throwable failure(Consumer<T> property, T value) {
    try {
      property.accept(value);
      return null;
    } catch (RuntimeException | AssertionError e) {
      return e;
    }
  }
}
