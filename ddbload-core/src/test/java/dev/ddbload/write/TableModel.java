package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A DynamoDB table as the writer meets it, for simulated runs: a write budget with burst credit
 * (changeable while running), optional partitions with their own 1,000 WCU/s and hot keys, an
 * on-demand mode (at most twice the previous peak until it has scaled), random faults on top
 * (whole calls throttled, HTTP 500s, dropped connections, items returned unprocessed, keys never
 * processed), and a server that serves so many items a second in turn, so latency climbs with
 * load as DynamoDB Local's does. Seeded; time is the caller's. Not thread-safe.
 */
final class TableModel {

  /** What a call comes to. */
  enum Kind { OK, THROTTLED, HTTP_500, RESET }

  /** One call's outcome: the items returned unprocessed and the units consumed, when OK. */
  record Outcome(Kind kind, List<WriteItem> unprocessed, double consumed, long latencyNanos) {}

  private final SplittableRandom random;
  // capacity
  private double budget = Double.POSITIVE_INFINITY;
  private double burstSeconds = 1;
  private double tokens;
  private long refilled;
  private int partitions;
  private double partitionWcu = 1000;
  private double[] partitionTokens = new double[0];
  private int hotEvery;
  private boolean onDemand;
  private double peak;
  private long scaleDelayNanos;
  private long pressedSince = -1;
  // faults
  private double throttleCalls;
  private double http500;
  private double resets;
  private double unprocessed;
  private Set<String> poison = Set.of();
  // latency
  private long baseNanos = 1_000_000;
  private long jitterNanos;
  private double serverItemsPerSecond = Double.POSITIVE_INFINITY;
  private long serverFreeAt;
  final Stats stats = new Stats();

