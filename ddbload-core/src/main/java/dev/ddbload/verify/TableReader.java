package dev.ddbload.verify;

import dev.ddbload.item.KeySchema;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.write.ErrorClassifier;
import dev.ddbload.write.InFlightLimit;
import dev.ddbload.write.Slots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads keys from the table with BatchGetItem, up to {@value #MAX_KEYS} keys a call (DynamoDB's
 * limit) and as many calls in flight as its {@link InFlightLimit} allows (the writer's: pinned, or
 * following the calls' round trip), each paced by its estimated read units
 * ({@link ReadPace}; a wait is scheduled on the timer, no thread sleeps). Keys DynamoDB returns in
 * {@code UnprocessedKeys}, and the keys of a call that failed with a retryable error
 * ({@link ErrorClassifier}), are read again after a capped, jittered {@link Backoff}, holding no
 * slot while they wait and going before new keys when they are due; a key still unread after
 * {@code maxAttempts} reads is unverified. A key read eventually consistent that is not as
 * expected is read once more, strongly consistent, before its outcome counts. A fatal error (table missing, access denied) stops the
 * reader. Each key's outcome (its item or none, or unverified) goes to the {@link Outcomes} on a
 * completion thread. {@link #submit} and {@link #awaitIdle} from one thread;
 * the rest is thread-safe.
 */
final class TableReader {

  private static final Logger log = LoggerFactory.getLogger(TableReader.class);

  /** DynamoDB's limit on the keys of one BatchGetItem call. */
  static final int MAX_KEYS = 100;
  private static final long POLL_MILLIS = 20;

  /** What becomes of each key read. Called on completion threads. */
  interface Outcomes {
    /**
     * Judges the table's item under the key (null: none) and records the outcome, unless it is
     * not as expected and {@code mayReadAgain}: then records nothing and returns false.
     */
    boolean judge(PendingKey p, Map<String, AttributeValue> actual, boolean mayReadAgain);

    /** The key could not be read. */
    void unverified(PendingKey p, String error);
  }

  private record Call(List<PendingKey> keys, boolean consistent) {}

  private final DynamoDbAsyncClient client;
  private final String table;
  private final KeySchema keys;
  private final int maxAttempts;
  private final Backoff backoff;
  private final ReadPace pace;
  private final ScheduledExecutorService timer;
  private final VerifyRecorder recorder;
  private final Outcomes outcomes;
  private final InFlightLimit limit;
  /** Call slots: the in-flight limit, less the calls out or waiting for their pace. */
  private final Slots permits;
  private final AtomicInteger callsOut = new AtomicInteger();
  private final ConcurrentLinkedQueue<Call> due = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<PendingKey> rechecks = new ConcurrentLinkedQueue<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private final Object idle = new Object();
  private volatile boolean stopped;

  TableReader(DynamoDbAsyncClient client, String table, KeySchema keys, VerifyOptions options, ReadPace pace,
      ScheduledExecutorService timer, VerifyRecorder recorder, Outcomes outcomes) {
    this.client = client;
    this.table = table;
    this.keys = keys;
    this.maxAttempts = options.maxAttempts();
    this.backoff = new Backoff(options.backoffBase(), options.backoffMax(), options.random());
    this.pace = pace;
    this.timer = timer;
    this.recorder = recorder;
    this.outcomes = outcomes;
    this.limit = new InFlightLimit(options.concurrency());
    this.permits = new Slots(limit.current());
    limit.onChange(permits::resize);
  }

  /**
   * Reads these keys (at most {@value #MAX_KEYS}, distinct): waits for a free call slot, sending
   * keys due for another read first.
   */
  void submit(List<PendingKey> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    outstanding.addAndGet(batch.size());
    dispatch(batch);
  }

  /**
   * Records a key's outcome, unless it is not as expected after an eventually consistent read:
   * then it is read again, strongly consistent (the first read may have missed a recent write).
   */
  private void judge(PendingKey p, Map<String, AttributeValue> actual) {
    if (!outcomes.judge(p, actual, !p.consistent)) {
      p.consistent = true;
      recorder.retriedKeys.increment();
      rechecks.add(p);
      return;
    }
    resolved(1);
  }

  /** Waits until every key submitted has its outcome (or, once stopped, until the calls out are back). */
  void awaitIdle() throws InterruptedException {
    while (outstanding.get() > 0) {
      List<PendingKey> batch = new ArrayList<>(MAX_KEYS);
      PendingKey p;
      while ((p = rechecks.poll()) != null) {
        batch.add(p);
        if (batch.size() == MAX_KEYS) {
          dispatch(batch);
          batch = new ArrayList<>(MAX_KEYS);
        }
      }
      dispatch(batch);
      synchronized (idle) {
        if (outstanding.get() > 0) {
          idle.wait(POLL_MILLIS);
        }
      }
    }
  }

  /** Sends rechecks that fill a whole call; the rest waits for {@link #awaitIdle}. */
  void sendFullRechecks() throws InterruptedException {
    while (rechecks.size() >= MAX_KEYS) {
      List<PendingKey> batch = new ArrayList<>(MAX_KEYS);
      PendingKey p;
      while (batch.size() < MAX_KEYS && (p = rechecks.poll()) != null) {
        batch.add(p);
      }
      dispatch(batch);
    }
  }

  /** Sends nothing more; keys not yet read get no outcome. */
  void stop() {
    stopped = true;
  }

  /** The fatal error that stopped the reader, if any. */
  Optional<String> fatalError() {
    return Optional.ofNullable(fatal.get());
  }

  private void dispatch(List<PendingKey> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    while (true) {
      if (stopped) {
        abandon(batch);
        return;
      }
      if (permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        Call waiting = due.poll();
        if (waiting == null) {
          break;
        }
        send(waiting);
      }
    }
    boolean consistent = batch.get(0).consistent;
    send(new Call(List.copyOf(batch), consistent));
  }

  /** Sends a call; holds a permit, released when the call is back. */
  private void send(Call c) {
    if (stopped) {
      abandon(c.keys());
      release();
      return;
    }
    double units = 0;
    for (PendingKey p : c.keys()) {
      units += p.estimatedUnits();
    }
    double estimated = units;
    long wait = pace.reserve(estimated);
    if (wait > 0) {
      timer.schedule(() -> transmit(c, estimated), wait, TimeUnit.NANOSECONDS);
    } else {
      transmit(c, estimated);
    }
  }

  private void transmit(Call c, double units) {
    if (stopped) {
      abandon(c.keys());
      release();
      return;
    }
    List<Map<String, AttributeValue>> requested = new ArrayList<>(c.keys().size());
    for (PendingKey p : c.keys()) {
      p.attempts++;
      requested.add(p.key);
    }
    BatchGetItemRequest request = BatchGetItemRequest.builder()
        .requestItems(Map.of(table, KeysAndAttributes.builder().keys(requested).consistentRead(c.consistent()).build()))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build();
    Object ticket = pace.sent(units);
    recorder.requests.increment();
    long sentAt = pace.nanoTime();
    int inFlight = callsOut.incrementAndGet();
    CompletableFuture<BatchGetItemResponse> call;
    try {
      call = client.batchGetItem(request);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, failure) -> {
      callsOut.decrementAndGet();
      if (failure == null) {
        limit.sample(sentAt, pace.nanoTime() - sentAt, inFlight);
      }
      try {
        completed(c, ticket, units, response, failure);
      } catch (RuntimeException | Error e) {
        log.error("Handling a BatchGetItem response failed", e);
        fail("internal error: " + e);
      } finally {
        release();
      }
    });
  }

  private void completed(Call c, Object ticket, double units, BatchGetItemResponse response, Throwable failure) {
    int n = c.keys().size();
    if (failure != null) {
      boolean throttled = ErrorClassifier.isThrottling(failure);
      pace.completed(ticket, units, 0, throttled ? units : 0, !throttled);
      String why = ErrorClassifier.describe(failure);
      if (ErrorClassifier.classify(failure) == ErrorClassifier.Action.RETRY) {
        log.debug("BatchGetItem failed, read again later: {}", why);
        retryLater(c.keys(), why);
      } else {
        fail(why);
        abandon(c.keys());
      }
      return;
    }
    double consumed = consumed(response);
    recorder.readUnits.add(consumed);
    Map<Map<String, AttributeValue>, PendingKey> byKey = new HashMap<>(n * 2);
    for (PendingKey p : c.keys()) {
      byKey.put(p.key, p);
    }
    for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
      PendingKey p = byKey.remove(keys.keyOf(item));
      if (p != null) {
        judge(p, item);
      }
    }
    List<PendingKey> unprocessed = new ArrayList<>();
    KeysAndAttributes left = response.unprocessedKeys().get(table);
    if (left != null) {
      for (Map<String, AttributeValue> k : left.keys()) {
        PendingKey p = byKey.remove(keys.keyOf(k));
        if (p != null) {
          unprocessed.add(p);
        }
      }
    }
    for (PendingKey p : byKey.values()) {
      judge(p, null);
    }
    double throttledUnits = 0;
    for (PendingKey p : unprocessed) {
      throttledUnits += p.estimatedUnits();
    }
    pace.completed(ticket, units, consumed, throttledUnits, false);
    retryLater(unprocessed, "still unprocessed after " + maxAttempts + " reads (throttled)");
  }

  private void retryLater(List<PendingKey> keysToRead, String error) {
    List<PendingKey> again = new ArrayList<>(keysToRead.size());
    int attempt = 1;
    for (PendingKey p : keysToRead) {
      if (p.attempts >= maxAttempts) {
        outcomes.unverified(p, error);
        resolved(1);
      } else {
        again.add(p);
        attempt = Math.max(attempt, p.attempts);
      }
    }
    if (again.isEmpty()) {
      return;
    }
    if (stopped) {
      abandon(again);
      return;
    }
    recorder.retriedKeys.add(again.size());
    // Keys of one call share its consistency; a call holds no more keys than it did.
    boolean consistent = again.get(0).consistent;
    Call c = new Call(List.copyOf(again), consistent);
    timer.schedule(() -> due(c), backoff.delay(attempt).toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A call whose backoff is over: sent when a slot is free. */
  private void due(Call c) {
    due.add(c);
    pump();
  }

  /** Calls allowed in flight now. */
  int inFlightLimit() {
    return permits.size();
  }

  private void release() {
    permits.release();
    pump();
  }

  /** Sends due calls while slots are free; called after each enqueue and each release, so none waits unseen. */
  private void pump() {
    while (!due.isEmpty() && permits.tryAcquire()) {
      Call c = due.poll();
      if (c == null) {
        permits.release();
        continue;
      }
      send(c);
    }
    if (stopped) {
      Call c;
      while ((c = due.poll()) != null) {
        abandon(c.keys());
      }
    }
  }

  private void fail(String error) {
    if (fatal.compareAndSet(null, error)) {
      log.error("Reading table {} stopped: {}", table, error);
    }
    stopped = true;
  }

  private void abandon(List<PendingKey> keysLeft) {
    resolved(keysLeft.size());
  }

  private void resolved(int n) {
    if (outstanding.addAndGet(-n) <= 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private static double consumed(BatchGetItemResponse response) {
    double units = 0;
    for (ConsumedCapacity c : response.consumedCapacity()) {
      if (c.capacityUnits() != null) {
        units += c.capacityUnits();
      }
    }
    return units;
  }
}
