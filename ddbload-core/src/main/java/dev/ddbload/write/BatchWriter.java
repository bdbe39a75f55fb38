package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.throttle.RateController;
import dev.ddbload.throttle.WritePacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * Sends batches with BatchWriteItem, and single writes ({@link WriteItem#single()}; a refused
 * condition is the item's outcome, {@link WriteOutcomes#skipped}) as PartiQL statements, 25 to a
 * BatchExecuteStatement call ({@link PartiqlWrite}), or a call each, in named parts: admission
 * and back-pressure ({@link WriterRoom}: call slots from its {@link InFlightLimit}, pinned or following latency, and
 * room for items), what goes next ({@link SendQueue}: refused halves, resends, then new batches
 * topping calls up), pacing (the {@link dev.ddbload.throttle.WritePacer}: a call is taken from the
 * queue only shortly before its turn, holding no slot while it waits), sending
 * ({@link DataPlane}), retry scheduling ({@link Resends}: a full-jitter backoff on the timer,
 * never sleeping a thread) and the items' ends ({@link Accounting}). This class ties them
 * together: the pump, the response handling and the abort.
 *
 * <p>Each item gets at most {@code maxAttempts} sends, then goes to the rejects file with the
 * last error. A batch refused with a ValidationException is split in halves until the refused
 * items are alone, and only those are rejected. A fatal error stops everything: items in flight,
 * waiting out a backoff or queued, and later ones, are rejected as ABORTED at once, so every
 * record is accounted for.
 *
 * <p>{@link #submit} blocks while {@code 2 × limit × 25} items (the in-flight limit now), or
 * 64 MiB of their requests, are inside the writer (queued, in flight or waiting to be resent):
 * that bounds memory whatever the input and item sizes, while leaving room for new batches to
 * fill the slots that resends are not using. Items inside never share a key (the caller's
 * {@code KeyOrdering} sees to it), so any of them may go in one call. Thread-safe.
 */
public final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  /** Sending: one BatchWriteItem call at a time, answered later. */
  private final DataPlane plane;
  private final String table;
  private final WriterSettings settings;
  private final ScheduledExecutorService timer;
  private final WriteOutcomes outcomes;
  private final WritePacer pacer;
  private final WriterRoom room; // admission and back-pressure: call slots, room for items inside
  private final SendQueue queue = new SendQueue(); // sent next: refused halves, resends, new batches
  private final Resends resends; // retry scheduling: items waiting out a backoff
  private final Accounting accounting; // items inside and calls out; each item's end
  private final CallAnswers answers; // what a call's answer means for its items
  private volatile String fatalError;
  private volatile boolean stopping;
  /**
   * A call is taken from the queue and reserved from the pacer at most this long before its turn:
   * calls waiting for the rate wait in the queue, holding no call slot, and a new rate applies
   * to the next call (were hundreds of calls reserved ahead, a rate change would take seconds to
   * show, and the rate controller would judge a rate by calls paced at another).
   */
  private static final long PACE_AHEAD_NANOS = 20_000_000L;
  /** When the pump is next woken for the pacer (ticker nanos), or {@link Long#MAX_VALUE}. */
  private final AtomicLong wakeAt = new AtomicLong(Long.MAX_VALUE);

  /**
   * @param client the data-plane client; its own retries should be off (see {@link DynamoClients})
   * @param table the table name
   * @param keys the table's key, to match unprocessed items back to records
   * @param settings concurrency, attempts, backoff and pace
   * @param timer runs scheduled resends
   * @param outcomes told about every call and every item's end
   */
  public BatchWriter(DynamoDbAsyncClient client, String table, KeySchema keys, WriterSettings settings,
      ScheduledExecutorService timer, WriteOutcomes outcomes) {
    this.plane = DataPlane.of(client);
    this.table = table;
    this.settings = settings;
    this.timer = timer;
    this.outcomes = outcomes;
    this.pacer = settings.pacer();
    this.room = new WriterRoom(settings.concurrency());
    this.resends = new Resends(timer);
    this.accounting = new Accounting(outcomes, room, this::fail);
    this.answers = new CallAnswers(table, keys, outcomes, pacer, accounting, this::retryOrReject, again -> {
      queue.addResends(again);
      pump();
    }, (reason, items) -> {
      fail(reason);
      abort(items);
    });
  }

  /** Calls allowed in flight now. */
  public int inFlightLimit() {
    return room.inFlightLimit();
  }

  /** BatchWriteItem calls sent and not yet answered now. Thread-safe. */
  public int callsInFlight() {
    return accounting.callsOut();
  }

  /** Whether a batch of {@code items} items and {@code kib} KiB of requests would enter without waiting. */
  boolean hasRoomFor(int items, int kib) {
    return room.hasRoomFor(items, kib);
  }

  /**
   * Sends a batch of at most 25 items with distinct keys, none inside the writer already; blocks
   * while the writer is full. After a fatal error the items are rejected as ABORTED instead.
   */
  public void submit(List<WriteItem> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    // Waits for room, but not past a stop or a fatal error: after either nothing may come back
    // to free room (calls waiting on the pacer or a backoff are never sent).
    if (!room.enter(batch.size(), WriterRoom.kib(batch), () -> fatalError == null && !stopping)) {
      if (fatalError != null) {
        batch.forEach(item -> outcomes.rejected(item, RejectReason.ABORTED, abortMessage()));
      }
      return; // stopped: read but never sent, not finished
    }
    accounting.entered(batch.size());
    for (WriteItem item : batch) {
      if (item.call() == WriteItem.Call.SINGLE && answers.statementsAllowed()) {
        PartiqlWrite.route(table, item, PartiqlWrite.callFor(item.single()));
      }
    }
    queue.addBatch(batch);
    pump();
  }

  /** Waits until every submitted item is written or rejected. */
  public void awaitIdle() throws InterruptedException {
    accounting.awaitIdle();
  }

  /**
   * Stops sending (the load was interrupted): calls already sent come back, but nothing new is
   * sent and nothing is resent. Items not written by then are neither written nor rejected: the
   * report counts them as not finished, and a resumed load sends them again.
   */
  public void stop() {
    stopping = true;
  }

  /**
   * After {@link #stop}, waits until no call is outstanding, or the timeout.
   *
   * @return whether every call came back
   */
  public boolean awaitCallsOut(Duration timeout) throws InterruptedException {
    return accounting.awaitCallsOut(timeout);
  }

  /** The fatal error that stopped writing, if any, in one sentence. */
  public Optional<String> fatalError() {
    return Optional.ofNullable(fatalError);
  }

  /** Stops the load as if on a fatal error: pending and later items are rejected as ABORTED. */
  public void fail(String reason) {
    if (fatalError != null) {
      return;
    }
    fatalError = reason;
    // What waits for a slot or a backoff is aborted now, not when its turn would have come.
    resends.withdrawAll().forEach(this::abort);
    pump();
  }

  /**
   * Sends what is queued while call slots are free. Called after anything is queued and after
   * every call ends; whoever frees a slot looks at the queues again, so nothing is left behind.
   */
  private void pump() {
    while (!queue.isEmpty()) {
      if (fatalError != null) {
        abort(queue.drain());
        return;
      }
      if (stopping) {
        return;
      }
      long ready = pacer.readyIn();
      if (ready > PACE_AHEAD_NANOS) {
        wake(ready - PACE_AHEAD_NANOS);
        return;
      }
      if (!room.tryTakeSlot()) {
        return;
      }
      List<WriteItem> next = queue.nextCall();
      if (next.isEmpty()) {
        room.releaseSlot();
        continue;
      }
      pace(next);
    }
  }

  /** Pumps again in {@code delayNanos}, unless a wake-up is due before then. */
  private void wake(long delayNanos) {
    long at = pacer.nanoTime() + delayNanos;
    long scheduled = wakeAt.get();
    if (scheduled <= at || !wakeAt.compareAndSet(scheduled, at)) {
      return;
    }
    try {
      timer.schedule(() -> {
        wakeAt.compareAndSet(at, Long.MAX_VALUE);
        pump();
      }, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      fail("the loader was closed while items were waiting to be sent");
      abort(queue.drain());
    }
  }

  /** Sends the call now, or from the timer at its turn (at most shortly ahead); the slot stays taken. */
  private void pace(List<WriteItem> items) {
    double estimate = 0;
    for (WriteItem item : items) {
      estimate += item.estimatedWriteUnits();
    }
    double units = estimate;
    long wait = pacer.reserve(units);
    if (wait <= 0) {
      send(items, units);
      return;
    }
    try {
      timer.schedule(() -> send(items, units), wait, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      room.releaseSlot();
      fail("the loader was closed while items were waiting to be sent");
      abort(items);
    }
  }

  private void send(List<WriteItem> items, double estimatedUnits) {
    if (fatalError != null || stopping) {
      pacer.unsent(estimatedUnits);
      room.releaseSlot();
      if (fatalError != null) {
        abort(items);
        pump();
      }
      return;
    }
    int retried = 0;
    for (WriteItem item : items) {
      if (item.countAttempt() > 1) {
        retried++;
      }
    }
    outcomes.sent(items.size(), retried);
    CompletableFuture<?> call;
    RateController.Ticket ticket = pacer.sent(estimatedUnits);
    int inFlight = accounting.callSent();
    long sentAt = pacer.nanoTime();
    try {
      call = items.get(0).call().isStatement() ? plane.statements(table, items) : plane.send(table, items);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, failure) -> {
      long roundTrip = pacer.nanoTime() - sentAt;
      room.releaseSlot();
      try {
        if (failure == null) {
          room.sample(sentAt, roundTrip, inFlight);
          if (response instanceof StatementAnswers statementAnswers) {
            answers.statements(items, statementAnswers, estimatedUnits, ticket);
          } else {
            answers.batch(items, (BatchWriteItemResponse) response, estimatedUnits, ticket);
          }
        } else if (items.get(0).call().isStatement() && ErrorClassifier.refusesOperation(failure)) {
          pacer.completed(ticket, estimatedUnits, 0, 0, false);
          answers.denied(items, ErrorClassifier.describe(failure));
        } else if (items.get(0).call() == WriteItem.Call.SINGLE
            && ErrorClassifier.classify(failure) == ErrorClassifier.Action.REFUSED) {
          // A single write's condition refused it: an answer, charged in full as DynamoDB does.
          pacer.completed(ticket, estimatedUnits, estimatedUnits, 0, false);
          accounting.skipped(items.get(0));
        } else {
          // A failed call may have been processed (a dropped connection) or throttled: charged
          // in full either way; only throttling tells the controller about the rate.
          boolean throttled = ErrorClassifier.isThrottling(failure);
          pacer.completed(ticket, estimatedUnits, 0, throttled ? estimatedUnits : 0, !throttled);
          onFailure(items, failure);
        }
      } catch (RuntimeException | Error e) {
        // A bug: stop rather than lose track of records.
        log.error("Writing stopped on an unexpected error", e);
        fail("internal error: " + ErrorClassifier.describe(e));
        for (WriteItem item : items) {
          if (!item.isFinished()) {
            accounting.reject(item, RejectReason.ABORTED, abortMessage());
          }
        }
      }
      accounting.callBack();
      pump();
    });
  }

  private void onFailure(List<WriteItem> items, Throwable failure) {
    ErrorClassifier.Action action = ErrorClassifier.classify(failure);
    String description = ErrorClassifier.describe(failure);
    switch (action) {
      case FATAL:
        fail(description);
        abort(items);
        return;
      case ISOLATE:
        isolate(items, description);
        return;
      case RETRY:
      default:
        log.debug("BatchWriteItem of {} items failed, will retry: {}", items.size(), description);
        retryOrReject(items, RejectReason.WRITE_FAILED, description);
    }
  }

  /** Splits a refused batch in halves, sent next; an item refused alone is rejected. */
  private void isolate(List<WriteItem> items, String description) {
    if (items.size() == 1) {
      accounting.reject(items.get(0), RejectReason.VALIDATION, description);
      return;
    }
    for (WriteItem item : items) {
      item.uncountAttempt();
    }
    int half = items.size() / 2;
    queue.addHalves(new ArrayList<>(items.subList(0, half)), new ArrayList<>(items.subList(half, items.size())));
  }

  /**
   * Rejects the items that have had their last attempt; the others are queued for resending
   * after a backoff, one timer task per attempt count.
   */
  private void retryOrReject(List<WriteItem> items, RejectReason reason, String lastError) {
    Map<Integer, List<WriteItem>> byAttempts = new TreeMap<>();
    for (WriteItem item : items) {
      if (item.attempts() >= settings.maxAttempts()) {
        accounting.reject(item, reason, lastError + " after " + item.attempts() + " attempts");
      } else {
        byAttempts.computeIfAbsent(item.attempts(), n -> new ArrayList<>()).add(item);
      }
    }
    byAttempts.forEach((attempts, again) -> {
      Resends.Wait w;
      try {
        w = resends.schedule(again, settings.backoff().delay(attempts), this::resendDue);
      } catch (RejectedExecutionException closed) {
        fail("the loader was closed while items were waiting to be resent"); // aborts them too
        return;
      }
      if (fatalError != null && resends.withdraw(w)) {
        abort(again);
      }
    });
  }

  /** Items whose backoff is over go out again, ahead of new batches; not after a stop. */
  private void resendDue(List<WriteItem> again) {
    if (!stopping) {
      queue.addResends(again);
      pump();
    }
  }

  private void abort(List<WriteItem> items) {
    items.forEach(item -> accounting.reject(item, RejectReason.ABORTED, abortMessage()));
  }

  private String abortMessage() {
    return "not written: the load stopped (" + fatalError + ")";
  }
}
