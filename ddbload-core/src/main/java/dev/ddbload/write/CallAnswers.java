package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.throttle.RateController;
import dev.ddbload.throttle.WritePacer;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What a call's answer means for its items, for the {@link BatchWriter}: the capacity it consumed
 * (told to the pacer and the outcomes), the items written, refused on their condition or
 * rejected (their ends, through {@link Accounting}), and the items to send again: unprocessed or
 * throttled ones after a backoff, rerouted statements at once. Thread-safe.
 */
final class CallAnswers {

  private static final Logger log = LoggerFactory.getLogger(CallAnswers.class);

  /** Resends items after a backoff, or rejects those out of attempts. */
  @FunctionalInterface
  interface Retry {
    void retryOrReject(List<WriteItem> items, RejectReason reason, String lastError);
  }

  private final String table;
  private final KeySchema keys;
  private final WriteOutcomes outcomes;
  private final WritePacer pacer;
  private final Accounting accounting;
  private final Retry retry;
  private final Consumer<List<WriteItem>> sendAgainNow;
  private final BiConsumer<String, List<WriteItem>> failAndAbort;
  private volatile boolean statementsDenied;

  /**
   * @param sendAgainNow queues items to go out again without a backoff
   * @param failAndAbort stops the load on a fatal error and aborts the items
   */
  CallAnswers(String table, KeySchema keys, WriteOutcomes outcomes, WritePacer pacer, Accounting accounting,
      Retry retry, Consumer<List<WriteItem>> sendAgainNow, BiConsumer<String, List<WriteItem>> failAndAbort) {
    this.table = table;
    this.keys = keys;
    this.outcomes = outcomes;
    this.pacer = pacer;
    this.accounting = accounting;
    this.retry = retry;
    this.sendAgainNow = sendAgainNow;
    this.failAndAbort = failAndAbort;
  }

  /** A BatchWriteItem's (or a single write's) answer: the items not unprocessed are written. */
  void batch(List<WriteItem> items, BatchWriteItemResponse response, double estimatedUnits,
      RateController.Ticket ticket) {
    double consumed = 0;
    boolean reported = false;
    for (ConsumedCapacity c : response.consumedCapacity()) {
      if (c.capacityUnits() != null) {
        outcomes.consumed(c.capacityUnits());
        consumed += c.capacityUnits();
        reported = true;
      }
    }
    List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
    UnprocessedItems split = unprocessed.isEmpty() ? null : UnprocessedItems.match(items, unprocessed, keys);
    double unprocessedUnits = split == null ? 0 : split.againUnits();
    double writtenEstimate = Math.max(0, estimatedUnits - unprocessedUnits);
    if (!reported) {
      // An endpoint that names no capacity (DynamoDB Local, not asked): the written items' estimate.
      outcomes.consumed(writtenEstimate);
    }
    pacer.completed(ticket, estimatedUnits, reported ? consumed : writtenEstimate, unprocessedUnits, false);
    if (split == null) {
      accounting.written(items);
      return;
    }
    accounting.written(split.written());
    retry.retryOrReject(split.again(), RejectReason.UNPROCESSED, "still in UnprocessedItems");
  }

  /** Whether single writes may go as statements: no statement was refused for want of permission. */
  boolean statementsAllowed() {
    return !statementsDenied;
  }

  /**
   * Statements refused as an operation: the caller may write items but not use PartiQL
   * ({@code dynamodb:PartiQLInsert}, {@code dynamodb:PartiQLUpdate}), or the endpoint does not
   * offer BatchExecuteStatement. These writes, and every one after, go alone, said once in the
   * log; slower, but the load goes on.
   */
  void denied(List<WriteItem> items, String why) {
    if (!statementsDenied) {
      statementsDenied = true;
      log.warn("The PartiQL statements were refused ({}): inserts and updates go as one call each from now on,"
          + " slower; grant dynamodb:PartiQLInsert and dynamodb:PartiQLUpdate on the table to batch them", why);
    }
    for (WriteItem item : items) {
      item.sendAlone();
      item.uncountAttempt();
    }
    sendAgainNow.accept(items);
  }

  /**
   * A BatchExecuteStatement's answer ({@link StatementAnswers#sort}): each statement's write ends,
   * goes again at once another way, or is resent after a backoff; throttled statements tell the
   * pacer about the rate as unprocessed items do.
   */
  void statements(List<WriteItem> items, StatementAnswers answers, double estimatedUnits,
      RateController.Ticket ticket) {
    StatementAnswers.Sorted sorted = answers.sort(table, items);
    double throttledUnits = 0;
    for (WriteItem item : sorted.throttled()) {
      throttledUnits += item.estimatedWriteUnits();
    }
    double consumed = answers.units() != null ? answers.units() : Math.max(0, estimatedUnits - throttledUnits);
    if (answers.units() != null) {
      outcomes.consumed(answers.units());
    } else {
      // An endpoint that names no capacity for statements (DynamoDB Local does not): the written
      // and refused ones' estimate, as DynamoDB charges a refused condition too.
      double estimate = 0;
      for (WriteItem item : sorted.written()) {
        estimate += item.estimatedWriteUnits();
      }
      for (WriteItem item : sorted.refused()) {
        estimate += item.estimatedWriteUnits();
      }
      outcomes.consumed(estimate);
    }
    pacer.completed(ticket, estimatedUnits, consumed, throttledUnits, false);
    accounting.written(sorted.written());
    sorted.refused().forEach(accounting::skipped);
    sorted.invalid().forEach((item, error) -> accounting.reject(item, RejectReason.VALIDATION, error));
    if (sorted.fatal() != null) {
      failAndAbort.accept(sorted.fatal(), sorted.failed());
      failAndAbort.accept(sorted.fatal(), sorted.throttled());
      failAndAbort.accept(sorted.fatal(), sorted.rerouted());
      failAndAbort.accept(sorted.fatal(), sorted.denied());
      return;
    }
    if (!sorted.denied().isEmpty()) {
      denied(sorted.denied(), sorted.lastError());
    }
    sorted.rerouted().forEach(WriteItem::uncountAttempt);
    if (!sorted.rerouted().isEmpty()) {
      sendAgainNow.accept(sorted.rerouted());
    }
    retry.retryOrReject(sorted.throttled(), RejectReason.UNPROCESSED, sorted.lastError());
    retry.retryOrReject(sorted.failed(), RejectReason.WRITE_FAILED, sorted.lastError());
  }
}
