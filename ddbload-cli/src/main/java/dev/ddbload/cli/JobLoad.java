package dev.ddbload.cli;

import dev.ddbload.BulkLoader;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.jobs.Claim;
import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobEnd;
import dev.ddbload.jobs.JobKey;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.jobs.JobRun;
import dev.ddbload.jobs.RejectsMirror;
import dev.ddbload.jobs.RunOutcome;
import dev.ddbload.source.Source;
import dev.ddbload.write.DynamoClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code load --jobs-table}: the load as a job in the ledger. Claims the job of the inputs'
 * version (waiting out a dead run's heartbeat, or leaving a live run alone), runs the load with
 * the job's remote state, and records how it ended. Closed after the load.
 */
final class JobLoad implements AutoCloseable {

  private final JobsOptions options;
  private final DynamoDbClient dynamo;
  private final JobLedger ledger;
  private final String target;
  private final String owner;
  private Claim claim;
  private JobRun run;

  private JobLoad(JobsOptions options, DynamoDbClient dynamo, String target) {
    this.options = options;
    this.dynamo = dynamo;
    this.ledger = new JobLedger(dynamo, options.table, Clock.systemUTC());
    this.target = target;
    this.owner = ownerName();
  }

  /**
   * Claims the job of these inputs (null when the load is not a job).
   *
   * @throws ConfigurationException when the jobs table is missing and may not be created
   */
  static JobLoad claim(JobsOptions options, ClientSettings settings, String table, List<String> inputs,
      List<Source> sources, boolean createTable) throws InterruptedException {
    if (!options.enabled()) {
      return null;
    }
    JobLoad job = new JobLoad(options, DynamoClients.controlPlane(settings), settings.describeTarget());
    try {
      job.ledger.ensureTable(createTable, job.target);
      JobKey key = JobKey.ofSources(table, inputs, sources);
      job.claim = job.ledger.claim(key, job.owner, options.staleAfter,
          options.staleAfter.plus(Duration.ofSeconds(1)), d -> Thread.sleep(d.toMillis()));
      if (job.claim.holds()) {
        job.run = JobRun.begin(job.ledger, job.claim, job.owner, heartbeat(options.staleAfter));
      }
      return job;
    } catch (RuntimeException | InterruptedException e) {
      job.close();
      throw e;
    }
  }

  /** A heartbeat a few times within the staleness limit, at most every 10 s. */
  static Duration heartbeat(Duration staleAfter) {
    Duration quarter = staleAfter.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : quarter;
  }

  /** Whether this process holds the job and loads it. */
  boolean holds() {
    return claim.holds();
  }

  /** What the claim found, in one sentence. */
  String describe() {
    return "ddbload: " + claim.describe();
  }

  /** The load's options with the job's remote state, and its rejects file (by default named after the job). */
  LoadOptions options(LoadOptions base) throws IOException {
    Path rejects = base.rejectsFile()
        .or(() -> checkpointRejects())
        .orElse(Path.of("ddbload-rejects-" + base.table() + "-" + claim.job().id() + ".jsonl"));
    return run.options(base, rejects, RejectsMirror.NONE);
  }

  private Optional<Path> checkpointRejects() {
    try {
      return run.checkpoint().map(c -> Path.of(c.rejectsFile()));
    } catch (IOException e) {
      throw new ConfigurationException("The checkpoint of job " + claim.job().id() + " cannot be read: "
          + e.getMessage() + ".", e);
    }
  }

  /** The loader of the job (paused if another run takes the job over). */
  void attach(BulkLoader loader) throws IOException {
    run.attach(loader);
  }

  /** Records how the load ended and prints the job's state. */
  void finish(LoadReport report, PrintWriter out) throws IOException {
    RunOutcome outcome = run.outcome(report);
    if (outcome.ended()) {
      Job job = run.end(new JobEnd(outcome.state(), outcome.counts(),
          report.rejectsFile().map(p -> p.toAbsolutePath().toString()), outcome.error(), outcome.capacityProblem(),
          Optional.empty()));
      out.println("Job " + job.id() + " " + job.state() + " in jobs table " + ledger.table() + ".");
    } else if (outcome.kind() == RunOutcome.Kind.LOST) {
      out.println("Job " + claim.job().id() + " was taken over by another run; this run stopped.");
    } else {
      out.println("Job " + claim.job().id() + " is left for the next run (jobs table " + ledger.table() + ").");
    }
  }

  /** The load failed before it could run: the job FAILED with the message. */
  void failed(String message) {
    try {
      RunOutcome outcome = run.failed(message, dynamo, target);
      run.end(new JobEnd(outcome.state(), outcome.counts(), Optional.empty(), outcome.error(),
          outcome.capacityProblem(), Optional.empty()));
    } catch (IOException | RuntimeException e) {
      // The message the user sees is the load's; the job stays as it was, for the next run.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (run != null) {
      run.close();
    }
    dynamo.close();
  }

  /** This process: host, pid and a random part, so that two runs never share a name. */
  private static String ownerName() {
    return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }
}
