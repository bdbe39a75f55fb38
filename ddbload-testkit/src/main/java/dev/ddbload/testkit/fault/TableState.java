package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One simulated table's capacity as it runs: the table's token bucket (a provisioned rate, or
 * twice an on-demand table's peak), one bucket per partition, and the on-demand peak. Not
 * thread-safe: used under its {@link DynamoModel}'s lock.
 */
final class TableState {

  /** What an on-demand table may save up at twice its peak: DynamoDB gives it no burst credit. */
  private static final Duration ON_DEMAND_BURST = Duration.ofSeconds(1);

  private final LongSupplier nanoTime;
  private CapacitySpec spec;
  /** The table-wide bucket, or null when only partitions (or nothing) limit the table. */
  private WcuBudget table;
  /** One bucket per partition, or null without partitions. */
  private final WcuBudget[] partitions;
  /** The on-demand peak, or null unless on demand. */
  private OnDemandPeak peak;

  /**
   * @param spec the table's capacity
   * @param nanoTime the model's time source
   * @param second the current whole second since the model started
   */
  TableState(CapacitySpec spec, LongSupplier nanoTime, long second) {
    this.nanoTime = nanoTime;
    this.spec = spec;
    if (spec.partitionCount() > 0) {
      partitions = new WcuBudget[spec.partitionCount()];
      for (int i = 0; i < partitions.length; i++) {
        partitions[i] = new WcuBudget(spec.wcuPerPartition(), spec.partitionBurst(), spec.startsFull(), nanoTime);
      }
    } else {
      partitions = null;
    }
    switch (spec.mode()) {
      case PROVISIONED -> table = new WcuBudget(spec.wcuPerSecond(), spec.burst(), spec.startsFull(), nanoTime);
      case ON_DEMAND -> startOnDemand(spec.previousPeakWcu(), second);
      default -> table = null;
    }
  }

  /** Whether anything limits this table's writes. */
  boolean limitsWrites() {
    return spec.limitsWrites();
  }

  /** Moves the on-demand peak to whole second {@code second}, raising the table's rate if it rose. */
  void advance(long now, long second) {
    if (peak != null && peak.advance(second)) {
      table.setRate(2 * peak.peak(), now);
    }
  }

  /**
   * Lets one item through, taking its units from the table and its partition, or says why not
   * (nothing taken).
   */
  ItemResult admit(String key, double units, long now) {
    if (table != null && !table.hasRoom(units, now)) {
      return peak != null ? ItemResult.ON_DEMAND_SCALING : ItemResult.TABLE_CAPACITY;
    }
    WcuBudget partition = partitions == null ? null : partitions[spec.partitionOf(key)];
    if (partition != null && !partition.hasRoom(units, now)) {
      return ItemResult.PARTITION_LIMIT;
    }
    if (table != null) {
      table.take(units);
    }
    if (partition != null) {
      partition.take(units);
    }
    if (peak != null) {
      peak.consumed(units);
    }
    return ItemResult.PROCESSED;
  }

  /**
   * Makes the table provisioned at {@code wcuPerSecond}: a provisioned table keeps the capacity
   * it saved up; any other gets a new bucket as its spec says (full or empty). Partitions stay.
   */
  void setWriteCapacity(double wcuPerSecond, long now) {
    CapacitySpec next = spec.toProvisioned(wcuPerSecond);
    if (spec.mode() == CapacitySpec.Mode.PROVISIONED) {
      table.setRate(wcuPerSecond, now);
    } else {
      table = new WcuBudget(wcuPerSecond, next.burst(), next.startsFull(), nanoTime);
    }
    peak = null;
    spec = next;
  }

  /** Makes the table on demand with previous peak {@code peakWcu}. Partitions stay. */
  void setOnDemand(double peakWcu, long second) {
    spec = spec.toOnDemand(peakWcu);
    startOnDemand(peakWcu, second);
  }

  /**
   * The previous peak {@link DynamoModel#setOnDemand(String)} takes: an on-demand table's own,
   * a provisioned table's rate (DynamoDB keeps serving it while switching), else a new table's.
   */
  double peakOnSwitch() {
    return switch (spec.mode()) {
      case ON_DEMAND -> peak.peak();
      case PROVISIONED -> spec.wcuPerSecond();
      default -> CapacitySpec.NEW_ON_DEMAND_PEAK;
    };
  }

  /** The capacity in force, an on-demand table's with its current peak. */
  CapacitySpec spec() {
    return peak == null ? spec : spec.toOnDemand(peak.peak());
  }

  private void startOnDemand(double peakWcu, long second) {
    int window = (int) Math.max(1, (spec.scaleAfter().toNanos() + 999_999_999L) / 1_000_000_000L);
    peak = new OnDemandPeak(peakWcu, window, second);
    table = new WcuBudget(2 * peakWcu, ON_DEMAND_BURST, true, nanoTime);
  }
}
