package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.ddbload.jobs.Claim;
import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobKey;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.jobs.JobState;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The function on direct S3 triggers: a Spark dataset loaded once per version, duplicate and
 * racing events, a deadline that splits a job over invocations, and a dead invocation's job
 * taken over. Each test scans the table and compares it with the input.
 */
class S3TriggerIT extends LambdaFixture {

  @Test
  void aSparkDatasetsSentinelLoadsTheWholeDatasetAndMovesItToTheCompletePrefix() {
    String table = newName("books");
    String jobs = newName("jobs");
    Map<String, String> expected = putSparkDataset("in/spark1/", "r", 3, 1000);
    Map<String, String> env = environment(table, jobs);
    env.put("COMPLETE_PREFIX", "done/");
    env.put("ERROR_PREFIX", "failed/");

    String result = s3Handler(env).handleRequest(s3Event("in/spark1/_SUCCESS"), new FakeContext(Duration.ofMinutes(5)));

    assertThat(result).contains("SUCCEEDED: 3000 written, 0 rejected");
    assertThat(scan(table)).isEqualTo(expected);
    Job job = ledger(jobs).list(1).get(0);
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.key().dataset()).isEqualTo("s3://" + BUCKET + "/in/spark1/");
    assertThat(job.counts().records()).isEqualTo(3000);
    assertThat(job.counts().written()).isEqualTo(3000);
    assertThat(job.counts().rejected()).isZero();
    assertThat(job.rejects()).isEmpty();
    assertThat(job.inputsMovedTo()).contains("s3://" + BUCKET + "/done/");
    assertThat(job.inputsMoved()).isEqualTo(4);
    assertThat(job.endedAt()).isPresent();
    assertThat(keys("in/spark1/")).isEmpty();
    assertThat(keys("done/in/spark1/")).containsExactly("done/in/spark1/_SUCCESS",
        "done/in/spark1/part-00000-c000.json", "done/in/spark1/part-00001-c000.json",
        "done/in/spark1/part-00002-c000.json");
    assertThat(continuations).isEmpty();
  }

  @Test
  void theSameEventTwiceAndTwoHandlersRacingLoadTheDatasetOnce() throws Exception {
    String table = newName("race");
    String jobs = newName("jobs");
    Map<String, String> expected = putSparkDataset("in/race/", "r", 2, 2000);
    Map<String, String> env = environment(table, jobs);
    env.put("STALE_AFTER", "10s");
    proxy.useRules(FaultRules.builder().latency(Duration.ofMillis(5), Duration.ofMillis(10)).build());
    FaultStats before = proxy.counters().snapshot();
    S3Event event = s3Event("in/race/_SUCCESS");

    List<String> results = race(
        () -> s3Handler(env).handleRequest(event, new FakeContext(Duration.ofMinutes(5))),
        () -> s3Handler(env).handleRequest(event, new FakeContext(Duration.ofMinutes(5))));
    String again = s3Handler(env).handleRequest(s3Event("in/race/_SUCCESS"), new FakeContext(Duration.ofMinutes(5)));

    assertThat(results).filteredOn(r -> r.contains("SUCCEEDED: 4000 written")).hasSize(1);
    assertThat(results).filteredOn(r -> r.contains("nothing to do")).hasSize(1);
    assertThat(again).contains("already ended SUCCEEDED; nothing to do");
    FaultStats after = proxy.counters().snapshot();
    assertThat(after.itemsForwarded() - before.itemsForwarded()).as("each record written once").isEqualTo(4000);
    assertThat(scan(table)).isEqualTo(expected);
    assertThat(ledger(jobs).list(10)).hasSize(1);
  }

  @Test
  void aDeadlineTwoSecondsAwayStopsCleanlyAndTheNextInvocationFinishesTheJob() throws Exception {
    String table = newName("deadline");
    String jobs = newName("jobs");
    createProvisioned(table, 5);
    Map<String, String> expected = putSparkDataset("in/long/", "r", 4, 5000);
    Map<String, String> env = environment(table, jobs);
    env.put("MAX_WRITE_CAPACITY", "50");
    env.put("MAX_WCU", "100000");
    proxy.useRules(FaultRules.builder().latency(Duration.ofMillis(20), Duration.ofMillis(30)).build());
    FaultStats before = proxy.counters().snapshot();

    long started = System.nanoTime();
    String first = s3Handler(env).handleRequest(s3Event("in/long/_SUCCESS"), new FakeContext(Duration.ofSeconds(2)));
    double firstSeconds = (System.nanoTime() - started) / 1e9;

    assertThat(first).contains("stopped before the deadline");
    assertThat(continuations).hasSize(1);
    Job paused = ledger(jobs).list(1).get(0);
    assertThat(paused.state()).isEqualTo(JobState.RUNNING);
    assertThat(paused.released()).isTrue();
    assertThat(paused.counts().records()).isBetween(1L, 19_999L);
    assertThat(writeCapacity(table)).as("capacity stays raised between the runs of a job").isEqualTo(50);
    FaultStats firstRun = proxy.counters().snapshot();
    double rate = (firstRun.itemsForwarded() - before.itemsForwarded()) / firstSeconds;

    // The continuation: this function invoked again with the payload it asked for.
    String second = s3Handler(env).handleRequest(readS3Event(continuations.get(0)),
        new FakeContext(Duration.ofMinutes(5)));

    assertThat(second).contains("SUCCEEDED: 20000 written, 0 rejected");
    assertThat(scan(table)).isEqualTo(expected);
    Job done = ledger(jobs).find(paused.id()).orElseThrow();
    assertThat(done.runs()).isEqualTo(2);
    assertThat(done.counts().written()).isEqualTo(20_000);
    assertThat(writeCapacity(table)).as("restored when the job ended").isEqualTo(5);
    FaultStats after = proxy.counters().snapshot();
    long sent = after.itemsForwarded() - before.itemsForwarded();
    // A clean stop saves a final checkpoint: rework stays under one checkpoint interval (0.5 s).
    assertThat(sent - 20_000).as("records sent again").isLessThanOrEqualTo(Math.round(rate * 0.5));
  }

  @Test
  void aRunningJobWhoseInvocationDiedIsTakenOverOnceItsHeartbeatIsStaleAndFinished() throws Exception {
    String table = newName("stale");
    String jobs = newName("jobs");
    Map<String, String> expected = putSparkDataset("in/stale/", "r", 2, 500);
    Map<String, String> env = environment(table, jobs);
    env.put("STALE_AFTER", "2s");
    // An invocation claimed the job, started it, and died: no heartbeat since.
    JobLedger ledger = ledger(jobs);
    String dataset = "s3://" + BUCKET + "/in/stale/";
    JobKey key = new JobKey(table, dataset,
        DatasetJobs.versionOf(s3Client.headObject(b -> b.bucket(BUCKET).key("in/stale/_SUCCESS"))));
    Claim dead = ledger.claim(key, "lambda:dead", Duration.ofSeconds(2));
    ledger.start(dead.job().id(), "lambda:dead");

    String result = s3Handler(env).handleRequest(s3Event("in/stale/_SUCCESS"), new FakeContext(Duration.ofMinutes(2)));

    assertThat(result).contains("SUCCEEDED: 1000 written");
    assertThat(scan(table)).isEqualTo(expected);
    Job job = ledger.find(dead.job().id()).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.takeovers()).isEqualTo(1);
    assertThat(job.runs()).isEqualTo(2);
    assertThat(ledger.heartbeat(job.id(), "lambda:dead")).as("the dead run lost the job").isFalse();
  }

  @Test
  void objectsThatAreNotSentinelsOrAreTheFunctionsOwnOutputAreIgnored() {
    String table = newName("ignored");
    String jobs = newName("jobs");
    s3.put(BUCKET, "in/other/part-00000.json", "{\"pk\":\"a\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    s3.put(BUCKET, "rejects/j-1.jsonl", new byte[0]);
    Map<String, String> env = environment(table, jobs);

    S3EventHandler handler = s3Handler(env);
    String data = handler.handleRequest(s3Event("in/other/part-00000.json"), new FakeContext(Duration.ofMinutes(1)));
    String own = handler.handleRequest(s3Event("rejects/j-1.jsonl"), new FakeContext(Duration.ofMinutes(1)));

    assertThat(data).contains("is not a sentinel (_SUCCESS, _committed_*, manifest-summary.json); nothing to load");
    assertThat(own).contains("is under the rejects, complete or error prefix; not loaded");
  }

  @SafeVarargs
  private static List<String> race(Callable<String>... calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.length);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (Callable<String> c : calls) {
        futures.add(pool.submit(c));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
