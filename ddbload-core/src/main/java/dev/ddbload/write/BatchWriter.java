package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.throttle.RateController;
import dev.ddbload.throttle.WritePacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Sends batches with BatchWriteItem on the non-blocking client, at most as many calls in flight
 * as its {@link InFlightLimit} allows (pinned, or following the calls' latency). A call's slot is
 * freed as soon as its response is in: items to resend
 * (UnprocessedItems, retryable failures) wait out a full-jitter backoff on the timer, never by
 * sleeping a thread and without holding a slot, then go out again together with other items
 * whose wait is over, ahead of new batches, which top the call up so calls stay full (see
 * {@link SendQueue}). A call is taken from the queue only shortly before the
 * {@link dev.ddbload.throttle.WritePacer} lets it go (calls waiting for the rate wait in the
 * queue, holding no slot), then its estimated write units are reserved and it is sent, from the
 * timer if it must still wait. Each item gets at most {@code maxAttempts} sends, then goes to the rejects
 * file with the last error. A batch refused with a ValidationException is split in halves until
 * the refused items are alone, and only those are rejected. A fatal error stops everything:
 * items in flight, waiting out a backoff or queued, and later ones, are rejected as ABORTED at
 * once, so every record is accounted for.
 *
 * <p>{@link #submit} blocks while {@code 2 × limit × 25} items (the in-flight limit now), or
 * 64 MiB of their requests, are inside the writer (queued, in flight or waiting to be resent):
 * that bounds memory whatever the input and item sizes (at 32 calls, 1,600 items of 400 KB would
 * otherwise be 640 MB),
 * while leaving room for new batches to fill the slots that resends are not using. Items inside
 * never share a key (the caller's {@code KeyOrdering} sees to it), so any of them may go in one
 * call. Thread-safe.
 */
public final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  private final DynamoDbAsyncClient client;
  /** The client when it can send the items' JSON as it is; null to build the SDK's request. */
  private final ItemCalls direct;
  private final String table;
  private final KeySchema keys;
  private final WriterSettings settings;
  private final ScheduledExecutorService timer;
  private final WriteOutcomes outcomes;
  private final WritePacer pacer;
  private final WriterRoom room;
  private final SendQueue queue = new SendQueue();
  /** Items waiting out a backoff, one entry per timer task. */
  private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicLong inside = new AtomicLong();
  private final Object idle = new Object();
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
  /** How often a reader waiting for room checks for a stop or a fatal error. */
  private static final long ROOM_CHECK_MILLIS = 100;
  /** BatchWriteItem calls sent and not yet answered. */
  private final AtomicInteger callsOut = new AtomicInteger();

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
    this.client = client;
    this.direct = client instanceof ItemCalls d ? d : null;
    this.table = table;
    this.keys = keys;
    this.settings = settings;
    this.timer = timer;
    this.outcomes = outcomes;
    this.pacer = settings.pacer();
    this.room = new WriterRoom(settings.concurrency());
  }

  /** BatchWriteItem calls allowed in flight now. */
  public int inFlightLimit() {
    return room.inFlightLimit();
  }

  /** Whether a batch of {@code items} items and {@code kib} KiB of requests would enter without waiting. */
  boolean hasRoomFor(int items, int kib) {
    return room.hasRoomFor(items, kib);
  }

  /**
   * Sends a batch of at most 25 items with distinct keys, none of them inside the writer
   * already; blocks while the writer is full. After a fatal error the items are rejected as
   * ABORTED instead.
   */
  public void submit(List<WriteItem> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    // Waits for room, but not past a stop or a fatal error: after either nothing may come back
    // to free room (calls waiting on the pacer or a backoff are never sent).
    do {
      if (fatalError != null) {
        for (WriteItem item : batch) {
          outcomes.rejected(item, RejectReason.ABORTED, abortMessage());
        }
        return;
      }
      if (stopping) {
        return; // read but never sent: not finished
      }
    } while (!room.enter(batch.size(), WriterRoom.kib(batch), ROOM_CHECK_MILLIS));
    inside.addAndGet(batch.size());
    queue.addBatch(batch);
    pump();
  }

  /** Waits until every submitted item is written or rejected. */
  public void awaitIdle() throws InterruptedException {
    synchronized (idle) {
      while (inside.get() > 0) {
        idle.wait();
      }
    }
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
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (callsOut.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
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
    for (Waiting w : waiting) {
      if (waiting.remove(w)) {
        abort(w.items);
      }
    }
    pump();
  }

  /**
   * Sends what is queued while call slots are free. Called after anything is queued and after
   * every call ends; whoever frees a slot looks at the queues again, so nothing is left behind.
   */
  private void pump() {
    while (!queue.isEmpty()) {
      if (fatalError != null) {
        abortQueued();
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
      abortQueued();
    }
  }

  private void abortQueued() {
    abort(queue.drain());
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
    CompletableFuture<BatchWriteItemResponse> call;
    RateController.Ticket ticket = pacer.sent(estimatedUnits);
    int inFlight = callsOut.incrementAndGet();
    long sentAt = pacer.nanoTime();
    try {
      call = direct != null ? direct.batchWriteItems(table, items)
          : client.batchWriteItem(BatchWriteJson.request(table, items));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, failure) -> {
      long roundTrip = pacer.nanoTime() - sentAt;
      room.releaseSlot();
      try {
        if (failure == null) {
          room.sample(sentAt, roundTrip, inFlight);
          onResponse(items, response, estimatedUnits, ticket);
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
            reject(item, RejectReason.ABORTED, abortMessage());
          }
        }
      }
      callBack();
      pump();
    });
  }

  private void callBack() {
    if (callsOut.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private void onResponse(List<WriteItem> items, BatchWriteItemResponse response, double estimatedUnits,
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
    if (unprocessed.isEmpty()) {
      pacer.completed(ticket, estimatedUnits, reported ? consumed : estimatedUnits, 0, false);
      written(items);
      return;
    }
    UnprocessedItems split = UnprocessedItems.match(items, unprocessed, keys);
    double unprocessedUnits = split.againUnits();
    pacer.completed(ticket, estimatedUnits,
        reported ? consumed : Math.max(0, estimatedUnits - unprocessedUnits), unprocessedUnits, false);
    written(split.written());
    retryOrReject(split.again(), RejectReason.UNPROCESSED, "still in UnprocessedItems");
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
      reject(items.get(0), RejectReason.VALIDATION, description);
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
        reject(item, reason, lastError + " after " + item.attempts() + " attempts");
      } else {
        byAttempts.computeIfAbsent(item.attempts(), n -> new ArrayList<>()).add(item);
      }
    }
    byAttempts.forEach((attempts, again) -> {
      Waiting w = new Waiting(again);
      waiting.add(w);
      long delayNanos = settings.backoff().delay(attempts).toNanos();
      try {
        timer.schedule(() -> {
          // Whoever removes it owns it: this task, or fail() aborting everything that waits.
          if (waiting.remove(w) && !stopping) {
            queue.addResends(again);
            pump();
          }
        }, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        fail("the loader was closed while items were waiting to be resent");
      }
      if (fatalError != null && waiting.remove(w)) {
        abort(again);
      }
    });
  }

  private void abort(List<WriteItem> items) {
    for (WriteItem item : items) {
      reject(item, RejectReason.ABORTED, abortMessage());
    }
  }

  private String abortMessage() {
    return "not written: the load stopped (" + fatalError + ")";
  }

  /** A call's items are written: told once per call, and they leave the writer together. */
  private void written(Collection<WriteItem> items) {
    List<WriteItem> done = new ArrayList<>(items.size());
    for (WriteItem item : items) {
      if (item.finish()) {
        done.add(item);
      }
    }
    if (!done.isEmpty()) {
      outcomes.written(done);
      leave(done.size(), WriterRoom.kib(done));
    }
  }

  private void reject(WriteItem item, RejectReason reason, String message) {
    if (!item.finish()) {
      return;
    }
    try {
      outcomes.rejected(item, reason, message);
    } catch (RuntimeException e) {
      // The rejects file cannot be written: a reject that cannot be recorded would be a lost
      // record, so the load stops; this item still leaves the writer.
      log.error("Could not record a rejected item", e);
      fail(ErrorClassifier.describe(e));
    } finally {
      leave(1, WriterRoom.kib(item));
    }
  }

  /** Items are out of the writer, written or rejected, and their requests' KiB with them. */
  private void leave(int items, int kib) {
    room.leave(items, kib);
    if (inside.addAndGet(-items) == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Items waiting out one backoff; compared by identity. */
  private static final class Waiting {
    final List<WriteItem> items;

    Waiting(List<WriteItem> items) {
      this.items = items;
    }
  }
}
