package dev.ddbload.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One load's capacity plan: raises capacity before the load (or, for a dry run, works out what
 * it would raise it to), decides the write-rate ceiling, and restores capacity after. The
 * ceiling is {@code --max-wcu} when given; on a provisioned table otherwise
 * {@code fraction × (table + index write capacity)} after raising, metered on the total
 * DynamoDB reports as consumed (indexes included); on an on-demand table its maximum write
 * request units ({@link OnDemandLimits#writeCeiling()}), or none. An on-demand maximum also caps
 * {@code --max-wcu}: more would only be throttled. Not thread-safe: {@link #prepare} then
 * {@link #finish}, from one thread.
 */
public final class CapacityControl {

  private final CapacityManager manager;
  private final String table;
  private final CapacityTargets targets;
  private final double fraction;
  private final double maxWcu;
  private CapacityManager.Preparation preparation;
  private String rateSource = "no limit";
  private OnDemandLimits onDemandLimits = OnDemandLimits.NONE;

  /**
   * @param manager talks to DynamoDB
   * @param table the table
   * @param targets capacity to raise to and restore to
   * @param fraction share of the provisioned write capacity to use, in (0, 1]
   * @param maxWcu an explicit ceiling in write units per second, or 0
   */
  public CapacityControl(CapacityManager manager, String table, CapacityTargets targets, double fraction,
      double maxWcu) {
    this.manager = manager;
    this.table = table;
    this.targets = targets;
    this.fraction = fraction;
    this.maxWcu = maxWcu;
  }

  /**
   * Readies the table (raising capacity unless {@code dryRun}) and returns the write-rate
   * ceiling in units per second ({@code Infinity} for none).
   */
  public double prepare(boolean dryRun) throws InterruptedException {
    TableCapacity capacity;
    if (dryRun) {
      capacity = planned(manager.awaitActive(table));
      preparation = new CapacityManager.Preparation(capacity, List.of(), List.of(), Optional.empty());
    } else {
      preparation = manager.prepare(table, targets);
      capacity = preparation.capacity();
    }
    onDemandLimits = capacity.onDemandLimits();
    long onDemandMax = onDemandLimits.writeCeiling();
    if (maxWcu > 0 && (onDemandMax == 0 || maxWcu <= onDemandMax)) {
      rateSource = "LoadOptions.maxWcu";
      return maxWcu;
    }
    if (onDemandMax > 0) {
      rateSource = "the on-demand maximum, " + String.join(" + ", onDemandLimits.describe(table).entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).toList()) + " WRU/s";
      return onDemandMax;
    }
    if (capacity.onDemand()) {
      rateSource = "on-demand table, no fixed limit";
      return Double.POSITIVE_INFINITY;
    }
    rateSource = Math.round(fraction * 100) + "% of " + capacity.totalWrite() + " provisioned WCU";
    return Math.max(1, fraction * capacity.totalWrite());
  }

  /** The on-demand table's maximum write request units, known once {@link #prepare} has run. */
  public OnDemandLimits onDemandLimits() {
    return onDemandLimits;
  }

  /** Where the ceiling comes from, in a few words. */
  public String rateSource() {
    return rateSource;
  }

  /**
   * Restores capacity (nothing for a dry run) and reports what this load changed.
   *
   * @param interrupted the load was interrupted: do not wait for ACTIVE after lowering
   */
  public CapacityReport finish(boolean dryRun, boolean interrupted) throws InterruptedException {
    if (preparation == null) {
      return CapacityReport.NONE;
    }
    boolean onDemand = preparation.capacity().onDemand();
    List<CapacityChange> restored = new ArrayList<>(preparation.restoredFirst());
    Optional<String> problem = preparation.problem();
    if (!dryRun) {
      CapacityManager.Restoration r = manager.restore(table, !interrupted);
      restored.addAll(r.lowered());
      if (r.problem().isPresent()) {
        problem = r.problem();
      }
    }
    return new CapacityReport(onDemand, preparation.raised(), restored, problem);
  }

  /**
   * Leaves capacity as it is, its restore still recorded, for a job that another run continues
   * and restores; reports what this load raised.
   */
  public CapacityReport keep() {
    if (preparation == null) {
      return CapacityReport.NONE;
    }
    return new CapacityReport(preparation.capacity().onDemand(), preparation.raised(), preparation.restoredFirst(),
        Optional.empty());
  }

  /** The capacity the table would have after raising, without raising it. */
  private TableCapacity planned(TableCapacity now) {
    if (now.onDemand() || targets.maxWrite() == 0) {
      return now;
    }
    var indexes = new java.util.LinkedHashMap<String, ProvisionedCapacity>();
    now.indexes().forEach((name, c) -> indexes.put(name, c.withWrite(Math.max(c.write(), targets.indexRaise()))));
    return new TableCapacity(now.table(), false,
        now.capacity().withWrite(Math.max(now.capacity().write(), targets.maxWrite())), indexes,
        now.decreasesToday(), now.lastDecrease(), OnDemandLimits.NONE);
  }
}
