package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Sends batches with BatchWriteItem on the non-blocking client, at most {@code concurrency}
 * calls in flight. {@link #submit} blocks while all slots are taken, which is what bounds memory
 * whatever the input size. A batch keeps its slot until every item in it is written or rejected:
 * UnprocessedItems and retryable failures are resent after a full-jitter backoff scheduled on a
 * timer (never by sleeping a thread); each item gets at most {@code maxAttempts} sends, then goes
 * to the rejects file with the last error. A batch refused with a ValidationException is split
 * in halves until the refused items are alone, and only those are rejected. A fatal error stops
 * everything: later and pending items are rejected as ABORTED, so every record is accounted for.
 * Thread-safe.
 */
public final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  private final DynamoDbAsyncClient client;
  private final String table;
  private final KeySchema keys;
  private final WriterSettings settings;
  private final ScheduledExecutorService timer;
  private final WriteOutcomes outcomes;
  private final Semaphore slots;
  private final AtomicInteger batchesInFlight = new AtomicInteger();
  private final Object idle = new Object();
  private volatile String fatalError;
  private volatile boolean stopping;
  private final AtomicInteger callsInFlight = new AtomicInteger();

  /**
   * @param client the data-plane client; its own retries should be off (see {@link DynamoClients})
   * @param table the table name
   * @param keys the table's key, to match unprocessed items back to records
   * @param settings concurrency, attempts and backoff
   * @param timer runs scheduled resends
   * @param outcomes told about every call and every item's end
   */
  public BatchWriter(DynamoDbAsyncClient client, String table, KeySchema keys, WriterSettings settings,
      ScheduledExecutorService timer, WriteOutcomes outcomes) {
    this.client = client;
    this.table = table;
    this.keys = keys;
    this.settings = settings;
    this.timer = timer;
    this.outcomes = outcomes;
    this.slots = new Semaphore(settings.concurrency());
  }

  /**
   * Sends a batch of at most 25 items with distinct keys, blocking while {@code concurrency}
   * batches are in flight. After a fatal error the items are rejected as ABORTED instead.
   */
  public void submit(List<WriteItem> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    if (fatalError != null) {
      abort(batch);
      return;
    }
    if (stopping) {
      return; // read but never sent: not finished
    }
    slots.acquire();
    batchesInFlight.incrementAndGet();
    send(new Flight(), batch);
  }

  /** Waits until every submitted batch is written or rejected. */
  public void awaitIdle() throws InterruptedException {
    synchronized (idle) {
      while (batchesInFlight.get() > 0) {
        idle.wait();
      }
    }
  }

  /**
   * Stops sending (the load was interrupted): calls already sent finish, but nothing new is sent
   * and nothing is retried. Items not written by then are neither written nor rejected: the
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
  public boolean awaitCallsInFlight(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (callsInFlight.get() > 0) {
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
    if (fatalError == null) {
      fatalError = reason;
    }
  }

  private void send(Flight flight, List<WriteItem> items) {
    if (fatalError != null) {
      abort(items);
      partDone(flight);
      return;
    }
    if (stopping) {
      partDone(flight);
      return;
    }
    List<WriteRequest> requests = new ArrayList<>(items.size());
    int retried = 0;
    double estimate = 0;
    for (WriteItem item : items) {
      if (item.countAttempt() > 1) {
        retried++;
      }
      requests.add(item.request());
      estimate += item.estimatedWriteUnits();
    }
    Call call = new Call(flight, items, requests, retried, estimate);
    long wait = settings.pacer().reserve(estimate);
    if (wait > 0) {
      timer.schedule(() -> dispatch(call), wait, TimeUnit.NANOSECONDS);
    } else {
      dispatch(call);
    }
  }

  /** One BatchWriteItem call: the items and what was reserved for them. */
  private record Call(Flight flight, List<WriteItem> items, List<WriteRequest> requests, int retried,
      double estimatedUnits) {}

  private void dispatch(Call c) {
    if (fatalError != null || stopping) {
      settings.pacer().completed(c.estimatedUnits(), 0);
      if (fatalError != null) {
        abort(c.items());
      }
      partDone(c.flight());
      return;
    }
    outcomes.sent(c.items().size(), c.retried());
    BatchWriteItemRequest request = BatchWriteItemRequest.builder()
        .requestItems(Map.of(table, c.requests()))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build();
    CompletableFuture<BatchWriteItemResponse> future;
    callsInFlight.incrementAndGet();
    try {
      future = client.batchWriteItem(request);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((response, failure) -> {
      callBack();
      try {
        if (failure == null) {
          onResponse(c, response);
        } else {
          settings.pacer().completed(c.estimatedUnits(), 0);
          if (ErrorClassifier.isThrottling(failure)) {
            settings.pacer().throttled();
          }
          onFailure(c.flight(), c.items(), failure);
        }
      } catch (RuntimeException | Error e) {
        // A bug or an unwritable rejects file: stop rather than lose track of records.
        log.error("Writing stopped on an unexpected error", e);
        fail("internal error: " + ErrorClassifier.describe(e));
        abortQuietly(c.items());
        partDone(c.flight());
      }
    });
  }

  private void onResponse(Call c, BatchWriteItemResponse response) {
    Flight flight = c.flight();
    List<WriteItem> items = c.items();
    double consumed = 0;
    boolean reported = false;
    for (ConsumedCapacity cc : response.consumedCapacity()) {
      if (cc.capacityUnits() != null) {
        consumed += cc.capacityUnits();
        reported = true;
      }
    }
    if (reported) {
      outcomes.consumed(consumed);
    }
    List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
    if (unprocessed.isEmpty()) {
      settings.pacer().completed(c.estimatedUnits(), reported ? consumed : c.estimatedUnits());
      items.forEach(outcomes::written);
      partDone(flight);
      return;
    }
    settings.pacer().throttled();
    Map<Map<String, AttributeValue>, WriteItem> byKey = new HashMap<>(items.size() * 2);
    for (WriteItem item : items) {
      byKey.put(item.key(), item);
    }
    List<WriteItem> again = new ArrayList<>(unprocessed.size());
    double unprocessedUnits = 0;
    for (WriteRequest r : unprocessed) {
      WriteItem item = byKey.remove(keyOf(r));
      if (item == null) {
        log.warn("DynamoDB returned an unprocessed item that was not in the request; ignoring it");
      } else {
        again.add(item);
        unprocessedUnits += item.estimatedWriteUnits();
      }
    }
    settings.pacer().completed(c.estimatedUnits(),
        reported ? consumed : Math.max(0, c.estimatedUnits() - unprocessedUnits));
    byKey.values().forEach(outcomes::written);
    retryOrReject(flight, again, RejectReason.UNPROCESSED, "still in UnprocessedItems");
  }

  private void onFailure(Flight flight, List<WriteItem> items, Throwable failure) {
    ErrorClassifier.Action action = ErrorClassifier.classify(failure);
    String description = ErrorClassifier.describe(failure);
    switch (action) {
      case FATAL:
        fail(description);
        abort(items);
        partDone(flight);
        return;
      case ISOLATE:
        isolate(flight, items, description);
        return;
      case RETRY:
      default:
        log.debug("BatchWriteItem of {} items failed, will retry: {}", items.size(), description);
        retryOrReject(flight, items, RejectReason.WRITE_FAILED, description);
    }
  }

  /** Splits a refused batch in halves; an item refused alone is rejected. */
  private void isolate(Flight flight, List<WriteItem> items, String description) {
    if (items.size() == 1) {
      WriteItem item = items.get(0);
      reject(item, RejectReason.VALIDATION, description);
      partDone(flight);
      return;
    }
    for (WriteItem item : items) {
      item.uncountAttempt();
    }
    int half = items.size() / 2;
    flight.parts.incrementAndGet();
    send(flight, new ArrayList<>(items.subList(0, half)));
    send(flight, new ArrayList<>(items.subList(half, items.size())));
  }

  private void retryOrReject(Flight flight, List<WriteItem> items, RejectReason reason, String lastError) {
    List<WriteItem> again = new ArrayList<>(items.size());
    int retry = 0;
    for (WriteItem item : items) {
      if (item.attempts() >= settings.maxAttempts()) {
        reject(item, reason, lastError + " after " + item.attempts() + " attempts");
      } else {
        again.add(item);
        retry = Math.max(retry, item.attempts());
      }
    }
    if (again.isEmpty() || stopping) {
      partDone(flight);
      return;
    }
    long delayNanos = settings.backoff().delay(retry).toNanos();
    timer.schedule(() -> send(flight, again), delayNanos, TimeUnit.NANOSECONDS);
  }

  private Map<String, AttributeValue> keyOf(WriteRequest r) {
    if (r.putRequest() != null) {
      return keys.keyOf(r.putRequest().item());
    }
    return keys.keyOf(r.deleteRequest().key());
  }

  private void abort(List<WriteItem> items) {
    for (WriteItem item : items) {
      reject(item, RejectReason.ABORTED, "not written: the load stopped (" + fatalError + ")");
    }
  }

  private void abortQuietly(List<WriteItem> items) {
    try {
      abort(items);
    } catch (RuntimeException e) {
      log.error("Could not record {} aborted items in the rejects file", items.size(), e);
    }
  }

  private void reject(WriteItem item, RejectReason reason, String message) {
    outcomes.rejected(item, reason, message);
  }

  private void callBack() {
    if (callsInFlight.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private void partDone(Flight flight) {
    if (flight.parts.decrementAndGet() > 0) {
      return;
    }
    slots.release();
    synchronized (idle) {
      if (batchesInFlight.decrementAndGet() == 0) {
        idle.notifyAll();
      }
    }
  }

  /** One submitted batch; split when isolating, done when every part is done. */
  private static final class Flight {
    final AtomicInteger parts = new AtomicInteger(1);
  }
}
