package dev.ddbload.jobs;

import dev.ddbload.BulkLoader;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.capacity.CapacityManager;
import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.report.LoadStats;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One run of a job this process holds: what the CLI and the serverless handler share. It keeps
 * the lease alive (a heartbeat every interval on its own thread; a run whose heartbeat is
 * refused has lost the job and pauses its loader), gives the load its remote state (checkpoint
 * and pending capacity restores in the jobs table), stops the load cleanly at a deadline, and
 * turns the load's report into the job's outcome and counts. Thread-safe.
 *
 * <pre>{@code
 * Claim claim = ledger.claim(key, owner, staleAfter);
 * try (JobRun run = JobRun.begin(ledger, claim, owner, heartbeat)) {
 *   try (BulkLoader loader = BulkLoader.create(run.options(base, rejects, RejectsMirror.NONE))) {
 *     run.attach(loader);
 *     RunOutcome outcome = run.outcome(loader.load(sources));
 *     if (outcome.ended()) run.end(new JobEnd(outcome.state(), outcome.counts(), ...));
 *   }
 * }
 * }</pre>
 */
public final class JobRun implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobRun.class);
  private static final Duration CAPACITY_WAIT = Duration.ofMinutes(30);

  private final JobLedger ledger;
  private final Job job;
  private final String owner;
  private final JobCheckpointStore.Factory stores;
  private final ScheduledExecutorService timer;
  private volatile BulkLoader loader;
  private volatile boolean paused;
  private volatile boolean lost;
  private long rejectedBefore;

  private JobRun(JobLedger ledger, Job job, String owner, Duration heartbeatEvery) {
    this.ledger = ledger;
    this.job = job;
    this.owner = owner;
    this.stores = mirror -> new JobCheckpointStore(ledger, job.id(), owner, mirror);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ddbload-job-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(10, heartbeatEvery.toMillis());
    timer.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the run of a job this process claimed, its heartbeat every {@code heartbeatEvery}
   * (well under the staleness limit other runs apply).
   *
   * @throws IllegalArgumentException when the claim does not hold the job
   */
  public static JobRun begin(JobLedger ledger, Claim claim, String owner, Duration heartbeatEvery) {
    if (!claim.holds()) {
      throw new IllegalArgumentException("the claim does not hold job " + claim.job().id());
    }
    return new JobRun(ledger, claim.job(), owner, heartbeatEvery);
  }

  /** The job as claimed. */
  public Job job() {
    return job;
  }

  /** The checkpoint an earlier run left, if any. */
  public Optional<Checkpoint> checkpoint() throws IOException {
    return stores.create(RejectsMirror.NONE).load();
  }

  /**
   * The load's options: {@code base} with the job's checkpoint and the pending capacity restores
   * kept in the jobs table, checkpoints on, and the rejects file given (a run continuing the
   * job appends to it).
   *
   * @param rejects the local rejects file; its lines up to the checkpoint are the rejects of
   *     records earlier runs finished
   * @param mirror copies new rejects before each checkpoint save
   */
  public LoadOptions options(LoadOptions base, Path rejects, RejectsMirror mirror) throws IOException {
    long keep = checkpoint().map(Checkpoint::rejectsBytes).orElse(0L);
    rejectedBefore = countLines(rejects, keep);
    return base.toBuilder()
        .checkpointStore(stores.create(mirror))
        .restoreStore(new JobRestoreStore(ledger))
        .checkpointing(true)
        .restart(false)
        .rejectsFile(rejects)
        .build();
  }

  /**
   * The loader of this run: paused when the lease is lost. Also marks the job RUNNING.
   *
   * @throws LeaseLostException when another run took the job in the meantime
   */
  public void attach(BulkLoader loader) throws LeaseLostException {
    this.loader = loader;
    ledger.start(job.id(), owner);
    if (lost) {
      loader.pause();
    }
  }

  /**
   * Stops the load cleanly at {@code at}: nothing new is read or sent, calls out are awaited,
   * the checkpoint is saved and capacity left raised for the run that continues the job.
   */
  public void pauseAt(Instant at) {
    long millis = Math.max(0, Duration.between(ledger.clock().instant(), at).toMillis());
    timer.schedule(() -> {
      paused = true;
      BulkLoader l = loader;
      if (l != null) {
        log.info("Stopping job {} before the deadline; the next run continues it.", job.id());
        l.pause();
      }
    }, millis, TimeUnit.MILLISECONDS);
  }

  /** Whether this run lost the job to another run. */
  public boolean lost() {
    return lost;
  }

  /**
   * What the load's report means for the job: an end (SUCCEEDED, PARTIAL, FAILED), or a pause
   * or interruption (the job released for the next run: recorded here), or a lost lease.
   */
  public RunOutcome outcome(LoadReport report) throws IOException {
    LoadStats st = report.stats();
    long supersededBefore = job.counts().superseded();
    long superseded = supersededBefore + st.superseded();
    long conditionBefore = job.counts().skippedOnCondition();
    long onCondition = conditionBefore + st.skippedOnCondition();
    long rejected = rejectedBefore + st.rejected();
    // st.skipped(): records the checkpoint had finished before this run, whatever their end.
    long written = Math.max(0, st.skipped() - rejectedBefore - supersededBefore - conditionBefore) + st.written();
    JobCounts counts = new JobCounts(written + rejected + superseded + onCondition, written, rejected, superseded,
        onCondition);
    Optional<String> capacity = report.capacity().problem();
    RunOutcome.Kind kind = switch (report.status()) {
      case COMPLETED -> RunOutcome.Kind.SUCCEEDED;
      case COMPLETED_WITH_REJECTS, DAMAGED_INPUT -> RunOutcome.Kind.PARTIAL;
      case ABORTED -> RunOutcome.Kind.FAILED;
      case INTERRUPTED -> lost ? RunOutcome.Kind.LOST : paused ? RunOutcome.Kind.PAUSED : RunOutcome.Kind.INTERRUPTED;
    };
    if (kind == RunOutcome.Kind.PAUSED || kind == RunOutcome.Kind.INTERRUPTED) {
      ledger.release(job.id(), owner, checkpoint().map(Checkpoint::recordsFinished).orElse(0L), superseded,
          onCondition);
    }
    return new RunOutcome(kind, counts, report.error(), capacity);
  }

  /**
   * A run that failed before or outside the load (bad configuration, an input changed since the
   * checkpoint): restores the capacity an earlier run of the job left raised, and gives the
   * outcome FAILED with the error.
   *
   * @param dynamo a control-plane client for the target table
   * @param target where the table lives, as {@code ClientSettings.describeTarget()} says
   */
  public RunOutcome failed(String error, DynamoDbClient dynamo, String target) throws InterruptedException {
    Optional<String> problem = Optional.empty();
    try {
      CapacityManager manager = new CapacityManager(dynamo, new JobRestoreStore(ledger), target, ledger.clock(),
          d -> Thread.sleep(d.toMillis()), CAPACITY_WAIT);
      problem = manager.restore(job.key().table(), false).problem();
    } catch (RuntimeException e) {
      problem = Optional.of("The write capacity of table " + job.key().table() + " could not be restored: "
          + e.getMessage());
    }
    return new RunOutcome(RunOutcome.Kind.FAILED, job.counts(), Optional.of(error), problem);
  }

  /**
   * Records the job's end.
   *
   * @return the job as recorded
   * @throws LeaseLostException when another run took the job in the meantime
   */
  public Job end(JobEnd end) throws LeaseLostException {
    return ledger.end(job.id(), owner, end);
  }

  private void beat() {
    if (lost) {
      return;
    }
    try {
      if (!ledger.heartbeat(job.id(), owner)) {
        lost = true;
        log.warn("Job {} was taken over by another run; this run stops.", job.id());
        BulkLoader l = loader;
        if (l != null) {
          l.pause();
        }
      }
    } catch (RuntimeException e) {
      log.warn("The heartbeat of job {} failed: {}", job.id(), e.getMessage());
    }
  }

  /** Lines (rejects) in the first {@code limit} bytes of a file; 0 when it is missing. */
  static long countLines(Path file, long limit) throws IOException {
    if (limit <= 0 || !Files.exists(file)) {
      return 0;
    }
    long lines = 0;
    long left = limit;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        left -= n;
      }
    }
    return lines;
  }

  /** Stops the heartbeat. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
