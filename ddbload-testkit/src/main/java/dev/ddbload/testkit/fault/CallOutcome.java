package dev.ddbload.testkit.fault;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link DynamoModel} made of one BatchWriteItem call: a whole-call fault or none, the
 * latency to add before answering, and per item (in request order) whether it was processed or
 * why it was not. When {@link #fault()} is {@link Fault#NONE} the call succeeds and the items not
 * processed go back in {@code UnprocessedItems}; otherwise nothing is processed.
 *
 * @param fault the whole-call fault, {@link Fault#NONE} for none
 * @param latencyNanos delay to add before the call is answered, in nanoseconds
 * @param items per item, in request order: {@link ItemResult#PROCESSED} or why not
 * @param consumedUnits write capacity units of the processed items
 */
public record CallOutcome(Fault fault, long latencyNanos, List<ItemResult> items, double consumedUnits) {

  /** A fault that replaces the whole call's response. */
  public enum Fault {
    /** The call succeeds (some items may still come back unprocessed). */
    NONE,
    /** The connection is closed before any response. */
    DROP,
    /** HTTP 500 {@code InternalServerError}. */
    HTTP_500,
    /** HTTP 503 {@code ServiceUnavailable}. */
    HTTP_503,
    /**
     * HTTP 400 {@code ProvisionedThroughputExceededException}: drawn at random, or because none of
     * the call's items fitted the capacity ({@link #isCapacityThrottle()}).
     */
    THROTTLE,
    /** HTTP 400 {@code ThrottlingException}. */
    THROTTLING_EXCEPTION,
    /** HTTP 400 {@code ValidationException}: an item holds one of the rules' invalid keys. */
    VALIDATION
  }

  /** What happened to one item. */
  public enum ItemResult {
    /** Written (forwarded to the target), its units consumed. */
    PROCESSED,
    /** Not written because the whole call failed at random (or was invalid). */
    CALL_FAILED,
    /** Returned unprocessed by the random hold-back rate. */
    HELD_BACK,
    /** Returned unprocessed because its key is a poison key (always). */
    POISON,
    /** Refused by the provisioned table's capacity. */
    TABLE_CAPACITY,
    /** Refused by its partition's limit (a hot partition or key). */
    PARTITION_LIMIT,
    /** Refused by an on-demand table above twice its previous peak, still scaling. */
    ON_DEMAND_SCALING,
    /**
     * Refused as invalid: a statement of a BatchExecuteStatement that holds one of the rules'
     * invalid keys, answered {@code ValidationError} in its place, its units not consumed (a
     * BatchWriteItem holding one fails whole instead, so its items never have this result).
     */
    INVALID;

    /** Whether the item was refused by capacity (table, partition or on-demand), not by chance. */
    public boolean isCapacity() {
      return this == TABLE_CAPACITY || this == PARTITION_LIMIT || this == ON_DEMAND_SCALING;
    }
  }

  /** Copies the item list. */
  public CallOutcome {
    Objects.requireNonNull(fault, "fault");
    items = List.copyOf(items);
  }

  /** Whether item {@code index} (in request order) was processed. */
  public boolean isProcessed(int index) {
    return items.get(index) == ItemResult.PROCESSED;
  }

  /** How many items were processed. */
  public int processedCount() {
    return count(ItemResult.PROCESSED);
  }

  /** How many items came back in {@code UnprocessedItems}: none when the call failed whole. */
  public int unprocessedCount() {
    return fault == Fault.NONE ? items.size() - processedCount() : 0;
  }

  /** How many items had this result. */
  public int count(ItemResult result) {
    int n = 0;
    for (ItemResult r : items) {
      n += r == result ? 1 : 0;
    }
    return n;
  }

  /** Whether the call was throttled whole because none of its items fitted the capacity. */
  public boolean isCapacityThrottle() {
    return fault == Fault.THROTTLE && items.stream().anyMatch(ItemResult::isCapacity);
  }
}
