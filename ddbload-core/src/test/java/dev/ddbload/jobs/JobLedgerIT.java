package dev.ddbload.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.LoadReport;
import dev.ddbload.LoadStatus;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.report.LoadStats;
import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.checkpoint.SourceState;
import dev.ddbload.testkit.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The job ledger on DynamoDB Local: claims are exactly-once per dataset version, a stale job is
 * taken over by exactly one of two racing runs, a run that lost its job can no longer write, and
 * checkpoints of any size round-trip within DynamoDB's item limit.
 */
class JobLedgerIT {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Duration STALE = Duration.ofMinutes(2);

  static LocalDynamo dynamo;
  static DynamoDbClient client;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private JobLedger ledger;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    dynamo.close();
  }

  @BeforeEach
  void newTable() {
    ledger = new JobLedger(client, "jobs_" + TABLES.incrementAndGet(), clock);
    ledger.ensureTable(true, "DynamoDB Local");
  }

  private static JobKey key(String version) {
    return new JobKey("Books", "s3://in/books/", version);
  }

  @Test
  void aDatasetVersionIsClaimedOnceAndANewVersionIsANewJob() throws Exception {
    Claim first = ledger.claim(key("etag-1"), "run-a", STALE);
    Claim second = ledger.claim(key("etag-1"), "run-b", STALE);

    assertThat(first.outcome()).isEqualTo(Claim.Outcome.CLAIMED);
    assertThat(first.job().state()).isEqualTo(JobState.CLAIMED);
    assertThat(second.outcome()).isEqualTo(Claim.Outcome.BUSY);
    assertThat(second.job().owner()).isEqualTo("run-a");

    ledger.start(first.job().id(), "run-a");
    ledger.end(first.job().id(), "run-a", new JobEnd(JobState.SUCCEEDED, new JobCounts(10, 10, 0, 0, 0),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("s3://in/done/")));
    Claim again = ledger.claim(key("etag-1"), "run-c", STALE);
    Claim rewritten = ledger.claim(key("etag-2"), "run-c", STALE);

    assertThat(again.outcome()).isEqualTo(Claim.Outcome.DONE);
    assertThat(again.describe()).contains("already ended SUCCEEDED; nothing to do");
    assertThat(again.job().counts()).isEqualTo(new JobCounts(10, 10, 0, 0, 0));
    assertThat(again.job().inputsMovedTo()).contains("s3://in/done/");
    assertThat(again.job().startedAt()).isPresent();
    assertThat(rewritten.outcome()).isEqualTo(Claim.Outcome.CLAIMED);
    assertThat(rewritten.job().id()).isNotEqualTo(first.job().id());
    assertThat(ledger.list(10)).extracting(Job::id).containsExactlyInAnyOrder(first.job().id(), rewritten.job().id());
  }

  @Test
  void ofEightRunsClaimingAtOnceExactlyOneHoldsTheJob() throws Exception {
    List<Claim> claims = race(8, i -> ledger.claim(key("etag"), "run-" + i, STALE));

    assertThat(claims).filteredOn(Claim::holds).hasSize(1);
    assertThat(claims).filteredOn(c -> c.outcome() == Claim.Outcome.BUSY).hasSize(7);
  }

  @Test
  void aStaleJobIsTakenOverByExactlyOneOfTwoRacingRunsAndTheOldOwnerLosesIt() throws Exception {
    Claim first = ledger.claim(key("etag"), "run-a", STALE);
    String id = first.job().id();
    ledger.start(id, "run-a");
    clock.advance(Duration.ofSeconds(60));
    assertThat(ledger.claim(key("etag"), "run-b", STALE).outcome()).isEqualTo(Claim.Outcome.BUSY);

    clock.advance(Duration.ofSeconds(61)); // run-a's last heartbeat is 121 s old now
    List<Claim> claims = race(2, i -> ledger.claim(key("etag"), "taker-" + i, STALE));

    assertThat(claims).filteredOn(c -> c.outcome() == Claim.Outcome.TAKEN_OVER).hasSize(1);
    Job taken = claims.stream().filter(Claim::holds).findFirst().orElseThrow().job();
    assertThat(taken.state()).isEqualTo(JobState.RUNNING);
    assertThat(taken.runs()).isEqualTo(2);
    assertThat(taken.takeovers()).isEqualTo(1);
    assertThat(ledger.heartbeat(id, "run-a")).isFalse();
    JobCheckpointStore stale = new JobCheckpointStore(ledger, id, "run-a", RejectsMirror.NONE);
    assertThatThrownBy(() -> stale.save(checkpoint(0, List.of()))).isInstanceOf(LeaseLostException.class);
    assertThat(ledger.heartbeat(id, taken.owner())).isTrue();
  }

  @Test
  void aReleasedOrFailedJobIsTakenAtOnce() throws Exception {
    Claim first = ledger.claim(key("etag"), "run-a", STALE);
    String id = first.job().id();
    ledger.start(id, "run-a");
    ledger.release(id, "run-a", 500, 2, 3);

    Claim next = ledger.claim(key("etag"), "run-b", STALE);
    assertThat(next.outcome()).isEqualTo(Claim.Outcome.TAKEN_OVER);
    assertThat(next.job().counts().records()).isEqualTo(500);
    assertThat(next.job().counts().superseded()).isEqualTo(2);
    assertThat(next.job().counts().skippedOnCondition()).isEqualTo(3);

    ledger.end(id, "run-b", new JobEnd(JobState.FAILED, JobCounts.NONE, Optional.empty(),
        Optional.of("DynamoDB refused the writes: AccessDeniedException."), Optional.empty(), Optional.empty()));
    Claim retry = ledger.claim(key("etag"), "run-c", STALE);
    assertThat(retry.outcome()).isEqualTo(Claim.Outcome.TAKEN_OVER);
    assertThat(retry.job().state()).isEqualTo(JobState.CLAIMED);
    assertThat(retry.job().error()).isEmpty();
    assertThat(retry.job().endedAt()).isEmpty();
  }

  @Test
  void aSmallCheckpointLivesInTheJobsItemAndAHugeOneInPartsWithinTheItemLimit() throws Exception {
    Claim claim = ledger.claim(key("etag"), "run-a", STALE);
    String id = claim.job().id();
    JobCheckpointStore store = new JobCheckpointStore(ledger, id, "run-a", RejectsMirror.NONE);
    assertThat(store.load()).isEmpty();

    // The worst case of the largest options: a million-record window of random finished records.
    SplittableRandom random = new SplittableRandom(7);
    List<Long> finished = new ArrayList<>();
    for (long i = 1_001; i < 3_000_000; i++) {
      if (random.nextBoolean()) {
        finished.add(i);
      }
    }
    Checkpoint huge = checkpoint(1_000, finished);
    store.save(huge);
    Checkpoint loaded = store.load().orElseThrow();
    assertThat(loaded.sources()).isEqualTo(huge.sources());
    assertThat(loaded.pendingRestore()).isEqualTo(huge.pendingRestore());
    assertThat(ledger.find(id).orElseThrow().counts().records()).isEqualTo(huge.recordsFinished());
    Map<String, ?> item = client.getItem(b -> b.tableName(ledger.table())
        .key(Map.of("id", JobItems.s(id)))).item();
    assertThat(item).containsKey(JobCheckpointStore.GENERATION).doesNotContainKey(JobCheckpointStore.CHECKPOINT);
    long parts = client.scan(b -> b.tableName(ledger.table())).items().stream()
        .filter(i -> i.get("id").s().startsWith(id + "#checkpoint#")).count();
    assertThat(parts).isGreaterThan(1);

    Checkpoint small = checkpoint(2_000, List.of(2_001L, 2_005L));
    store.save(small);
    assertThat(store.load().orElseThrow().sources()).isEqualTo(small.sources());
    assertThat(client.scan(b -> b.tableName(ledger.table())).items()).hasSize(1); // the old parts are gone

    store.delete();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void recordsSkippedOnAConditionAreCountedOverRunsSoThatTheCountsAddUp() throws Exception {
    Claim first = ledger.claim(key("etag"), "run-a", STALE);
    String id = first.job().id();
    try (JobRun a = JobRun.begin(ledger, first, "run-a", Duration.ofMinutes(1))) {
      new JobCheckpointStore(ledger, id, "run-a", RejectsMirror.NONE).save(checkpoint(8, List.of()));
      // Read 10: written 5, key exists 2, not newer 1, superseded 2; then interrupted.
      RunOutcome stopped = a.outcome(report(LoadStatus.INTERRUPTED, stats(10, 0, 5, 2, 1, 0, 2)));
      assertThat(stopped.kind()).isEqualTo(RunOutcome.Kind.INTERRUPTED);
    }
    long finished = checkpoint(8, List.of()).recordsFinished();

    Claim second = ledger.claim(key("etag"), "run-b", STALE);
    assertThat(second.outcome()).isEqualTo(Claim.Outcome.TAKEN_OVER);
    assertThat(second.job().counts()).isEqualTo(new JobCounts(finished, 0, 0, 2, 3));
    try (JobRun b = JobRun.begin(ledger, second, "run-b", Duration.ofMinutes(1))) {
      // The checkpoint's records skipped by the resume; read 20: written 15, key exists 3, rejected 1, superseded 1.
      RunOutcome done = b.outcome(report(LoadStatus.COMPLETED_WITH_REJECTS, stats(20, finished, 15, 3, 0, 1, 1)));
      JobCounts counts = done.counts();
      assertThat(counts).isEqualTo(new JobCounts(finished + 20, finished - 2 - 3 + 15, 1, 3, 6));
      assertThat(counts.records()).isEqualTo(counts.written() + counts.rejected() + counts.superseded()
          + counts.skippedOnCondition());
      b.end(new JobEnd(done.state(), counts, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }
    assertThat(ledger.find(id).orElseThrow().counts()).isEqualTo(new JobCounts(finished + 20, finished + 10, 1, 3, 6));
  }

  @Test
  void aJobItemWithoutTheSkippedCountReadsAsNoneSkipped() {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = JobItems.newJob("j-1",
        key("etag"), "run-a", clock.instant());
    item.put(JobItems.RECORDS, JobItems.n(7));
    item.put(JobItems.WRITTEN, JobItems.n(6));
    item.put(JobItems.SUPERSEDED, JobItems.n(1));

    assertThat(JobItems.job(item).counts()).isEqualTo(new JobCounts(7, 6, 0, 1, 0));
  }

  private static LoadReport report(LoadStatus status, LoadStats stats) {
    return new LoadReport("Books", status, stats, Optional.empty(), Optional.empty(), CapacityReport.NONE,
        Optional.empty(), Optional.empty(), List.of(), List.of());
  }

  /** This run's counts; {@code resumed}: records the checkpoint had finished, which the run skips. */
  private static LoadStats stats(long read, long resumed, long written, long exists, long notNewer, long rejected,
      long superseded) {
    return new LoadStats(read, written, rejected, superseded, 0, 0, 0, 0, 0, Duration.ZERO, 0, 0, resumed, 0, 0, 0, 0,
        0, 0, 0, exists, notNewer);
  }

  @Test
  void pendingRestoresArePerTableAndTarget() {
    JobRestoreStore restores = new JobRestoreStore(ledger);
    PendingRestore r = new PendingRestore("Books", "region eu-west-1", 5, Map.of("byYear", 7L), clock.instant());

    restores.save(r);

    assertThat(restores.find("Books", "region eu-west-1")).contains(r);
    assertThat(restores.find("Books", "region us-east-1")).isEmpty();
    assertThat(ledger.list(10)).isEmpty(); // not a job
    restores.clear("Books", "region eu-west-1");
    assertThat(restores.find("Books", "region eu-west-1")).isEmpty();
  }

  private static Checkpoint checkpoint(long index, List<Long> finished) {
    return new Checkpoint("Books", "/tmp/rejects.jsonl", List.of(
        new SourceState("s3://in/books/part-0.json", "etag=\"x\",size=9", false, index, index + 1, 4096, finished),
        new SourceState("s3://in/books/part-1.json", "etag=\"y\",size=9", true, 77, 78, -1, List.of())),
        Optional.of(new PendingRestore("Books", "local", 5, Map.of(), Instant.parse("2026-12-01T10:00:00Z"))), 1234);
  }

  private static <T> List<T> race(int runs, IndexedCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        int n = i;
        futures.add(pool.submit((Callable<T>) () -> call.call(n)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  /** A clock tests move by hand. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
