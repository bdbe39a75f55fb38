package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of the counters of a {@link FaultProxy} or a {@link DynamoModel}. Immutable and
 * thread-safe.
 *
 * <p>Items are counted per BatchWriteItem request: an item resent three times is received three
 * times. Forwarded items went to the target (in sink mode: were acknowledged without
 * forwarding); held-back items were returned in {@code UnprocessedItems} by the proxy (poison
 * keys, hold-back rate, capacity); {@link #items(ItemResult)} tells them apart. Single writes
 * (PutItem, UpdateItem, DeleteItem) are counted apart ({@link #singleWrites()}), so that other
 * writers on the same proxy (a job ledger) do not change the counts of a load's items; so are
 * BatchExecuteStatement calls and their statements ({@link #statementCalls()} and the rest).
 * Whole-request faults count calls, not items, of every kind.
 */
public final class FaultStats {

  private final long requests;
  private final long batchWrites;
  private final long singleWrites;
  private final long singleWritesForwarded;
  private final long singleWritesRefused;
  private final long statementCalls;
  private final long statementsSent;
  private final long statementsWritten;
  private final long statementsThrottled;
  private final long statementsInvalid;
  private final long itemsReceived;
  private final long itemsForwarded;
  private final long itemsHeldBack;
  private final long throttled;
  private final long throttlingExceptions;
  private final long http500;
  private final long http503;
  private final long dropped;
  private final long validationFailures;
  private final long credentialsRefused;
  private final long capacityThrottled;
  private final long keysRequested;
  private final long keysHeldBack;
  private final long readsThrottled;
  private final long[] itemResults;
  private final List<Double> wcuPerSecond;
  private final List<Double> refusedWcuPerSecond;
  private final Map<String, Integer> sends;
  private final Duration elapsed;

  FaultStats(FaultCounters c, double[] wcuPerSecond, double[] refusedWcuPerSecond, Map<String, Integer> sends,
      long elapsedNanos) {
    this.requests = c.requests.sum();
    this.batchWrites = c.batchWrites.sum();
    this.singleWrites = c.singleWrites.sum();
    this.singleWritesForwarded = c.singleWritesForwarded.sum();
    this.singleWritesRefused = c.singleWritesRefused.sum();
    this.statementCalls = c.statementCalls.sum();
    this.statementsSent = c.statementsSent.sum();
    this.statementsWritten = c.statementsWritten.sum();
    this.statementsThrottled = c.statementsThrottled.sum();
    this.statementsInvalid = c.statementsInvalid.sum();
    this.itemsReceived = c.itemsReceived.sum();
    this.itemsForwarded = c.itemsForwarded.sum();
    this.itemsHeldBack = c.itemsHeldBack.sum();
    this.throttled = c.throttled.sum();
    this.throttlingExceptions = c.throttlingExceptions.sum();
    this.http500 = c.http500.sum();
    this.http503 = c.http503.sum();
    this.dropped = c.dropped.sum();
    this.validationFailures = c.validationFailures.sum();
    this.credentialsRefused = c.credentialsRefused.sum();
    this.capacityThrottled = c.capacityThrottled.sum();
    this.keysRequested = c.keysRequested.sum();
    this.keysHeldBack = c.keysHeldBack.sum();
    this.readsThrottled = c.readsThrottled.sum();
    this.itemResults = new long[c.itemResults.length];
    for (int i = 0; i < itemResults.length; i++) {
      itemResults[i] = c.itemResults[i].sum();
    }
    this.wcuPerSecond = listOf(wcuPerSecond);
    this.refusedWcuPerSecond = listOf(refusedWcuPerSecond);
    this.sends = Collections.unmodifiableMap(sends);
    this.elapsed = Duration.ofNanos(elapsedNanos);
  }

  /** HTTP requests received, of every operation. */
  public long requests() {
    return requests;
  }

  /** Keys asked for in BatchGetItem calls to tables with read capacity ({@link FaultProxy#setReadCapacity}), resends included. */
  public long keysRequested() {
    return keysRequested;
  }

  /** Keys the read capacity returned in {@code UnprocessedKeys}. */
  public long keysHeldBack() {
    return keysHeldBack;
  }

  /** BatchGetItem calls the read capacity throttled whole ({@code ProvisionedThroughputExceededException}). */
  public long readsThrottled() {
    return readsThrottled;
  }

  /** BatchWriteItem calls received. */
  public long batchWrites() {
    return batchWrites;
  }

  /**
   * Single writes received (PutItem, UpdateItem, DeleteItem), each decided as a call of one item.
   * Their items are not among BatchWriteItem's items ({@link #itemsReceived()} and the rest); their
   * whole-call faults are among the calls' faults, their units among the units consumed.
   */
  public long singleWrites() {
    return singleWrites;
  }

  /** Single writes forwarded to the target (in sink mode: acknowledged without forwarding). */
  public long singleWritesForwarded() {
    return singleWritesForwarded;
  }

  /**
   * Single writes refused with {@code ProvisionedThroughputExceededException} because their item
   * was held back or poison (those refused by capacity are among {@link #capacityThrottled()}).
   */
  public long singleWritesRefused() {
    return singleWritesRefused;
  }

  /**
   * BatchExecuteStatement calls (PartiQL) received, each decided as a BatchWriteItem of its
   * statements. Their statements are not among BatchWriteItem's items; their whole-call faults
   * are among the calls' faults, their units among the units consumed.
   */
  public long statementCalls() {
    return statementCalls;
  }

  /** Statements received in BatchExecuteStatement calls, resends included. */
  public long statementsSent() {
    return statementsSent;
  }

  /**
   * Statements admitted: forwarded to the target (in sink mode: acknowledged as written). The
   * target may still refuse one (a failed condition, a duplicate item); its error comes back in
   * the statement's place.
   */
  public long statementsWritten() {
    return statementsWritten;
  }

  /**
   * Statements answered {@code ProvisionedThroughputExceeded}: in their place, not admitted (held
   * back, poison, capacity), or with their whole call when none was admitted (not those of calls
   * failed whole by a random fault, which count as calls only).
   */
  public long statementsThrottled() {
    return statementsThrottled;
  }

  /** Statements answered {@code ValidationError} in their place for holding an invalid key. */
  public long statementsInvalid() {
    return statementsInvalid;
  }

  /** Items received in BatchWriteItem calls, resends included. */
  public long itemsReceived() {
    return itemsReceived;
  }

  /** Items forwarded to the target (in sink mode: acknowledged as written). */
  public long itemsForwarded() {
    return itemsForwarded;
  }

  /** Items the proxy returned in {@code UnprocessedItems} itself. */
  public long itemsHeldBack() {
    return itemsHeldBack;
  }

  /** Calls answered {@code ProvisionedThroughputExceededException} (random or over budget). */
  public long throttled() {
    return throttled;
  }

  /**
   * Calls answered {@code ProvisionedThroughputExceededException} because none of their items
   * fitted the capacity (part of {@link #throttled()}).
   */
  public long capacityThrottled() {
    return capacityThrottled;
  }

  /**
   * Items, resends included, that had this result in BatchWriteItem calls; every item received
   * has one, so they add up to {@link #itemsReceived()}. {@code PROCESSED} are the forwarded
   * ones; {@code CALL_FAILED} those of calls failed whole at random or as invalid; the items of a
   * call throttled because none fitted the capacity keep their own results.
   */
  public long items(ItemResult result) {
    return itemResults[result.ordinal()];
  }

  /** Calls answered {@code ThrottlingException}. */
  public long throttlingExceptions() {
    return throttlingExceptions;
  }

  /** Calls answered HTTP 500. */
  public long http500() {
    return http500;
  }

  /** Calls answered HTTP 503. */
  public long http503() {
    return http503;
  }

  /** Calls whose connection was closed without a response. */
  public long dropped() {
    return dropped;
  }

  /** Calls refused with {@code ValidationException} for an invalid key. */
  public long validationFailures() {
    return validationFailures;
  }

  /** Requests refused with {@code UnrecognizedClientException}, or {@code AccessDeniedException} for a denied write. */
  public long credentialsRefused() {
    return credentialsRefused;
  }

  /**
   * How many times an item whose partition key has this value (S, N or B as written in the
   * request) arrived in a write call: a BatchWriteItem, a single write or a BatchExecuteStatement
   * (an INSERT's item, an UPDATE's key). Counted once the proxy knows the table's key, from
   * a CreateTable or DescribeTable that went through it, and while {@link
   * FaultRules#countsSendsPerKey()}.
   */
  public int sends(String key) {
    return sends.getOrDefault(key, 0);
  }

  /** Distinct partition-key values counted by {@link #sends}. */
  public int distinctKeys() {
    return sends.size();
  }

  /**
   * Write capacity units let through per second since the proxy started: element {@code i} is
   * second {@code [i, i+1)}; the last element is the second in progress.
   */
  public List<Double> wcuPerSecond() {
    return wcuPerSecond;
  }

  /**
   * Write capacity units refused by capacity (table, partition, on-demand) per second, indexed
   * like {@link #wcuPerSecond()}: consumed plus refused is what was asked for (resends included).
   */
  public List<Double> refusedWcuPerSecond() {
    return refusedWcuPerSecond;
  }

  /** Mean write capacity units per second over the whole seconds {@code [from, to)}. */
  public double averageWcuPerSecond(int from, int to) {
    if (from < 0 || to > wcuPerSecond.size() || to <= from) {
      throw new IllegalArgumentException("no whole seconds " + from + ".." + to + " in " + wcuPerSecond.size());
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += wcuPerSecond.get(i);
    }
    return sum / (to - from);
  }

  /** Write capacity units let through in all. */
  public double consumedWcu() {
    double sum = 0;
    for (double units : wcuPerSecond) {
      sum += units;
    }
    return sum;
  }

  /** Time since the proxy started. */
  public Duration elapsed() {
    return elapsed;
  }

  private static List<Double> listOf(double[] series) {
    List<Double> list = new ArrayList<>(series.length);
    for (double units : series) {
      list.add(units);
    }
    return Collections.unmodifiableList(list);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "requests=%d batchWrites=%d itemsReceived=%d forwarded=%d heldBack=%d"
        + " singleWrites=%d singleForwarded=%d singleRefused=%d"
        + " statementCalls=%d statementsSent=%d statementsWritten=%d statementsThrottled=%d statementsInvalid=%d"
        + " throttled=%d throttlingExceptions=%d http500=%d http503=%d dropped=%d validation=%d"
        + " credentialsRefused=%d capacityThrottled=%d wcu=%.1f", requests, batchWrites, itemsReceived,
        itemsForwarded, itemsHeldBack, singleWrites, singleWritesForwarded, singleWritesRefused, statementCalls,
        statementsSent, statementsWritten, statementsThrottled, statementsInvalid, throttled,
        throttlingExceptions, http500, http503, dropped, validationFailures, credentialsRefused, capacityThrottled,
        consumedWcu());
  }
}
