package dev.ddbload.capacity;

import dev.ddbload.config.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * Raises a provisioned table's write capacity before a load and brings it back down after, as
 * the loader's own job: waits until the table and its indexes are ACTIVE (UpdateTable fails
 * otherwise), never lowers a capacity when raising or raises one when restoring, never sends a
 * same-value update (DynamoDB rejects it), and passes the read capacity unchanged (both must be
 * sent together). Before raising, what to restore is recorded in a {@link RestoreStore}, so a
 * run that dies before restoring is restored by the next run or by
 * {@code ddbload restore-capacity}. On-demand tables have nothing to change.
 *
 * <p>Uses a control-plane client with the SDK's standard retries. Not thread-safe: one load at a
 * time per table.
 */
public final class CapacityManager {

  /** Waits between two DescribeTable calls; injected so tests never sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /** Sleeps for {@code d}. */
    void sleep(Duration d) throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(CapacityManager.class);
  private static final Duration POLL = Duration.ofSeconds(5);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final DynamoDbClient client;
  private final RestoreStore ledger;
  private final String target;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration activeTimeout;

  /**
   * @param client a control-plane client
   * @param ledger where pending restores are recorded
   * @param target where the table lives (endpoint or region), to key the ledger
   * @param clock for timeouts and records
   * @param sleeper pauses between polls
   * @param activeTimeout how long to wait for the table to become ACTIVE
   */
  public CapacityManager(DynamoDbClient client, RestoreStore ledger, String target, Clock clock, Sleeper sleeper,
      Duration activeTimeout) {
    this.client = client;
    this.ledger = ledger;
    this.target = target;
    this.clock = clock;
    this.sleeper = sleeper;
    this.activeTimeout = activeTimeout;
  }

  /** The outcome of {@link #prepare}. */
  public record Preparation(TableCapacity capacity, List<CapacityChange> raised, List<CapacityChange> restoredFirst,
      Optional<String> problem) {}

  /**
   * Gets the table ready for a load: restores a restore left pending by an earlier run (unless
   * this load raises capacity itself, in which case it takes over that run's restore values),
   * records what to restore after the load, raises capacity where it is lower than asked, and
   * waits until everything is ACTIVE.
   *
   * @return the table's capacity after raising, and what changed
   * @throws ConfigurationException if the table stays non-ACTIVE past the timeout
   */
  public Preparation prepare(String table, CapacityTargets targets) throws InterruptedException {
    TableCapacity cap = awaitActive(table);
    Optional<PendingRestore> pending = ledger.find(table, target);
    if (cap.onDemand()) {
      if (targets.manages()) {
        log.info("Table {} is on-demand: there is no write capacity to raise or restore.", table);
      }
      pending.ifPresent(p -> ledger.clear(table, target));
      return new Preparation(cap, List.of(), List.of(), Optional.empty());
    }
    List<CapacityChange> restoredFirst = List.of();
    Optional<String> problem = Optional.empty();
    if (pending.isPresent() && targets.maxWrite() == 0) {
      log.info("A previous run left the capacity of table {} raised; restoring it first.", table);
      Restoration r = restore(table, true);
      restoredFirst = r.lowered();
      problem = r.problem();
      cap = awaitActive(table);
      pending = Optional.empty();
    } else if (pending.isPresent()) {
      log.info("A previous run left the capacity of table {} raised; this run will restore it.", table);
    }
    if (!targets.manages() || problem.isPresent()) {
      return new Preparation(cap, List.of(), restoredFirst, problem);
    }
    ledger.save(restoreRecord(cap, targets, pending));
    List<CapacityChange> raised;
    try {
      raised = raise(cap, targets);
    } catch (SdkException e) {
      if (pending.isEmpty() && targets.minWrite() == 0) {
        ledger.clear(table, target);
      }
      throw new ConfigurationException("DynamoDB refused to raise the write capacity of table " + table + ": "
          + e.getMessage(), e);
    }
    if (!raised.isEmpty()) {
      cap = awaitActive(table);
    }
    return new Preparation(cap, raised, restoredFirst, Optional.empty());
  }

