package dev.ddbload.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ddbload.BulkLoader;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.jobs.Claim;
import dev.ddbload.jobs.InputMover;
import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobEnd;
import dev.ddbload.jobs.JobKey;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.jobs.JobRun;
import dev.ddbload.jobs.RunOutcome;
import dev.ddbload.jobs.S3Rejects;
import dev.ddbload.source.DatasetOptions;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.s3.S3Location;
import dev.ddbload.source.s3.S3ObjectSource;
import dev.ddbload.source.s3.S3Storage;
import dev.ddbload.source.table.DeltaTable;
import dev.ddbload.source.table.IcebergTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What the function does with one sentinel: names the dataset version (the sentinel's version
 * id, else its ETag and modification time), claims its job, loads it until done or until the
 * function's deadline draws near, and at the end writes the rejects to S3, records the job's end
 * and moves the inputs to the complete or error prefix. One instance per execution environment;
 * Lambda sends it one event at a time.
 */
final class DatasetJobs {

  private static final Logger log = LoggerFactory.getLogger(DatasetJobs.class);

  private final HandlerConfig config;
  private final Clients clients;
  private final JobLedger ledger;
  private final Clock clock;
  private boolean tablesReady;

  DatasetJobs(HandlerConfig config, Clients clients, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.ledger = new JobLedger(clients.dynamo(), config.jobsTable(), clock);
    this.clock = clock;
  }

