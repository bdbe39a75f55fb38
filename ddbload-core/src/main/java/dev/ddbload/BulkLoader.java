package dev.ddbload;

import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.capacity.LoadPlanner;
import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.checkpoint.CheckpointStore;
import dev.ddbload.checkpoint.Checkpointer;
import dev.ddbload.checkpoint.FileCheckpointStore;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.engine.InputCheck;
import dev.ddbload.engine.JobRejects;
import dev.ddbload.engine.LoadPipeline;
import dev.ddbload.engine.LoadStop;
import dev.ddbload.item.KeySchema;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.source.Source;
import dev.ddbload.table.TableSetup;
import dev.ddbload.throttle.WritePacer;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.write.Concurrency;
import dev.ddbload.write.DirectBatchWriteClient;
import dev.ddbload.write.DynamoClients;
import dev.ddbload.write.WriterSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Loads records from sources into one DynamoDB table. The library's entry point; the CLI is a
 * thin layer over it.
 *
 * <pre>{@code
 * try (BulkLoader loader = BulkLoader.create(options)) {
 *   LoadReport report = loader.load(List.of(new LocalFileSource(Path.of("books.csv"))));
 * }
 * }</pre>
 *
 * <p>{@link #load} reads up to {@link LoadOptions#parallelFiles()} sources at once, each on its
 * own reader thread (the calling thread when one is enough), and hands batches to the
 * non-blocking writer; {@link #stats()} and {@link #cancel()} may be called from any thread. One
 * load per instance at a time.
 */
public final class BulkLoader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BulkLoader.class);

  private final LoadOptions options;
  private final DynamoDbAsyncClient dataPlane;
  private final DynamoDbClient controlPlane;
  private final boolean ownsClients;
  private final ScheduledExecutorService timer;
  private final LoadStop stop = new LoadStop();
  private volatile StatsRecorder stats;

  /**
   * The table as the load finds it: its key, whether it exists (a dry run does not create it), and
   * whether DynamoDB Local serves it.
   */
  private record Table(KeySchema keys, boolean exists, boolean dynamoDbLocal) {
  }

  /** How the pipeline's run ended: the capacity restored, and where the checkpoint is left. */
  private record Ending(CapacityReport capacity, Optional<String> checkpointLeft) {
  }

  private BulkLoader(LoadOptions options, DynamoDbAsyncClient dataPlane, DynamoDbClient controlPlane,
      boolean ownsClients) {
    this.options = options;
    this.dataPlane = dataPlane;
    this.controlPlane = controlPlane;
    this.ownsClients = ownsClients;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ddbload-retry");
      t.setDaemon(true);
      return t;
    });
    this.stats = new StatsRecorder(options.clock());
  }

  /**
   * A loader with its own clients, built from {@link LoadOptions#client()}; closed by
   * {@link #close()}.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static BulkLoader create(LoadOptions options) {
    DynamoDbClient control = DynamoClients.controlPlane(options.client());
    try {
      return new BulkLoader(options, DynamoClients.dataPlane(options.client(), options.concurrency().max()), control,
          true);
    } catch (RuntimeException e) {
      control.close();
      throw e;
    }
  }

  /**
   * A loader using the caller's clients, which it does not close. Turn off the data-plane
   * client's own retries ({@code AwsRetryStrategy.doNotRetry()}), or its attempts multiply the
   * loader's.
   */
  public static BulkLoader create(LoadOptions options, DynamoDbAsyncClient dataPlane, DynamoDbClient controlPlane) {
    return new BulkLoader(options, Objects.requireNonNull(dataPlane, "dataPlane"),
        Objects.requireNonNull(controlPlane, "controlPlane"), false);
  }

  /** The counters of the running (or last) load. */
  public LoadStats stats() {
    return stats.snapshot();
  }

  /**
   * Asks the running load to stop: it reads no more, sends nothing new, waits (up to 15 s) for
   * the calls already sent, restores capacity and returns with {@link LoadStatus#INTERRUPTED}.
   * Records read but not written by then are counted as not finished.
   */
  public void cancel() {
    stop.cancel();
  }

  /**
   * Like {@link #cancel()}, but leaves raised capacity raised and its restore recorded, for a job
   * that another run continues (which restores capacity when the job ends): a serverless
   * function stopping before its deadline.
   */
  public void pause() {
    stop.pause();
  }

  /**
   * Loads the sources into the table: they are started in order, up to
   * {@link LoadOptions#parallelFiles()} at a time; records of one source keep their order.
   *
   * @return what happened; records that could not be written are in the rejects file
   * @throws ConfigurationException before anything is written, for a problem the user can fix:
   *     a missing table, an input whose format is unknown or whose header is unusable, a
   *     {@code --schema} column no input has, DynamoDB unreachable or refusing the credentials
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public LoadReport load(List<Source> sources) throws InterruptedException {
    sources = Inputs.distinct(sources);
    Table table = prepareTable();
    try {
      options.writing().rule().checkAgainst(table.keys());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage() + ".");
    }
    DecodeOptions decodeOptions = Inputs.decodeOptions(options, table.keys());
    List<Format> formats = Inputs.formatsOf(options, sources);
    decodeOptions = InputCheck.check(sources, formats, decodeOptions, options.schema());
    Checkpointer checkpoints = openCheckpoints(sources);
    Optional<Checkpoint> resumed = resumedFrom(checkpoints);
    Path rejectsPath = JobRejects.path(options.rejectsFile(), options.table(), options.clock(), resumed);
    LoadCapacity capacity = LoadCapacity.open(options, controlPlane, resumed);
    double ceiling = capacity.prepare(table.exists());
    StatsRecorder recorder = newRecorder(sources);
    RejectSink rejects = JobRejects.open(rejectsPath, resumed, checkpoints, recorder);
    LoadPlanner planner = options.dryRun() ? new LoadPlanner() : null;
    if (table.dynamoDbLocal() && dataPlane instanceof DirectBatchWriteClient direct) {
      direct.askConsumedCapacity(false);
    }
    LoadPipeline pipeline = new LoadPipeline(pipelineSettings(table, ceiling, Inputs.readersOf(options, formats)),
        dataPlane, timer, stop, recorder, rejects, checkpoints, planner);
    checkpoints.start(rejects, rejectsPath.toAbsolutePath().toString(), capacity::pendingRestore, timer,
        options.checkpointInterval());
    Ending ending = run(pipeline, sources, formats, decodeOptions, capacity, checkpoints);

    LoadStats done = recorder.snapshot();
    Optional<LoadPlan> plan = capacity.plan(planner, ceiling);
    Optional<Path> rejectsFile = done.rejectedInJob() > 0 ? Optional.of(rejectsPath) : rejects.writtenFile();
    return new LoadReport(options.table(), status(pipeline.fatalError(), done), done, rejectsFile,
        pipeline.fatalError(), ending.capacity(), plan, ending.checkpointLeft(), recorder.damage(), recorder.series());
  }

  /**
   * Runs the pipeline, then restores capacity, then saves the checkpoint (after the restore, so
   * a restore that failed is carried to the next run); each step runs whatever the one before did.
   */
  private Ending run(LoadPipeline pipeline, List<Source> sources, List<Format> formats, DecodeOptions decodeOptions,
      LoadCapacity capacity, Checkpointer checkpoints) throws InterruptedException {
    CapacityReport capacityReport;
    boolean complete = false;
    Optional<String> checkpointLeft;
    try {
      try {
        pipeline.run(sources, formats, decodeOptions);
      } finally {
        capacityReport = capacity.finish(stop);
      }
      complete = pipeline.fatalError().isEmpty() && !stop.isCancelled();
    } finally {
      checkpointLeft = checkpoints.finish(complete) ? checkpoints.location() : Optional.empty();
    }
    return new Ending(capacityReport, checkpointLeft);
  }

  /** What the pipeline needs of the options, with the write rate's ceiling and the sources read at once. */
  private LoadPipeline.Settings pipelineSettings(Table table, double ceilingWcuPerSecond, int readers) {
    Backoff backoff = new Backoff(options.backoffBase(), options.backoffMax(), options.random());
    long seed;
    synchronized (options.random()) {
      seed = options.random().nextLong();
    }
    WritePacer pacer = new WritePacer(ceilingWcuPerSecond, System::nanoTime, new SplittableRandom(seed));
    WriterSettings writer = new WriterSettings(concurrency(table), options.maxAttempts(), backoff, pacer);
    return new LoadPipeline.Settings(options.table(), table.keys(), options.writing().rule(), writer,
        readers, options.shuffleWindow(), options.maxErrors(), options.random());
  }

  /**
   * The calls in flight: as the options say, except that an adaptive limit starts at its least
   * against DynamoDB Local, one process whose SQLite takes one write at a time: more calls than a
   * few per core only wait in its threads and cost it CPU (docs/BENCHMARKS.md, "Short loads").
   */
  private Concurrency concurrency(Table table) {
    Concurrency c = options.concurrency();
    return table.dynamoDbLocal() && !c.isPinned() ? Concurrency.adaptive(c.min(), c.min(), c.max()) : c;
  }

  /** A recorder for this load, which {@link #stats()} reads from now on. */
  private StatsRecorder newRecorder(List<Source> sources) {
    StatsRecorder recorder = new StatsRecorder(options.clock());
    recorder.setBytesTotal(Inputs.totalSize(sources));
    stats = recorder;
    return recorder;
  }

  /** Aborted, else interrupted, else damaged input, else with or without rejects (the job's, earlier runs' too). */
  private LoadStatus status(Optional<String> fatalError, LoadStats done) {
    if (fatalError.isPresent()) {
      return LoadStatus.ABORTED;
    }
    if (stop.isCancelled()) {
      return LoadStatus.INTERRUPTED;
    }
    if (done.damagedSources() > 0) {
      return LoadStatus.DAMAGED_INPUT;
    }
    return done.rejectedInJob() > 0 ? LoadStatus.COMPLETED_WITH_REJECTS : LoadStatus.COMPLETED;
  }

  /**
   * The job's checkpointing: saved to {@link LoadOptions#checkpointStore()} or the default file,
   * unless turned off, for a dry run, or for input that cannot be read again (standard input).
   */
  private Checkpointer openCheckpoints(List<Source> sources) {
    boolean resumable = options.checkpointing() && !options.dryRun() && sources.stream().allMatch(Source::isReopenable);
    if (!resumable) {
      return Checkpointer.none(sources);
    }
    List<String> names = sources.stream().map(Source::name).toList();
    CheckpointStore store = options.checkpointStore().orElseGet(() -> new FileCheckpointStore(
        FileCheckpointStore.defaultFile(options.stateDirectory(), options.table(), names)));
    return Checkpointer.open(store, options.table(), sources, options.restart());
  }

  private static Optional<Checkpoint> resumedFrom(Checkpointer checkpoints) {
    Optional<Checkpoint> resumed = checkpoints.resumedFrom();
    resumed.ifPresent(c -> log.info("Resuming from the checkpoint {}: {} records were finished before.",
        checkpoints.location().orElse(""), c.recordsFinished()));
    return resumed;
  }

  private Table prepareTable() {
    String target = options.client().describeTarget();
    try {
      TableSetup setup = new TableSetup(controlPlane);
      boolean exists = !options.dryRun() || setup.describe(options.table()).isPresent();
      TableSetup.Target prepared = setup.prepareTarget(options.table(), options.createTableKey().orElse(null), target,
          !options.dryRun());
      return new Table(prepared.keys(), exists, prepared.dynamoDbLocal());
    } catch (SdkException e) {
      throw TableSetup.refused(options.table(), target, e);
    }
  }

  /** Closes the loader's own clients and its retry timer. */
  @Override
  public void close() {
    timer.shutdownNow();
    if (ownsClients) {
      dataPlane.close();
      controlPlane.close();
    }
  }
}