  /** The outcome of {@link #restore}. */
  public record Restoration(List<CapacityChange> lowered, Optional<String> problem) {}

  /**
   * Brings the table back to the capacity recorded before the load, lowering only what is
   * higher. Does nothing when no restore is pending.
   *
   * @param awaitActive wait for the table to be ACTIVE after lowering (false when shutting down:
   *     an accepted UpdateTable completes by itself)
   * @return what was lowered, or why it could not be
   */
  public Restoration restore(String table, boolean awaitActive) throws InterruptedException {
    Optional<PendingRestore> pending = ledger.find(table, target);
    if (pending.isEmpty()) {
      return new Restoration(List.of(), Optional.empty());
    }
    PendingRestore p = pending.get();
    TableCapacity cap;
    try {
      cap = awaitActive(table);
    } catch (ResourceNotFoundException gone) {
      ledger.clear(table, target);
      return new Restoration(List.of(), Optional.empty());
    } catch (SdkException | ConfigurationException e) {
      return new Restoration(List.of(), Optional.of("The write capacity of table " + table
          + " could not be restored: " + e.getMessage() + " Run `ddbload restore-capacity --table " + table
          + "` once it can be."));
    }
    if (cap.onDemand()) {
      ledger.clear(table, target);
      return new Restoration(List.of(), Optional.empty());
    }
    List<CapacityChange> lowered = new ArrayList<>();
    UpdateTableRequest.Builder update = UpdateTableRequest.builder().tableName(table);
    if (cap.capacity().write() > p.tableWrite()) {
      update.provisionedThroughput(throughput(cap.capacity().withWrite(p.tableWrite())));
      lowered.add(new CapacityChange("table " + table, cap.capacity().write(), p.tableWrite()));
    }
    List<GlobalSecondaryIndexUpdate> indexUpdates = new ArrayList<>();
    p.indexWrites().forEach((index, write) -> {
      ProvisionedCapacity now = cap.indexes().get(index);
      if (now != null && now.write() > write) {
        indexUpdates.add(indexUpdate(index, now.withWrite(write)));
        lowered.add(new CapacityChange("index " + index, now.write(), write));
      }
    });
    if (lowered.isEmpty()) {
      ledger.clear(table, target);
      return new Restoration(List.of(), Optional.empty());
    }
    if (!indexUpdates.isEmpty()) {
      update.globalSecondaryIndexUpdates(indexUpdates);
    }
    try {
      client.updateTable(update.build());
    } catch (LimitExceededException e) {
      return new Restoration(List.of(), Optional.of(refusedDecrease(cap, e)));
    } catch (SdkException e) {
      return new Restoration(List.of(), Optional.of("The write capacity of table " + table
          + " could not be restored (" + e.getMessage() + "); it stays at " + cap.capacity().write()
          + " WCU. Run `ddbload restore-capacity --table " + table + "` to retry."));
    }
    ledger.clear(table, target);
    log.info("Restored the write capacity of table {}: {}", table, lowered);
    if (awaitActive) {
      awaitActive(table);
    }
    return new Restoration(lowered, Optional.empty());
  }

  /**
   * Waits until the table and every global secondary index are ACTIVE (a pending update must
   * finish before another can be sent).
   *
   * @throws ConfigurationException if that takes longer than the timeout
   */
  public TableCapacity awaitActive(String table) throws InterruptedException {
    Instant deadline = clock.instant().plus(activeTimeout);
    while (true) {
      TableDescription d = client.describeTable(b -> b.tableName(table)).table();
      if (isActive(d)) {
        return TableCapacity.from(d);
      }
      if (clock.instant().isAfter(deadline)) {
        throw new ConfigurationException("Table " + table + " is still " + d.tableStatusAsString() + " after "
            + activeTimeout.toMinutes() + " minutes; try again once it is ACTIVE.");
      }
      log.info("Waiting for table {} to become ACTIVE (now {}).", table, d.tableStatusAsString());
      sleeper.sleep(POLL);
    }
  }

