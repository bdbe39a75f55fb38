package dev.ddbload;

import dev.ddbload.batch.WriteRule;
import dev.ddbload.config.Durations;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.engine.ItemLoader;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.throttle.WritePacer;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.write.Concurrency;
import dev.ddbload.write.WriterSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes items that one producer thread pushes one at a time, with the loader's engine: key and
 * 400 KB validation, last writer wins by key, batches of 25, the non-blocking writer with its
 * paced, capped full-jitter retries and error classification, and every record that cannot be
 * written in a rejects file. For callers whose items are in memory rather than in files: each
 * task of the Spark writer runs one.
 *
 * <pre>{@code
 * try (ItemWriter writer = ItemWriter.builder(client, "books", KeySchema.parse("isbn"))
 *     .rejectsFile(Path.of("rejects.jsonl")).build()) {
 *   for (Map<String, AttributeValue> item : items) {
 *     writer.add(item);
 *   }
 *   writer.finish();
 * }
 * }</pre>
 *
 * <p>Records are numbered from 0 in the order they are pushed ({@link #add} and {@link #reject}),
 * and a reject names the record by the writer's source name and that number. {@link #add},
 * {@link #reject} and {@link #finish} from the producer thread only; {@link #stop},
 * {@link #stats} and {@link #fatalError} from any thread. The caller owns the client;
 * {@link #close()} stops the retry timer and closes the rejects file.
 */
public final class ItemWriter implements AutoCloseable {

  private final String source;
  private final RejectSink rejects;
  private final StatsRecorder recorder;
  private final ItemLoader loader;
  private long index;

  private ItemWriter(Builder b) {
    this.source = b.sourceName;
    this.rejects = new RejectSink(b.rejectsFile);
    this.recorder = new StatsRecorder(b.clock);
    Backoff backoff = new Backoff(b.backoffBase, b.backoffMax, new SplittableRandom(b.random.nextLong()));
    WritePacer pacer = new WritePacer(b.maxWcuPerSecond, System::nanoTime, new SplittableRandom(b.random.nextLong()));
    WriteRule rule = WriteSettings.rule(b.mode, b.onConflict, b.removeNulls, b.ifNewer, b.opField);
    rule.checkAgainst(b.keys);
    this.loader = new ItemLoader(b.client, b.table, b.keys, rule,
        new WriterSettings(b.concurrency, b.maxAttempts, backoff, pacer), rejects, recorder);
  }

  /**
   * A builder for a writer into {@code table}, whose key is {@code keys}, through {@code client}:
   * a data-plane client with its own retries off ({@code AwsRetryStrategy.doNotRetry()}), or its
   * attempts multiply the writer's.
   */
  public static Builder builder(DynamoDbAsyncClient client, String table, KeySchema keys) {
    return new Builder(client, table, keys);
  }

  /**
   * Validates the item and queues its write: a later item with the same key wins. Blocks while
   * the writer is full. An invalid item (missing or bad key, over 400 KB) is rejected.
   */
  public void add(Map<String, AttributeValue> item) throws InterruptedException {
    loader.add(new SourceRecord(next(), item, () -> ItemJson.toJson(item)));
  }

  /**
   * Counts a record that could not even become an item, and writes it to the rejects file.
   *
   * @param raw the record's text, as the rejects file shows it
   */
  public void reject(String raw, RejectReason reason, String message) {
    loader.reject(next(), raw, reason, message);
  }

  /**
   * Sends what is still batched or parked behind a key in flight, waits until every record is
   * written or rejected (after a fatal error, rejected as ABORTED), and closes the rejects file.
   *
   * @return the rejects file, when a record was rejected
   * @throws IOException when the rejects file cannot be written
   */
  public Optional<Path> finish() throws InterruptedException, IOException {
    loader.finish();
    rejects.close();
    return rejects.writtenFile();
  }

  /**
   * Stops sending: calls already sent are awaited up to {@code grace}, nothing new is sent or
   * resent. Records not written by then are neither written nor rejected.
   *
   * @return whether every call came back in time
   */
  public boolean stop(Duration grace) throws InterruptedException {
    return loader.stop(grace);
  }

  /** The fatal error that stopped writing (table missing, access denied, ...), if any. */
  public Optional<String> fatalError() {
    return loader.fatalError();
  }

  /** The counters so far: read, written, rejected, superseded, retried, write units. */
  public LoadStats stats() {
    return recorder.snapshot();
  }

  /** Where the rejects file is (or would be): written only once a record is rejected. */
  public Path rejectsFile() {
    return rejects.path();
  }

  /** Stops the retry timer and closes the rejects file. */
  @Override
  public void close() throws IOException {
    try {
      loader.close();
    } finally {
      rejects.close();
    }
  }

  private Origin next() {
    return new Origin(source, 0, index++, Origin.UNKNOWN);
  }

  /** Settings of an {@link ItemWriter}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private final DynamoDbAsyncClient client;
    private final String table;
    private final KeySchema keys;
    private WriteMode mode = WriteMode.PUT;
    private OnConflict onConflict = OnConflict.SKIP;
    private boolean removeNulls;
    private String ifNewer;
    private String opField;
    private Concurrency concurrency = LoadOptions.DEFAULT_CONCURRENCY;
    private int maxAttempts = LoadOptions.DEFAULT_MAX_ATTEMPTS;
    private Duration backoffBase = LoadOptions.DEFAULT_BACKOFF_BASE;
    private Duration backoffMax = LoadOptions.DEFAULT_BACKOFF_MAX;
    private double maxWcuPerSecond = Double.POSITIVE_INFINITY;
    private Path rejectsFile = Path.of("ddbload-rejects.jsonl");
    private String sourceName = "items";
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom();

    private Builder(DynamoDbAsyncClient client, String table, KeySchema keys) {
      this.client = Objects.requireNonNull(client, "client");
      this.table = Objects.requireNonNull(table, "table");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Put the items (the default), delete their keys, insert them only if new, or update the stored items. */
    public Builder mode(WriteMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** What a write refused on its condition becomes (default skipped); {@link LoadOptionsBuilder#onConflict}. */
    public Builder onConflict(OnConflict onConflict) {
      this.onConflict = Objects.requireNonNull(onConflict, "onConflict");
      return this;
    }

    /** In update mode, remove null attributes; {@link LoadOptionsBuilder#removeNulls}. */
    public Builder removeNulls(boolean removeNulls) {
      this.removeNulls = removeNulls;
      return this;
    }

    /** Write only when newer by this attribute; {@link LoadOptionsBuilder#ifNewer}. */
    public Builder ifNewer(String attribute) {
      this.ifNewer = attribute;
      return this;
    }

    /** Each item's operation from this attribute; {@link LoadOptionsBuilder#opField}. */
    public Builder opField(String attribute) {
      this.opField = attribute;
      return this;
    }

    /** BatchWriteItem calls in flight: pinned or adaptive (default {@link Concurrency#ADAPTIVE}). */
    public Builder concurrency(Concurrency concurrency) {
      this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
      return this;
    }

    /** Sends per item before it is rejected, 1 to 100 (default 15). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = LoadOptions.checkMaxAttempts(maxAttempts);
      return this;
    }

    /** The first retry's delay cap and the largest retry delay, both positive, base at most max. */
    public Builder backoff(Duration base, Duration max) {
      Durations.checkBackoff("ItemWriter", base, max);
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    /** The write capacity units per second the writer sends at most, positive (default: no limit). */
    public Builder maxWcuPerSecond(double maxWcuPerSecond) {
      if (!(maxWcuPerSecond > 0)) {
        throw new IllegalArgumentException("the write-unit ceiling must be positive, not " + maxWcuPerSecond);
      }
      this.maxWcuPerSecond = maxWcuPerSecond;
      return this;
    }

    /** The rejects file, created (owner-only) when the first record is rejected. */
    public Builder rejectsFile(Path rejectsFile) {
      this.rejectsFile = Objects.requireNonNull(rejectsFile, "rejectsFile");
      return this;
    }

    /** The name rejects give as the records' source (default {@code items}). */
    public Builder sourceName(String sourceName) {
      this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
      return this;
    }

    /** The clock of the counters' timings. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Seeds the retry jitter and the pace's probes. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The writer, its retry timer started. */
    public ItemWriter build() {
      return new ItemWriter(this);
    }
  }
}
