package dev.ddbload;

import dev.ddbload.capacity.CapacityControl;
import dev.ddbload.capacity.CapacityManager;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.capacity.LoadPlanner;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.capacity.RestoreLedger;
import dev.ddbload.capacity.RestoreStore;
import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.engine.LoadStop;
import dev.ddbload.write.ErrorClassifier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One load's capacity steps, as {@link BulkLoader#load} takes them: the record of restores owed,
 * the raise before the load (which sets the write rate's ceiling), the restore after it, and the
 * rate a dry run plans with. Used by the loading thread only.
 */
final class LoadCapacity {

  private static final Logger log = LoggerFactory.getLogger(LoadCapacity.class);
  /** A new on-demand table starts out absorbing this many write units per second. */
  static final double NEW_ON_DEMAND_WCU_PER_SECOND = 4000;
  private static final Duration CAPACITY_WAIT = Duration.ofMinutes(30);

  private final LoadOptions options;
  private final RestoreStore ledger;
  private final CapacityControl control;

  private LoadCapacity(LoadOptions options, RestoreStore ledger, CapacityControl control) {
    this.options = options;
    this.ledger = ledger;
    this.control = control;
  }

  /**
   * The capacity steps of a load: restores owed are recorded in the store asked for, else the
   * state directory's; a restore the resumed checkpoint carries and the record lost is owed still.
   */
  static LoadCapacity open(LoadOptions options, DynamoDbClient controlPlane, Optional<Checkpoint> resumed) {
    RestoreStore ledger = options.restoreStore().orElseGet(() -> new RestoreLedger(options.stateDirectory()));
    resumed.flatMap(Checkpoint::pendingRestore).ifPresent(r -> adoptPendingRestore(options, ledger, r));
    CapacityManager manager = new CapacityManager(controlPlane, ledger,
        options.client().describeTarget(), options.clock(), d -> Thread.sleep(d.toMillis()), CAPACITY_WAIT);
    return new LoadCapacity(options, ledger, new CapacityControl(manager, options.table(), options.capacity(),
        options.capacityFraction(), options.maxWcu()));
  }

  private static void adoptPendingRestore(LoadOptions options, RestoreStore ledger, PendingRestore restore) {
    String target = options.client().describeTarget();
    if (restore.target().equals(target) && ledger.find(options.table(), target).isEmpty()) {
      log.info("The checkpoint records a capacity restore still owed for table {}.", options.table());
      ledger.save(restore);
    }
  }

  /** The restore still owed for the load's table, for the checkpoint to carry. */
  Optional<PendingRestore> pendingRestore() {
    return ledger.find(options.table(), options.client().describeTarget());
  }

  /** Raises capacity (or plans it, for a dry run); returns the write-rate ceiling. */
  double prepare(boolean tableExists) throws InterruptedException {
    if (options.dryRun() && !tableExists) {
      return options.maxWcu() > 0 ? options.maxWcu() : Double.POSITIVE_INFINITY;
    }
    try {
      return control.prepare(options.dryRun());
    } catch (SdkException e) {
      throw new ConfigurationException("DynamoDB refused to describe or update table " + options.table() + ": "
          + ErrorClassifier.describe(e) + ".", e);
    }
  }

  /** Restores capacity, unless the load was paused (then it stays raised, its restore recorded). */
  CapacityReport finish(LoadStop stop) throws InterruptedException {
    if (stop.isPaused()) {
      return control.keep();
    }
    try {
      return control.finish(options.dryRun(), stop.isCancelled());
    } catch (RuntimeException e) {
      log.error("Restoring capacity failed", e);
      return new CapacityReport(false, List.of(), List.of(), Optional.of("The write capacity of table "
          + options.table() + " could not be restored: " + e.getMessage()
          + ". Run `ddbload restore-capacity --table " + options.table() + "`."));
    }
  }

  /**
   * A dry run's plan, at the ceiling or what a new on-demand table absorbs.
   *
   * @param planner the dry run's planner; null when the load was not a dry run
   */
  Optional<LoadPlan> plan(LoadPlanner planner, double ceiling) {
    double rate = Double.isInfinite(ceiling) ? NEW_ON_DEMAND_WCU_PER_SECOND : ceiling;
    return Optional.ofNullable(planner).map(p -> p.plan(rate, control.rateSource(),
        options.pricePerMillionWriteUnits(), control.onDemandLimits().describe(options.table())));
  }
}