  private static boolean isActive(TableDescription d) {
    if (d.tableStatus() != TableStatus.ACTIVE) {
      return false;
    }
    for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
      if (g.indexStatus() != IndexStatus.ACTIVE) {
        return false;
      }
    }
    return true;
  }

  private PendingRestore restoreRecord(TableCapacity cap, CapacityTargets targets, Optional<PendingRestore> earlier) {
    long tableWrite = targets.minWrite() > 0 ? targets.minWrite()
        : earlier.map(PendingRestore::tableWrite).orElse(cap.capacity().write());
    Map<String, Long> indexes = new LinkedHashMap<>();
    cap.indexes().forEach((index, c) -> indexes.put(index, targets.minWrite() > 0 ? targets.minWrite()
        : earlier.map(e -> e.indexWrites().get(index)).orElse(c.write())));
    return new PendingRestore(cap.table(), target, tableWrite, indexes, clock.instant());
  }

  private List<CapacityChange> raise(TableCapacity cap, CapacityTargets targets) {
    if (targets.maxWrite() == 0) {
      return List.of();
    }
    List<CapacityChange> raised = new ArrayList<>();
    UpdateTableRequest.Builder update = UpdateTableRequest.builder().tableName(cap.table());
    if (cap.capacity().write() < targets.maxWrite()) {
      update.provisionedThroughput(throughput(cap.capacity().withWrite(targets.maxWrite())));
      raised.add(new CapacityChange("table " + cap.table(), cap.capacity().write(), targets.maxWrite()));
    }
    List<GlobalSecondaryIndexUpdate> indexUpdates = new ArrayList<>();
    cap.indexes().forEach((index, c) -> {
      if (c.write() < targets.indexRaise()) {
        indexUpdates.add(indexUpdate(index, c.withWrite(targets.indexRaise())));
        raised.add(new CapacityChange("index " + index, c.write(), targets.indexRaise()));
      }
    });
    if (raised.isEmpty()) {
      log.info("Table {} already has the write capacity asked for; nothing to raise.", cap.table());
      return raised;
    }
    if (!indexUpdates.isEmpty()) {
      update.globalSecondaryIndexUpdates(indexUpdates);
    }
    client.updateTable(update.build());
    log.info("Raised the write capacity of table {}: {}", cap.table(), raised);
    return raised;
  }

  private static ProvisionedThroughput throughput(ProvisionedCapacity c) {
    return ProvisionedThroughput.builder().readCapacityUnits(c.read()).writeCapacityUnits(c.write()).build();
  }

  private static GlobalSecondaryIndexUpdate indexUpdate(String index, ProvisionedCapacity c) {
    return GlobalSecondaryIndexUpdate.builder()
        .update(u -> u.indexName(index).provisionedThroughput(throughput(c)))
        .build();
  }

  /** One message saying the decrease was refused, and when it can be retried. */
  private String refusedDecrease(TableCapacity cap, LimitExceededException e) {
    // DynamoDB allows 4 decreases at any time in a UTC day, then one more for each hour
    // without a decrease: an hour after the last decrease is the earliest sure retry.
    Instant retry = cap.lastDecrease().orElse(clock.instant()).plus(Duration.ofHours(1));
    if (retry.isBefore(clock.instant())) {
      retry = clock.instant().plus(Duration.ofHours(1));
    }
    return "DynamoDB refused to lower the write capacity of table " + cap.table() + " ("
        + e.awsErrorDetails().errorCode() + "): it limits decreases per day (" + cap.decreasesToday()
        + " made today). Capacity is left at " + cap.capacity().write() + " WCU; retry after " + HOUR.format(retry)
        + " with `ddbload restore-capacity --table " + cap.table() + "`.";
  }
}
