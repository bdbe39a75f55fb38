package dev.ddbload.engine;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.KeyOrdering;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.batch.WriteRule;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemSize;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.write.BatchWriter;
import dev.ddbload.write.WriterSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes items that one producer thread hands over one at a time, with the loader's engine:
 * key and 400 KB validation, last writer wins by key ({@link KeyOrdering}), batches of 25
 * ({@link Batcher}), the non-blocking {@link BatchWriter} with its capped full-jitter retries and
 * error classification, and every record that cannot be written in the {@link RejectSink}.
 * Counters go to a {@link StatsRecorder}. For callers whose items are already in memory rather
 * than in files: each task of the Spark writer runs one.
 *
 * <pre>{@code
 * try (ItemLoader loader = new ItemLoader(client, table, keys, false, settings, rejects, recorder)) {
 *   for (SourceRecord r : records) {
 *     loader.add(r);
 *   }
 *   loader.finish();
 * }
 * }</pre>
 *
 * <p>{@link #add}, {@link #reject} and {@link #finish} from the producer thread only; {@link #stop}
 * and {@link #fatalError} from any thread. The caller owns the client, the rejects sink and the
 * recorder; {@link #close()} stops the retry timer.
 */
public final class ItemLoader implements AutoCloseable {

  private static final long AWAIT_READY_MILLIS = 50;

  private final KeySchema keys;
  private final WriteRule rule;
  private final StatsRecorder recorder;
  private final RecordOutcomes outcomes;
  private final OrderedBatches batches;
  private final ScheduledExecutorService timer;
  private final BatchWriter writer;

  /**
   * @param client the data-plane client, its own retries off (see {@link dev.ddbload.write.DynamoClients})
   * @param table the table name
   * @param keys the table's key
   * @param rule what each item becomes: a put, a delete, or a write sent alone
   * @param settings concurrency, attempts, backoff and pace
   * @param rejects where records that cannot be written go
   * @param recorder counts read, written, rejected and superseded records
   */
  public ItemLoader(DynamoDbAsyncClient client, String table, KeySchema keys, WriteRule rule, WriterSettings settings,
      RejectSink rejects, StatsRecorder recorder) {
    this.keys = keys;
    this.rule = rule;
    this.recorder = recorder;
    this.outcomes = new RecordOutcomes(recorder, rejects, rule.rejectConflicts());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ddbload-retry");
      t.setDaemon(true);
      return t;
    });
    this.writer = new BatchWriter(client, table, keys, settings, timer, outcomes);
    this.batches = new OrderedBatches(outcomes.ordering, outcomes::superseded, writer);
  }

  /**
   * Validates the record and queues its write: a later record with the same key wins. Blocks
   * while the writer is full. An invalid record (missing or bad key, over 400 KB) is rejected.
   */
  public void add(SourceRecord record) throws InterruptedException {
    recorder.recordRead();
    WriteItem write;
    try {
      write = rule.write(record, keys);
    } catch (InvalidValueException e) {
      rejectRead(record.origin(), record.rawText(), e.reason(), e.getMessage());
      return;
    }
    batches.order(write);
    batches.batchReady();
  }

  /** Counts a record that could not even become an item, and writes it to the rejects. */
  public void reject(Origin origin, String raw, RejectReason reason, String message) {
    recorder.recordRead();
    rejectRead(origin, raw, reason, message);
  }

  /**
   * Sends what is still batched or parked behind a key in flight, and waits until every record
   * is written or rejected (after a fatal error, rejected as ABORTED).
   */
  public void finish() throws InterruptedException {
    while (true) {
      batches.batchReady();
      batches.sendOpen();
      if (!batches.hasWaiting()) {
        break;
      }
      batches.awaitReady(AWAIT_READY_MILLIS);
    }
    writer.awaitIdle();
  }

  /**
   * Stops sending: calls already sent are awaited up to {@code grace}, nothing new is sent or
   * resent. Records not written by then are neither written nor rejected.
   *
   * @return whether every call came back in time
   */
  public boolean stop(Duration grace) throws InterruptedException {
    writer.stop();
    return writer.awaitCallsOut(grace);
  }

  /** The fatal error that stopped writing (table missing, access denied, ...), if any. */
  public Optional<String> fatalError() {
    return writer.fatalError();
  }

  /** Stops the retry timer. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /**
   * The item's key ({@link KeySchema#keyOf}), once its key attributes are validated.
   *
   * @throws InvalidValueException with the reason to reject the record
   */
  public static Map<String, AttributeValue> validKey(Map<String, AttributeValue> item, KeySchema keys)
      throws InvalidValueException {
    keys.validate(item);
    return keys.keyOf(item);
  }

  /**
   * The item's DynamoDB size, at most 400 KB.
   *
   * @throws InvalidValueException ({@code ITEM_TOO_LARGE}) for a larger item
   */
  public static int checkedSize(Map<String, AttributeValue> item) throws InvalidValueException {
    return ItemSize.checked(item);
  }

  private void rejectRead(Origin origin, String raw, RejectReason reason, String message) {
    outcomes.reject(origin, raw, reason, message, 0);
  }
}
