package dev.ddbload.engine;

import dev.ddbload.batch.ShuffleWindow;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.batch.WriteRule;
import dev.ddbload.capacity.LoadPlanner;
import dev.ddbload.checkpoint.Checkpointer;
import dev.ddbload.checkpoint.SourceProgress;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.Origin;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.ControlGauges;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.source.Source;
import dev.ddbload.throttle.WritePacer;
import dev.ddbload.write.BatchWriter;
import dev.ddbload.write.WriterSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * One load's moving parts: the readers (one {@link ReadLane} per reader thread: decode,
 * validate, order by key, batch, hand to the writer), and the writer's per-item outcomes
 * (counters, rejects, key release) from its completion threads.
 */
public final class LoadPipeline extends RecordOutcomes implements ReadLane.Host {

  private static final Logger log = LoggerFactory.getLogger(LoadPipeline.class);
  /** How long an interrupted load waits for calls already sent. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** The records a reader lane's shuffle window holds at most, in bytes. */
  static final long SHUFFLE_WINDOW_BYTES = 16L << 20;

  /**
   * What the pipeline is told of the load.
   *
   * @param table the table's name
   * @param keys the table's key
   * @param rule what each record becomes: a put or delete in a batch, or a write sent alone
   * @param writer concurrency, attempts, backoff and pace of the writer
   * @param parallelFiles how many sources are read at once
   * @param shuffleWindow how many records a reader lane interleaves (0: none)
   * @param maxErrors rejects after which the load stops (0: no limit)
   * @param random seeds the lanes' shuffles; shared, so used under its own lock
   */
  public record Settings(String table, KeySchema keys, WriteRule rule, WriterSettings writer, int parallelFiles,
      int shuffleWindow, long maxErrors, RandomGenerator random) {
  }

  private final Settings settings;
  private final KeySchema keys;
  private final LoadStop stop;
  private final ScheduledExecutorService timer;
  private final BatchWriter writer;
  private final Runnable stopWriter;
  private final LoadPlanner planner;
  private final Checkpointer checkpoints;

  /**
   * @param client the data-plane client, its own retries off
   * @param timer runs retries, checkpoint saves and the per-second samples
   * @param planner where a dry run's records go; null to write them
   */
  public LoadPipeline(Settings settings, DynamoDbAsyncClient client, ScheduledExecutorService timer, LoadStop stop,
      StatsRecorder recorder, RejectSink rejects, Checkpointer checkpoints, LoadPlanner planner) {
    super(recorder, rejects, settings.rule().rejectConflicts());
    this.settings = settings;
    this.keys = settings.keys();
    this.stop = stop;
    this.timer = timer;
    this.planner = planner;
    this.checkpoints = checkpoints;
    WriterSettings write = settings.writer();
    this.writer = new BatchWriter(client, settings.table(), keys, write, timer, this);
    WritePacer pacer = write.pacer();
    recorder.setGauges(new ControlGauges(pacer::consumedRate, pacer::allowedRate, writer::inFlightLimit,
        writer::callsInFlight, pacer::throttledShare));
    this.stopWriter = writer::stop;
  }

  @Override
  public boolean shouldContinue() {
    return !stop.isCancelled() && writer.fatalError().isEmpty();
  }

  /**
   * Reads every source, several at once when allowed, then sends what waits and waits for the
   * writer; the control's per-second series is sampled meanwhile. Closes the rejects sink at the
   * end; a failure to write it stops the load.
   */
  public void run(List<Source> sources, List<Format> formats, DecodeOptions decodeOptions) throws InterruptedException {
    stop.whenCancelled(stopWriter);
    ScheduledFuture<?> sampler = timer.scheduleAtFixedRate(recorder::sampleSecond, 1, 1, TimeUnit.SECONDS);
    try {
      read(sources, formats, decodeOptions);
    } finally {
      sampler.cancel(false);
      recorder.sampleSecond();
      stop.forget(stopWriter);
      closeRejects();
    }
  }

