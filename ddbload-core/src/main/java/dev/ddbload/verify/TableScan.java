package dev.ddbload.verify;

import dev.ddbload.item.KeyAttribute;
import dev.ddbload.item.KeySchema;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.write.ErrorClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads every key of the table with a parallel Scan ({@code TotalSegments} segments, one page in
 * flight each, key attributes only), paced by the reads' {@link ReadPace} (a page is charged what
 * the previous one consumed, then what it consumed itself: a Scan consumes read units by the
 * size of the items it reads, whatever it returns). A throttled or failed page is read again after
 * a capped, jittered {@link Backoff}, up to {@code maxAttempts} times; then, or on a fatal error,
 * the scan fails. Each key goes to the {@link KeySink} on a completion thread. Thread-safe.
 */
final class TableScan {

  private static final Logger log = LoggerFactory.getLogger(TableScan.class);
  /** Units charged for a segment's first page, before anything is known. */
  private static final double FIRST_PAGE_UNITS = 8;

  /** Where scanned keys go. */
  interface KeySink {
    void scanned(Map<String, AttributeValue> key);
  }

  private final DynamoDbAsyncClient client;
  private final String table;
  private final KeySchema keys;
  private final int segments;
  private final boolean consistent;
  private final int maxAttempts;
  private final Backoff backoff;
  private final ReadPace pace;
  private final ScheduledExecutorService timer;
  private final VerifyRecorder recorder;
  private final KeySink sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicInteger running;
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private volatile boolean stopped;

  TableScan(DynamoDbAsyncClient client, String table, KeySchema keys, VerifyOptions options, ReadPace pace,
      ScheduledExecutorService timer, VerifyRecorder recorder, KeySink sink) {
    this.client = client;
    this.table = table;
    this.keys = keys;
    this.segments = options.scanSegments();
    this.consistent = options.consistentRead();
    this.maxAttempts = options.maxAttempts();
    this.backoff = new Backoff(options.backoffBase(), options.backoffMax(), options.random());
    this.pace = pace;
    this.timer = timer;
    this.recorder = recorder;
    this.sink = sink;
    this.running = new AtomicInteger(segments);
  }

  /** Starts every segment; the future completes when all are read (or the scan failed or stopped). */
  CompletableFuture<Void> start() {
    for (int s = 0; s < segments; s++) {
      page(s, null, 1, FIRST_PAGE_UNITS);
    }
    return done;
  }

  /** Reads no more pages. */
  void stop() {
    stopped = true;
  }

  /** Why the scan failed, if it did. */
  Optional<String> fatalError() {
    return Optional.ofNullable(fatal.get());
  }

  private void page(int segment, Map<String, AttributeValue> start, int attempt, double estimate) {
    if (stopped) {
      segmentDone();
      return;
    }
    long wait = pace.reserve(estimate);
    if (wait > 0) {
      timer.schedule(() -> transmit(segment, start, attempt, estimate), wait, TimeUnit.NANOSECONDS);
    } else {
      transmit(segment, start, attempt, estimate);
    }
  }

  private void transmit(int segment, Map<String, AttributeValue> start, int attempt, double estimate) {
    if (stopped) {
      segmentDone();
      return;
    }
    Map<String, String> names = new HashMap<>();
    List<String> projection = new ArrayList<>();
    for (KeyAttribute a : keys.attributes()) {
      String placeholder = "#k" + names.size();
      names.put(placeholder, a.name());
      projection.add(placeholder);
    }
    ScanRequest.Builder request = ScanRequest.builder()
        .tableName(table)
        .segment(segment)
        .totalSegments(segments)
        .projectionExpression(String.join(", ", projection))
        .expressionAttributeNames(names)
        .consistentRead(consistent)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (start != null) {
      request.exclusiveStartKey(start);
    }
    Object ticket = pace.sent(estimate);
    recorder.requests.increment();
    CompletableFuture<ScanResponse> call;
    try {
      call = client.scan(request.build());
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, failure) -> {
      try {
        completed(segment, start, attempt, estimate, ticket, response, failure);
      } catch (RuntimeException | Error e) {
        log.error("Handling a Scan response failed", e);
        fail("internal error: " + e);
        segmentDone();
      }
    });
  }

  private void completed(int segment, Map<String, AttributeValue> start, int attempt, double estimate,
      Object ticket, ScanResponse response, Throwable failure) {
    if (failure != null) {
      boolean throttled = ErrorClassifier.isThrottling(failure);
      pace.completed(ticket, estimate, 0, throttled ? estimate : 0, !throttled);
      String why = ErrorClassifier.describe(failure);
      if (ErrorClassifier.classify(failure) != ErrorClassifier.Action.RETRY) {
        fail(why);
        segmentDone();
      } else if (attempt >= maxAttempts) {
        fail("a Scan page of table " + table + " could not be read in " + maxAttempts + " attempts: " + why);
        segmentDone();
      } else {
        recorder.retriedKeys.increment();
        timer.schedule(() -> page(segment, start, attempt + 1, estimate), backoff.delay(attempt).toNanos(),
            TimeUnit.NANOSECONDS);
      }
      return;
    }
    double consumed = response.consumedCapacity() == null || response.consumedCapacity().capacityUnits() == null
        ? 0 : response.consumedCapacity().capacityUnits();
    recorder.readUnits.add(consumed);
    pace.completed(ticket, estimate, consumed, 0, false);
    for (Map<String, AttributeValue> item : response.items()) {
      sink.scanned(keys.keyOf(item));
    }
    recorder.itemsScanned.add(response.items().size());
    Map<String, AttributeValue> next = response.lastEvaluatedKey();
    if (next == null || next.isEmpty()) {
      segmentDone();
    } else {
      page(segment, next, 1, Math.max(1, consumed));
    }
  }

  private void fail(String error) {
    if (fatal.compareAndSet(null, error)) {
      log.error("Scanning table {} stopped: {}", table, error);
    }
    stopped = true;
  }

  private void segmentDone() {
    if (running.decrementAndGet() == 0) {
      done.complete(null);
    }
  }
}