  TableModel(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A provisioned budget of {@code wcu} units a second with {@code burstSeconds} of saved credit (full). */
  TableModel budget(double wcu, double burstSeconds, long now) {
    refill(now);
    this.budget = wcu;
    this.burstSeconds = burstSeconds;
    this.tokens = Double.isInfinite(wcu) ? 0 : Math.max(1, wcu * burstSeconds);
    this.refilled = now;
    return this;
  }

  /** Changes the budget while running, keeping the credit saved so far. */
  TableModel setBudget(double wcu, long now) {
    refill(now);
    this.budget = wcu;
    return this;
  }

  /** {@code count} partitions of {@code wcu} each; every {@code hotEvery}-th key (0: none) lands on partition 0. */
  TableModel partitions(int count, double wcu, int hotEvery) {
    this.partitions = count;
    this.partitionWcu = wcu;
    this.partitionTokens = new double[count];
    java.util.Arrays.fill(partitionTokens, wcu);
    this.hotEvery = hotEvery;
    return this;
  }

  /** On demand: at most twice {@code peak}; pressed against that for {@code scaleDelayNanos}, the peak doubles. */
  TableModel onDemand(double peak, long scaleDelayNanos) {
    this.onDemand = true;
    this.peak = peak;
    this.scaleDelayNanos = scaleDelayNanos;
    return budget(2 * peak, 0.2, 0);
  }

  TableModel faults(double throttleCalls, double http500, double resets, double unprocessed) {
    this.throttleCalls = throttleCalls;
    this.http500 = http500;
    this.resets = resets;
    this.unprocessed = unprocessed;
    return this;
  }

  TableModel poison(Set<String> keys) {
    this.poison = keys;
    return this;
  }

  /** Latency: {@code base} plus uniform jitter up to {@code jitter}, plus waiting for the server. */
  TableModel latency(long baseNanos, long jitterNanos, double serverItemsPerSecond) {
    this.baseNanos = baseNanos;
    this.jitterNanos = jitterNanos;
    this.serverItemsPerSecond = serverItemsPerSecond;
    return this;
  }

  double budget() {
    return budget;
  }

  /** A call of these items arriving at {@code now}. */
  Outcome call(List<WriteItem> items, long now) {
    refill(now);
    long jitter = jitterNanos == 0 ? 0 : random.nextLong(jitterNanos);
    double draw = random.nextDouble();
    stats.call(now, items.size());
    if (draw < throttleCalls) {
      stats.throttledCall(now);
      return new Outcome(Kind.THROTTLED, items, 0, baseNanos + jitter);
    }
    if (draw < throttleCalls + http500) {
      return new Outcome(Kind.HTTP_500, items, 0, baseNanos + jitter);
    }
    if (draw < throttleCalls + http500 + resets) {
      return new Outcome(Kind.RESET, items, 0, baseNanos + jitter);
    }
    List<WriteItem> back = new ArrayList<>();
    double consumed = 0;
    int served = 0;
    boolean overBudget = false;
    for (WriteItem item : items) {
      String key = item.key().get("pk").s();
      if (poison.contains(key) || (unprocessed > 0 && random.nextDouble() < unprocessed)) {
        back.add(item);
        continue;
      }
      int units = item.estimatedWriteUnits();
      if (!admit(key, units)) {
        overBudget = true;
        back.add(item);
        continue;
      }
      consumed += units;
      served++;
    }
    if (served == 0 && overBudget) {
      stats.throttledCall(now);
      return new Outcome(Kind.THROTTLED, items, 0, baseNanos + jitter);
    }
    stats.answered(now, consumed, back.size());
    long start = Math.max(now, serverFreeAt);
    serverFreeAt = start + (long) (served / serverItemsPerSecond * 1e9);
    return new Outcome(Kind.OK, back, consumed, serverFreeAt - now + baseNanos + jitter);
  }

  private boolean admit(String key, int units) {
    if (partitions > 0) {
      int p = hotEvery > 0 && Math.floorMod(key.hashCode(), hotEvery) == 0 ? 0
          : Math.floorMod(key.hashCode() * 31 + 7, partitions);
      if (partitionTokens[p] <= 0) {
        return false;
      }
      partitionTokens[p] -= units;
    }
    if (Double.isInfinite(budget)) {
      return true;
    }
    if (tokens <= 0) {
      if (onDemand) {
        pressed();
      }
      return false;
    }
    tokens -= units;
    return true;
  }

  private long lastNow;

  /** Pressed against the on-demand limit: once that has lasted the scale delay, the peak doubles. */
  private void pressed() {
    if (pressedSince < 0) {
      pressedSince = lastNow;
    } else if (lastNow - pressedSince >= scaleDelayNanos) {
      peak *= 2;
      budget = 2 * peak;
      pressedSince = -1;
    }
  }

  private void refill(long now) {
    lastNow = now;
    double seconds = (now - refilled) / 1e9;
    if (seconds <= 0) {
      return;
    }
    refilled = now;
    if (!Double.isInfinite(budget)) {
      tokens = Math.min(Math.max(1, budget * burstSeconds), tokens + seconds * budget);
    }
    for (int p = 0; p < partitions; p++) {
      partitionTokens[p] = Math.min(partitionWcu, partitionTokens[p] + seconds * partitionWcu);
    }
    if (onDemand && pressedSince >= 0 && now - pressedSince > 2 * scaleDelayNanos) {
      pressedSince = -1; // the pressure went away before the table scaled
    }
  }

  /** Counts per second of simulated time, by when calls arrived. */
  static final class Stats {
    private final List<double[]> seconds = new ArrayList<>();
    private static final int CONSUMED = 0;
    private static final int CALLS = 1;
    private static final int THROTTLED_CALLS = 2;
    private static final int ITEMS = 3;
    private static final int UNPROCESSED = 4;

    private double[] at(long now) {
      int s = (int) (now / 1_000_000_000L);
      while (seconds.size() <= s) {
        seconds.add(new double[5]);
      }
      return seconds.get(s);
    }

    void call(long now, int items) {
      double[] a = at(now);
      a[CALLS]++;
      a[ITEMS] += items;
    }

    void throttledCall(long now) {
      at(now)[THROTTLED_CALLS]++;
    }

    void answered(long now, double consumed, int unprocessed) {
      double[] a = at(now);
      a[CONSUMED] += consumed;
      a[UNPROCESSED] += unprocessed;
    }

    /** Units consumed per second over {@code [from, to)}. */
    double consumedRate(int from, int to) {
      return sum(CONSUMED, from, to) / (to - from);
    }

    /** Share of items sent that were not written (throttled with their call, or unprocessed) over {@code [from, to)}. */
    double throttledItemShare(int from, int to) {
      double items = sum(ITEMS, from, to);
      return items == 0 ? 0 : 1 - sum(CONSUMED, from, to) / items;
    }

    /** Share of calls throttled whole over {@code [from, to)}. */
    double throttledCallShare(int from, int to) {
      double calls = sum(CALLS, from, to);
      return calls == 0 ? 0 : sum(THROTTLED_CALLS, from, to) / calls;
    }

    int seconds() {
      return seconds.size();
    }

    private double sum(int what, int from, int to) {
      double total = 0;
      for (int s = from; s < Math.min(to, seconds.size()); s++) {
        total += seconds.get(s)[what];
      }
      return total;
    }
  }
}
