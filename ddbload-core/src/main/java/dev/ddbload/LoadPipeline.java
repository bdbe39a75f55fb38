package dev.ddbload;

import dev.ddbload.batch.ShuffleWindow;
import dev.ddbload.batch.WriteItem;
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
import dev.ddbload.write.Backoff;
import dev.ddbload.write.BatchWriter;
import dev.ddbload.write.WriterSettings;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load's moving parts: the readers (one {@link ReadLane} per reader thread: decode,
 * validate, order by key, batch, hand to the writer), and the writer's per-item outcomes
 * (counters, rejects, key release) from its completion threads.
 */
final class LoadPipeline extends RecordOutcomes implements ReadLane.Host {

  private static final Logger log = LoggerFactory.getLogger(LoadPipeline.class);
  /** How long an interrupted load waits for calls already sent. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final BulkLoader loader;
  private final LoadOptions options;
  private final KeySchema keys;
  final BatchWriter writer;
  private final LoadPlanner planner;
  private final Checkpointer checkpoints;

  /**
   * @param ceilingWcuPerSecond the write rate's ceiling ({@code Infinity} for none)
   */
  LoadPipeline(BulkLoader loader, KeySchema keys, StatsRecorder recorder, RejectSink rejects,
      double ceilingWcuPerSecond, LoadPlanner planner, Checkpointer checkpoints) {
    super(recorder, rejects);
    this.loader = loader;
    this.options = loader.options();
    this.keys = keys;
    this.planner = planner;
    this.checkpoints = checkpoints;
    Backoff backoff = new Backoff(options.backoffBase(), options.backoffMax(), options.random());
    WritePacer pacer = new WritePacer(ceilingWcuPerSecond, System::nanoTime, new SplittableRandom(seed()));
    this.writer = new BatchWriter(loader.dataPlane(), options.table(), keys,
        new WriterSettings(options.concurrency(), options.maxAttempts(), backoff, pacer), loader.timer(), this);
    recorder.setGauges(new ControlGauges(pacer::consumedRate, pacer::allowedRate, writer::inFlightLimit,
        pacer::throttledShare));
  }

  @Override
  public boolean shouldContinue() {
    return !loader.isCancelled() && writer.fatalError().isEmpty();
  }

  /**
   * Reads every source, several at once when allowed, then sends what waits and waits for the
   * writer; the control's per-second series is sampled meanwhile.
   */
  void run(List<Source> sources, List<Format> formats, DecodeOptions decodeOptions) throws InterruptedException {
    ScheduledFuture<?> sampler = loader.timer().scheduleAtFixedRate(recorder::sampleSecond, 1, 1, TimeUnit.SECONDS);
    try {
      read(sources, formats, decodeOptions);
    } finally {
      sampler.cancel(false);
      recorder.sampleSecond();
    }
  }

  private void read(List<Source> sources, List<Format> formats, DecodeOptions decodeOptions)
      throws InterruptedException {
    int readers = Math.min(options.parallelFiles(), sources.size());
    AtomicInteger next = new AtomicInteger();
    if (readers <= 1) {
      readAll(sources, formats, decodeOptions, next);
    } else {
      ReaderPool.run(readers, () -> readAll(sources, formats, decodeOptions, next), loader::cancel,
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
    ShuffleWindow<WriteItem> shuffle = new ShuffleWindow<>(options.shuffleWindow(), LoadOptions.SHUFFLE_WINDOW_BYTES,
        WriteItem::key, WriteItem::itemBytes, new SplittableRandom(seed()));
    return new ReadLane(this, keys, options.mode(), recorder, ordering, shuffle, planner, writer);
  }

  /**
   * Sends what waits behind keys in flight, then waits for the writer. Interrupted: what was
   * sent comes back, nothing more is sent; the rest is "not finished".
   */
  void finish() throws InterruptedException {
    if (loader.isCancelled()) {
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
    synchronized (options.random()) {
      return options.random().nextLong();
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
    long limit = options.maxErrors();
    if (limit > 0 && rejects.count() >= limit) {
      writer.fail(limit + " records were rejected, the --max-errors limit");
    }
  }
}
