package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobState;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A load that DynamoDB starts refusing mid-way (AccessDenied on every BatchWriteItem): the job
 * ends FAILED with the error, the capacity it raised is restored, its inputs go to the error
 * prefix and its rejects to S3.
 */
class FailedLoadIT extends LambdaFixture {

  @Test
  void accessDeniedMidwayFailsTheJobRestoresCapacityMovesTheInputsToTheErrorPrefixAndKeepsTheRejectsInS3()
      throws Exception {
    String table = newName("denied");
    String jobs = newName("jobs");
    createProvisioned(table, 5);
    putSparkDataset("in/denied/", "r", 4, 5000);
    s3.put(BUCKET, "in/denied/part-00009-c000.json", "{\"pk\":\"bad1\",\n{\"pk\":\"bad2\",\n"
        .getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = environment(table, jobs);
    env.put("MAX_WRITE_CAPACITY", "40");
    env.put("MAX_WCU", "100000");
    env.put("COMPLETE_PREFIX", "done/");
    env.put("ERROR_PREFIX", "failed/");
    FaultRules slow = FaultRules.builder().latency(Duration.ofMillis(20), Duration.ofMillis(30)).build();
    proxy.useRules(slow);
    FaultStats before = proxy.counters().snapshot();
    S3EventHandler handler = s3Handler(env);

    CompletableFuture<String> result = CompletableFuture.supplyAsync(() ->
        handler.handleRequest(s3Event("in/denied/_SUCCESS"), new FakeContext(Duration.ofMinutes(5))));
    awaitForwarded(before, 3000);
    assertThat(writeCapacity(table)).as("raised for the job").isEqualTo(40);
    proxy.useRules(slow.toBuilder().denyBatchWrites(true).build());

    assertThat(result.get(120, TimeUnit.SECONDS)).contains("FAILED");
    Job job = ledger(jobs).list(1).get(0);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.error()).hasValueSatisfying(e -> assertThat(e).contains("AccessDeniedException"));
    assertThat(writeCapacity(table)).as("restored when the job failed").isEqualTo(5);
    assertThat(keys("in/denied/")).isEmpty();
    assertThat(keys("failed/in/denied/")).hasSize(6); // five part files and the sentinel
    String rejectsKey = "rejects/" + job.id() + ".jsonl";
    assertThat(job.rejects()).contains("s3://" + BUCKET + "/" + rejectsKey);
    assertThat(job.inputsMovedTo()).contains("s3://" + BUCKET + "/failed/");
    String rejects = new String(s3Client.getObjectAsBytes(b -> b.bucket(BUCKET).key(rejectsKey)).asByteArray(),
        StandardCharsets.UTF_8);
    List<String> lines = rejects.lines().toList();
    assertThat(lines).filteredOn(l -> l.contains("\"reason\":\"MALFORMED\"")).hasSize(2);
    assertThat(lines).filteredOn(l -> l.contains("\"reason\":\"ABORTED\"")).isNotEmpty();
    assertThat(job.counts().rejected()).isEqualTo(lines.size());
    assertThat(keys("rejects/" + job.id() + ".jsonl.parts/")).as("the parts are gone").isEmpty();
  }

  private static void awaitForwarded(FaultStats before, long items) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (proxy.counters().snapshot().itemsForwarded() - before.itemsForwarded() < items) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the load did not get going");
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
