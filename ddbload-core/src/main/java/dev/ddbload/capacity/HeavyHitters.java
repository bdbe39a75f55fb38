package dev.ddbload.capacity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys with the largest total weight in a stream of any length, in bounded memory
 * (Misra-Gries with weights): at most {@code 2k} counters; when they overflow, the k-th largest
 * count is subtracted from all and the counters left at zero or below are dropped. A key's
 * estimate is never above its true total and at most {@code total / (k + 1)} below it, so any key
 * holding more than that share is found. Not thread-safe.
 *
 * @param <K> the key type
 */
public final class HeavyHitters<K> {

  /** A key and the lower bound of its total weight. */
  public record Entry<K>(K key, double weight) {}

  private final int k;
  private final Map<K, double[]> counters = new HashMap<>();
  private double total;

  /** Tracks the heaviest keys with {@code k} to {@code 2k} counters. */
  public HeavyHitters(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    this.k = k;
  }

  /** Adds {@code weight} to {@code key}. */
  public void add(K key, double weight) {
    total += weight;
    counters.computeIfAbsent(key, x -> new double[1])[0] += weight;
    if (counters.size() > 2 * k) {
      shrink();
    }
  }

  /** The sum of every weight added. */
  public double total() {
    return total;
  }

  /** The heaviest keys, heaviest first, at most {@code limit}. */
  public List<Entry<K>> top(int limit) {
    List<Entry<K>> entries = new ArrayList<>(counters.size());
    counters.forEach((key, c) -> entries.add(new Entry<>(key, c[0])));
    entries.sort((a, b) -> Double.compare(b.weight(), a.weight()));
    return entries.subList(0, Math.min(limit, entries.size()));
  }

  private void shrink() {
    double[] values = new double[counters.size()];
    int i = 0;
    for (double[] c : counters.values()) {
      values[i++] = c[0];
    }
    Arrays.sort(values);
    double cut = values[values.length - 1 - k];
    counters.values().removeIf(c -> (c[0] -= cut) <= 0);
  }
}