  /** The fatal error that stopped the load (table missing, access denied, ...), if any. */
  public Optional<String> fatalError() {
    return writer.fatalError();
  }

  private void closeRejects() {
    try {
      rejects.close();
    } catch (IOException e) {
      writer.fail("the rejects file " + rejects.path() + " could not be written: " + e.getMessage());
    }
  }

  private void read(List<Source> sources, List<Format> formats, DecodeOptions decodeOptions)
      throws InterruptedException {
    int readers = Math.min(settings.parallelFiles(), sources.size());
    AtomicInteger next = new AtomicInteger();
    if (readers <= 1) {
      readAll(sources, formats, decodeOptions, next);
    } else {
      ReaderPool.run(readers, () -> readAll(sources, formats, decodeOptions, next), stop::cancel,
          failure -> writer.fail("internal error: " + failure));
    }
    finish();
  }

  /** One reader's loop: takes the next unread source until none is left. */
  private void readAll(List<Source> sources, List<Format> formats, DecodeOptions decodeOptions,
      AtomicInteger next) throws InterruptedException {
    ReadLane lane = newLane();
    int i;
    while (shouldContinue() && (i = next.getAndIncrement()) < sources.size()) {
      lane.read(sources.get(i), formats.get(i), decodeOptions);
    }
    lane.flush();
  }

  private ReadLane newLane() {
    ShuffleWindow<WriteItem> shuffle = new ShuffleWindow<>(settings.shuffleWindow(), SHUFFLE_WINDOW_BYTES,
        WriteItem::key, WriteItem::itemBytes, new SplittableRandom(seed()));
    return new ReadLane(this, keys, settings.rule(), recorder, ordering, shuffle, planner, writer);
  }

  /**
   * Sends what waits behind keys in flight, then waits for the writer. Interrupted: what was
   * sent comes back, nothing more is sent; the rest is "not finished".
   */
  void finish() throws InterruptedException {
    if (stop.isCancelled()) {
      writer.stop();
      if (!writer.awaitCallsOut(STOP_GRACE)) {
        log.warn("Some BatchWriteItem calls had not come back {} s after the interruption.", STOP_GRACE.toSeconds());
      }
      return;
    }
    ReadLane lane = newLane();
    while (true) {
      lane.flush();
      if (!ordering.hasWaiting()) {
        break;
      }
      lane.awaitReady(50);
    }
    writer.awaitIdle();
  }

  /** A seed from the load's random source, which the reader lanes share. */
  private long seed() {
    synchronized (settings.random()) {
      return settings.random().nextLong();
    }
  }

  @Override
  public SourceProgress progress(String sourceName) {
    return checkpoints.progress(sourceName);
  }

  @Override
  public void reject(Origin origin, String raw, RejectReason reason, String message) {
    reject(origin, raw, reason, message, 0);
  }

  /** A record is finished: the checkpoint may move past it. */
  @Override
  void ended(Origin origin) {
    SourceProgress progress = checkpoints.progress(origin.source());
    if (progress != null) {
      progress.end(origin);
    }
  }

  /** A call's records are finished: each source's checkpoint progress is taken once per call. */
  @Override
  void ended(List<WriteItem> items) {
    int from = 0;
    while (from < items.size()) {
      String source = items.get(from).origin().source();
      int to = from + 1;
      while (to < items.size() && items.get(to).origin().source().equals(source)) {
        to++;
      }
      SourceProgress progress = checkpoints.progress(source);
      if (progress != null) {
        progress.end(items.subList(from, to), WriteItem::origin);
      }
      from = to;
    }
  }

  /**
   * Writes a reject and counts it, atomically with respect to a checkpoint's save; stops the
   * load at the {@code --max-errors} limit.
   */
  @Override
  void reject(Origin origin, String raw, RejectReason reason, String message, int attempts) {
    checkpoints.rejecting(() -> super.reject(origin, raw, reason, message, attempts));
    long limit = settings.maxErrors();
    if (limit > 0 && rejects.count() >= limit) {
      writer.fail(limit + " records were rejected, the LoadOptions.maxErrors limit");
    }
  }
}
