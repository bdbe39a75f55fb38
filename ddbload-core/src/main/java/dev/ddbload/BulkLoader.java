package dev.ddbload;

import dev.ddbload.capacity.CapacityControl;
import dev.ddbload.capacity.CapacityManager;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.capacity.LoadPlanner;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.capacity.RestoreLedger;
import dev.ddbload.capacity.RestoreStore;
import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.checkpoint.CheckpointStore;
import dev.ddbload.checkpoint.Checkpointer;
import dev.ddbload.checkpoint.FileCheckpointStore;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.item.KeySchema;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.source.Source;
import dev.ddbload.table.TableSetup;
import dev.ddbload.write.BatchWriter;
import dev.ddbload.write.DynamoClients;
import dev.ddbload.write.ErrorClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
  private volatile StatsRecorder stats;
  private volatile boolean cancelled;
  private volatile boolean paused;
  private boolean tableMissing;
  private volatile BatchWriter activeWriter;

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
    cancelled = true;
    BatchWriter writer = activeWriter;
    if (writer != null) {
      writer.stop();
    }
  }

  /**
   * Like {@link #cancel()}, but leaves raised capacity raised and its restore recorded, for a job
   * that another run continues (which restores capacity when the job ends): a serverless
   * function stopping before its deadline.
   */
  public void pause() {
    paused = true;
    cancel();
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
    KeySchema keys = prepareTable();
    DecodeOptions decodeOptions = Inputs.decodeOptions(options, keys);
    List<Format> formats = Inputs.formatsOf(options, sources);
    decodeOptions = InputCheck.check(sources, formats, decodeOptions, options.schema());
    Checkpointer checkpoints = openCheckpoints(sources);
    Optional<Checkpoint> resumed = checkpoints.resumedFrom();
    Path rejectsPath = JobRejects.path(options, resumed);
    resumed.ifPresent(c -> log.info("Resuming from the checkpoint {}: {} records were finished before.",
        checkpoints.location().orElse(""), c.recordsFinished()));

    RestoreStore ledger = options.restoreStore().orElseGet(() -> new RestoreLedger(options.stateDirectory()));
    String target = options.client().describeTarget();
    resumed.flatMap(Checkpoint::pendingRestore).ifPresent(r -> adoptPendingRestore(ledger, r));
    CapacityControl capacity = capacityControl(ledger);
    double ceiling = prepareCapacity(capacity);
    StatsRecorder recorder = new StatsRecorder(options.clock());
    recorder.setBytesTotal(Inputs.totalSize(sources));
    stats = recorder;
    RejectSink rejects = JobRejects.open(rejectsPath, resumed, checkpoints, recorder);
    LoadPlanner planner = options.dryRun() ? new LoadPlanner() : null;
    LoadPipeline pipeline = new LoadPipeline(this, keys, recorder, rejects, ceiling, planner, checkpoints);
    activeWriter = pipeline.writer;
    if (cancelled) {
      pipeline.writer.stop();
    }
    checkpoints.start(rejects, rejectsPath.toAbsolutePath().toString(), () -> ledger.find(options.table(), target),
        timer, options.checkpointInterval());
    BatchWriter writer = pipeline.writer;
    CapacityReport capacityReport;
    boolean complete = false;
    Optional<String> checkpointLeft;
    try {
      try {
        try {
          pipeline.run(sources, formats, decodeOptions);
        } finally {
          JobRejects.close(rejects, writer);
        }
      } finally {
        capacityReport = finishCapacity(capacity);
      }
      complete = writer.fatalError().isEmpty() && !cancelled;
    } finally {
      // Saved after the capacity restore, so a restore that failed is carried to the next run.
      checkpointLeft = checkpoints.finish(complete) ? checkpoints.location() : Optional.empty();
    }
    LoadStats done = recorder.snapshot();
    Optional<LoadPlan> plan = planner == null ? Optional.empty()
        : Optional.of(planner.plan(plannedRate(ceiling), capacity.rateSource(), options.pricePerMillionWriteUnits(),
            capacity.onDemandLimits().describe(options.table())));
    Optional<Path> rejectsFile = done.rejectedInJob() > 0 ? Optional.of(rejectsPath) : rejects.writtenFile();
    return new LoadReport(options.table(), status(writer, done), done, rejectsFile, writer.fatalError(),
        capacityReport, plan, checkpointLeft, recorder.damage(), recorder.series());
  }

  /** Aborted, else interrupted, else damaged input, else with or without rejects (the job's, earlier runs' too). */
  private LoadStatus status(BatchWriter writer, LoadStats done) {
    if (writer.fatalError().isPresent()) {
      return LoadStatus.ABORTED;
    }
    if (cancelled) {
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

  /** A capacity restore the checkpoint carries and the state directory lost is owed still. */
  private void adoptPendingRestore(RestoreStore ledger, PendingRestore restore) {
    String target = options.client().describeTarget();
    if (restore.target().equals(target) && ledger.find(options.table(), target).isEmpty()) {
      log.info("The checkpoint records a capacity restore still owed for table {}.", options.table());
      ledger.save(restore);
    }
  }

  /** A new on-demand table starts out absorbing this many write units per second. */
  static final double NEW_ON_DEMAND_WCU_PER_SECOND = 4000;
  private static final Duration CAPACITY_WAIT = Duration.ofMinutes(30);

  private CapacityControl capacityControl(RestoreStore ledger) {
    CapacityManager manager = new CapacityManager(controlPlane, ledger,
        options.client().describeTarget(), options.clock(), d -> Thread.sleep(d.toMillis()), CAPACITY_WAIT);
    return new CapacityControl(manager, options.table(), options.capacity(), options.capacityFraction(),
        options.maxWcu());
  }

  /** Raises capacity (or plans it, for a dry run); returns the write-rate ceiling. */
  private double prepareCapacity(CapacityControl capacity) throws InterruptedException {
    if (options.dryRun() && tableMissing) {
      return options.maxWcu() > 0 ? options.maxWcu() : Double.POSITIVE_INFINITY;
    }
    try {
      return capacity.prepare(options.dryRun());
    } catch (SdkException e) {
      throw new ConfigurationException("DynamoDB refused to describe or update table " + options.table() + ": "
          + ErrorClassifier.describe(e) + ".", e);
    }
  }

  private CapacityReport finishCapacity(CapacityControl capacity) throws InterruptedException {
    if (paused) {
      return capacity.keep();
    }
    try {
      return capacity.finish(options.dryRun(), cancelled);
    } catch (RuntimeException e) {
      log.error("Restoring capacity failed", e);
      return new CapacityReport(false, List.of(), List.of(), Optional.of("The write capacity of table "
          + options.table() + " could not be restored: " + e.getMessage()
          + ". Run `ddbload restore-capacity --table " + options.table() + "`."));
    }
  }

  /** The rate a dry run plans with: the ceiling, or what a new on-demand table absorbs. */
  private static double plannedRate(double ceiling) {
    return Double.isInfinite(ceiling) ? NEW_ON_DEMAND_WCU_PER_SECOND : ceiling;
  }

  private KeySchema prepareTable() {
    String target = options.client().describeTarget();
    try {
      TableSetup setup = new TableSetup(controlPlane);
      if (options.dryRun()) {
        tableMissing = setup.describe(options.table()).isEmpty();
      }
      return setup.prepare(options.table(), options.createTableKey().orElse(null), target, !options.dryRun());
    } catch (SdkException e) {
      throw new ConfigurationException("DynamoDB at " + target + " refused to describe table " + options.table()
          + ": " + ErrorClassifier.describe(e) + ".", e);
    }
  }

  LoadOptions options() {
    return options;
  }

  DynamoDbAsyncClient dataPlane() {
    return dataPlane;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  boolean isCancelled() {
    return cancelled;
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