  /** Handles one created object, within the time the context has left. */
  Outcome handle(SentinelEvent event, Context context) throws InterruptedException, IOException {
    S3Location object = event.object();
    if (isOwnOutput(object)) {
      return Outcome.ignored(event.uri() + " is under the rejects, complete or error prefix; not loaded.");
    }
    Optional<String> dataset = config.sentinels().datasetOf(object);
    if (dataset.isEmpty()) {
      return Outcome.ignored(event.uri() + " is not a sentinel (" + String.join(", ", config.sentinels().patterns())
          + "); nothing to load.");
    }
    Optional<HeadObjectResponse> head = new InputMover(clients.s3()).head(object);
    if (head.isEmpty()) {
      return Outcome.ignored(event.uri() + " no longer exists (moved or deleted); nothing to load.");
    }
    if (!tablesReady) {
      ledger.ensureTable(config.createTables(), config.load().client().describeTarget());
      tablesReady = true;
    }
    JobKey key = new JobKey(config.load().table(), dataset.get(), versionOf(head.get()));
    Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis());
    Duration left = Duration.between(clock.instant(), deadline);
    Instant stopAt = deadline.minus(config.stopMarginFor(left));
    String owner = "lambda:" + context.getAwsRequestId() + "/" + UUID.randomUUID().toString().substring(0, 8);
    Duration wait = min(config.staleAfter().plusSeconds(1), Duration.between(clock.instant(), stopAt).dividedBy(2));
    Claim claim = ledger.claim(key, owner, config.staleAfter(), wait, d -> Thread.sleep(d.toMillis()));
    log.info(claim.describe());
    if (!claim.holds()) {
      return new Outcome(claim.outcome() == Claim.Outcome.DONE ? Outcome.Kind.DONE : Outcome.Kind.BUSY,
          Optional.of(claim.job().id()), claim.describe());
    }
    try (JobRun run = JobRun.begin(ledger, claim, owner, heartbeat(config.staleAfter()))) {
      return load(run, event, dataset.get(), stopAt);
    }
  }

  private Outcome load(JobRun run, SentinelEvent event, String dataset, Instant stopAt)
      throws InterruptedException, IOException {
    String id = run.job().id();
    S3Location bucket = event.object();
    S3Rejects rejects = new S3Rejects(clients.s3(),
        S3Rejects.objectFor(InputMover.prefixIn(config.rejectsPrefix(), bucket.bucket()), id),
        config.workDir().resolve(id).resolve("rejects.jsonl"));
    rejects.restore(run.checkpoint());
    List<Source> sources;
    LoadReport report;
    try (S3Storage storage = clients.storage(config.s3())) {
      try {
        sources = resolver(storage).resolve(List.of(dataset));
      } catch (ConfigurationException e) {
        return end(run, run.failed(e.getMessage(), clients.dynamo(), target()), rejects, List.of(event.object()),
            bucket.bucket());
      }
      LoadOptions options = run.options(config.load(), rejects.localFile(), rejects);
      try (BulkLoader loader = BulkLoader.create(options, clients.dataPlane(), clients.dynamo())) {
        run.attach(loader);
        run.pauseAt(stopAt);
        report = loader.load(sources);
      } catch (ConfigurationException e) {
        return end(run, run.failed(e.getMessage(), clients.dynamo(), target()), rejects, inputs(sources, event),
            bucket.bucket());
      }
    }
    RunOutcome outcome = run.outcome(report);
    switch (outcome.kind()) {
      case PAUSED, INTERRUPTED:
        return new Outcome(Outcome.Kind.PAUSED, Optional.of(id), "Job " + id + " stopped before the deadline with "
            + report.stats().written() + " records written in this run; the next invocation continues it.");
      case LOST:
        return new Outcome(Outcome.Kind.BUSY, Optional.of(id), "Job " + id + " was taken over by another run.");
      default:
        return end(run, outcome, rejects, inputs(sources, event), bucket.bucket());
    }
  }

  /** The rejects to S3, the job's end recorded, then the inputs moved. */
  private Outcome end(JobRun run, RunOutcome outcome, S3Rejects rejects, List<S3Location> inputs, String bucket)
      throws IOException {
    Optional<String> rejectsAt = rejects.complete();
    Optional<String> prefix = outcome.kind() == RunOutcome.Kind.FAILED ? config.errorPrefix() : config.completePrefix();
    Optional<S3Location> to = prefix.map(p -> InputMover.prefixIn(p, bucket));
    Job job = run.end(new JobEnd(outcome.state(), outcome.counts(), rejectsAt, outcome.error(),
        outcome.capacityProblem(), to.map(t -> S3Location.SCHEME + t.bucket() + "/" + t.key())));
    if (to.isPresent()) {
      long moved = new InputMover(clients.s3()).move(inputs, to.get());
      ledger.recordMoved(job.id(), moved);
    }
    String message = "Job " + job.id() + " " + job.state() + ": " + job.counts().written() + " written, "
        + (job.counts().skippedOnCondition() == 0 ? "" : job.counts().skippedOnCondition() + " skipped (key exists or"
        + " not newer), ") + job.counts().rejected() + " rejected" + job.error().map(e -> "; " + e).orElse("") + ".";
    log.info(message);
    return new Outcome(Outcome.Kind.ENDED, Optional.of(job.id()), message);
  }

  /** The sources read from S3, and the sentinel (with an export's other manifest). */
  private static List<S3Location> inputs(List<Source> sources, SentinelEvent event) {
    Set<S3Location> all = new LinkedHashSet<>();
    for (Source s : sources) {
      if (s instanceof S3ObjectSource o) {
        all.add(o.location());
      }
    }
    S3Location sentinel = event.object();
    all.add(sentinel);
    if (sentinel.name().equals("manifest-summary.json")) {
      String key = sentinel.key();
      all.add(new S3Location(sentinel.bucket(), key.substring(0, key.length() - "manifest-summary.json".length())
          + "manifest-files.json"));
    }
    return new ArrayList<>(all);
  }

  private SourceResolver resolver(S3Storage storage) {
    return new SourceResolver(() -> new ByteArrayInputStream(new byte[0]), List.of(storage), new DatasetOptions(true,
        List.of(new DeltaTable(OptionalLong.empty(), true), new IcebergTable(OptionalLong.empty()))));
  }

  private boolean isOwnOutput(S3Location object) {
    List<String> prefixes = new ArrayList<>();
    prefixes.add(config.rejectsPrefix());
    config.completePrefix().ifPresent(prefixes::add);
    config.errorPrefix().ifPresent(prefixes::add);
    for (String p : prefixes) {
      S3Location prefix = InputMover.prefixIn(p, object.bucket());
      if (prefix.bucket().equals(object.bucket()) && object.key().startsWith(prefix.key())) {
        return true;
      }
    }
    return false;
  }

  /** The version id when the bucket keeps versions; else the ETag and the modification time. */
  static String versionOf(HeadObjectResponse head) {
    if (head.versionId() != null && !head.versionId().isEmpty() && !head.versionId().equals("null")) {
      return "version:" + head.versionId();
    }
    // An empty _SUCCESS marker always has the same ETag: the time tells one write from the next.
    return "etag:" + head.eTag().replace("\"", "") + "@" + head.lastModified().toEpochMilli();
  }

  private String target() {
    return config.load().client().describeTarget();
  }

  /** A heartbeat a few times within the staleness limit, at most every 10 s. */
  static Duration heartbeat(Duration staleAfter) {
    return min(staleAfter.dividedBy(4), Duration.ofSeconds(10));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
