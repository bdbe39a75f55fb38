package dev.ddbload.testkit.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How much a simulated table lets through per second: what a {@link DynamoModel} (and so a
 * {@link FaultProxy}) enforces on BatchWriteItem. Immutable; each {@code with}-style method
 * returns a changed copy and rejects a bad value at once. Thread-safe.
 *
 * <ul>
 *   <li>{@link #unlimited()}: no table limit (the default);</li>
 *   <li>{@link #provisioned(double)}: a provisioned table, a token bucket at the rate that saves
 *       unused capacity for up to {@link #burst()} (DynamoDB keeps 300 s, the default);</li>
 *   <li>{@link #onDemand(double)}: an on-demand table that instantly accommodates up to twice its
 *       previous peak and throttles beyond it; the peak rises to the consumed rate once that rate
 *       has been held for {@link #scaleAfter()} (see {@link DynamoModel} for the exact rule).</li>
 * </ul>
 * Any of them may add {@link #partitions(int, double) partitions}: each partition key hashes
 * ({@link #partitionOf(String)}) to one of N partitions, each its own token bucket (DynamoDB's
 * limit is 1,000 WCU/s per partition), so a hot key is throttled while other keys pass.
 */
public final class CapacitySpec {

  /** What limits the table as a whole. */
  public enum Mode {
    /** No table-wide limit (partitions may still limit). */
    UNLIMITED,
    /** A provisioned rate with saved-up burst capacity. */
    PROVISIONED,
    /** Twice the previous peak, the peak rising as traffic is sustained. */
    ON_DEMAND
  }

  /** DynamoDB's per-partition write limit, in WCU per second. */
  public static final double PARTITION_WCU = 1_000;

  /** The previous peak DynamoDB gives a new on-demand table (it sustains 4,000 writes per second). */
  public static final double NEW_ON_DEMAND_PEAK = 2_000;

  private static final CapacitySpec UNLIMITED = new CapacitySpec(Mode.UNLIMITED, 0, Duration.ofSeconds(300), true,
      0, PARTITION_WCU, Duration.ofSeconds(1), Duration.ofSeconds(30));

  private final Mode mode;
  private final double rate;
  private final Duration burst;
  private final boolean startsFull;
  private final int partitions;
  private final double wcuPerPartition;
  private final Duration partitionBurst;
  private final Duration scaleAfter;

  private CapacitySpec(Mode mode, double rate, Duration burst, boolean startsFull, int partitions,
      double wcuPerPartition, Duration partitionBurst, Duration scaleAfter) {
    this.mode = mode;
    this.rate = rate;
    this.burst = burst;
    this.startsFull = startsFull;
    this.partitions = partitions;
    this.wcuPerPartition = wcuPerPartition;
    this.partitionBurst = partitionBurst;
    this.scaleAfter = scaleAfter;
  }

  /** No limit on writes: every item that escapes the random faults is processed. */
  public static CapacitySpec unlimited() {
    return UNLIMITED;
  }

  /**
   * A provisioned table of {@code wcuPerSecond} write capacity units per second, saving up to
   * 300 s of unused capacity (change with {@link #burst(Duration)}).
   */
  public static CapacitySpec provisioned(double wcuPerSecond) {
    return UNLIMITED.toProvisioned(wcuPerSecond);
  }

  /**
   * An on-demand table whose previous peak is {@code previousPeakWcu} WCU per second, so that up
   * to twice that passes at once; the peak rises after {@link #scaleAfter()} (default 30 s) of
   * sustained traffic above it. A new on-demand table's is {@link #NEW_ON_DEMAND_PEAK}.
   */
  public static CapacitySpec onDemand(double previousPeakWcu) {
    return UNLIMITED.toOnDemand(previousPeakWcu);
  }

  /** Unused capacity a provisioned table saves up, as time at its rate (at least one unit is kept). */
  public CapacitySpec burst(Duration burst) {
    Objects.requireNonNull(burst, "burst");
    if (burst.isNegative()) {
      throw new IllegalArgumentException("burst must not be negative, got " + burst);
    }
    return new CapacitySpec(mode, rate, burst, startsFull, partitions, wcuPerPartition, partitionBurst, scaleAfter);
  }

  /** {@link #burst(Duration)} in seconds, e.g. 300 (DynamoDB's), 60, or 0.1. */
  public CapacitySpec burstSeconds(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("burst seconds must be 0 or more, got " + seconds);
    }
    return burst(Duration.ofNanos(Math.round(seconds * 1e9)));
  }

  /**
   * Buckets start empty instead of full: nothing is saved up until the table has been idle
   * (default: they start full, as if the table had been idle for its whole burst).
   */
  public CapacitySpec startEmpty() {
    return new CapacitySpec(mode, rate, burst, false, partitions, wcuPerPartition, partitionBurst, scaleAfter);
  }

  /**
   * Splits the table into {@code count} partitions of {@code wcuPerPartition} WCU per second
   * each (DynamoDB's: {@link #PARTITION_WCU}); an item must fit both the table and its key's
   * partition.
   */
  public CapacitySpec partitions(int count, double wcuPerPartition) {
    if (count < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + count);
    }
    return new CapacitySpec(mode, rate, burst, startsFull, count, positive(wcuPerPartition, "wcuPerPartition"),
        partitionBurst, scaleAfter);
  }

  /** Unused capacity a partition saves up, as time at its rate (default 1 s). */
  public CapacitySpec partitionBurst(Duration burst) {
    Objects.requireNonNull(burst, "burst");
    if (burst.isNegative()) {
      throw new IllegalArgumentException("partitionBurst must not be negative, got " + burst);
    }
    return new CapacitySpec(mode, rate, this.burst, startsFull, partitions, wcuPerPartition, burst, scaleAfter);
  }

  /**
   * On demand: how long the consumed rate must stay above the previous peak before it becomes the
   * new peak (default 30 s; counted in whole seconds, at least one).
   */
  public CapacitySpec scaleAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("scaleAfter must not be negative, got " + delay);
    }
    return new CapacitySpec(mode, rate, burst, startsFull, partitions, wcuPerPartition, partitionBurst, delay);
  }

  /** This spec as a provisioned table of {@code wcuPerSecond}, its other settings kept. */
  CapacitySpec toProvisioned(double wcuPerSecond) {
    return new CapacitySpec(Mode.PROVISIONED, positive(wcuPerSecond, "wcuPerSecond"), burst, startsFull, partitions,
        wcuPerPartition, partitionBurst, scaleAfter);
  }

  /** This spec as an on-demand table of previous peak {@code peakWcu}, its other settings kept. */
  CapacitySpec toOnDemand(double peakWcu) {
    return new CapacitySpec(Mode.ON_DEMAND, positive(peakWcu, "previousPeakWcu"), burst, startsFull, partitions,
        wcuPerPartition, partitionBurst, scaleAfter);
  }

  /** What limits the table as a whole. */
  public Mode mode() {
    return mode;
  }

  /** Whether anything limits writes: a table limit or partitions. */
  public boolean limitsWrites() {
    return mode != Mode.UNLIMITED || partitions > 0;
  }

  /** The provisioned rate in WCU per second; 0 unless {@link Mode#PROVISIONED}. */
  public double wcuPerSecond() {
    return mode == Mode.PROVISIONED ? rate : 0;
  }

  /** The on-demand previous peak in WCU per second; 0 unless {@link Mode#ON_DEMAND}. */
  public double previousPeakWcu() {
    return mode == Mode.ON_DEMAND ? rate : 0;
  }

  /** Unused capacity a provisioned table saves up, as time at its rate. */
  public Duration burst() {
    return burst;
  }

  /** Whether buckets start full (the default) rather than empty. */
  public boolean startsFull() {
    return startsFull;
  }

  /** The number of partitions, 0 for no per-partition limit. */
  public int partitionCount() {
    return partitions;
  }

  /** Each partition's rate in WCU per second (meaningful when {@link #partitionCount()} is positive). */
  public double wcuPerPartition() {
    return wcuPerPartition;
  }

  /** Unused capacity a partition saves up, as time at its rate. */
  public Duration partitionBurst() {
    return partitionBurst;
  }

  /** On demand: how long traffic above the peak must be sustained before the peak rises. */
  public Duration scaleAfter() {
    return scaleAfter;
  }

  /**
   * The partition, 0 to {@link #partitionCount()} - 1, that a partition-key value (as text)
   * hashes to; 0 without partitions. Stable across runs and JVMs.
   */
  public int partitionOf(String key) {
    if (partitions <= 1) {
      return 0;
    }
    // String.hashCode is specified, so stable; the finalizer of MurmurHash3 spreads similar keys.
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, partitions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapacitySpec c && c.mode == mode && c.rate == rate && c.burst.equals(burst)
        && c.startsFull == startsFull && c.partitions == partitions && c.wcuPerPartition == wcuPerPartition
        && c.partitionBurst.equals(partitionBurst) && c.scaleAfter.equals(scaleAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, rate, burst, startsFull, partitions, wcuPerPartition, partitionBurst, scaleAfter);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    switch (mode) {
      case PROVISIONED -> sb.append(String.format(Locale.ROOT, "provisioned=%s/s burst=%s", number(rate),
          seconds(burst)));
      case ON_DEMAND -> sb.append(String.format(Locale.ROOT, "on-demand peak=%s/s scale-after=%s", number(rate),
          seconds(scaleAfter)));
      default -> sb.append("unlimited");
    }
    if (partitions > 0) {
      sb.append(String.format(Locale.ROOT, " partitions=%dx%s/s burst=%s", partitions, number(wcuPerPartition),
          seconds(partitionBurst)));
    }
    if (!startsFull) {
      sb.append(" start-empty");
    }
    return sb.toString();
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String seconds(Duration d) {
    return number(d.toNanos() / 1e9) + "s";
  }

  private static double positive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }
    return value;
  }
}
