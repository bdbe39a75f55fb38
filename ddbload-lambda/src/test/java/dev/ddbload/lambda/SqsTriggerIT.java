package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobState;
import dev.ddbload.testkit.fault.FaultRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The function behind an SQS queue, loading every object as its own dataset (SENTINELS=*): a
 * message whose job stopped before the deadline is left to come back, and its next delivery
 * finishes the job.
 */
class SqsTriggerIT extends LambdaFixture {

  @Test
  void aPerFileLoadStoppedByTheDeadlineLeavesItsMessageAndTheNextDeliveryFinishesIt() {
    String table = newName("csv");
    String jobs = newName("jobs");
    StringBuilder csv = new StringBuilder("pk,v\n");
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < 20_000; i++) {
      csv.append("c").append(i).append(',').append(i).append('\n');
      expected.put("c" + i, "N:" + i);
    }
    s3.put(BUCKET, "in/files/orders.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = environment(table, jobs);
    env.put("SENTINELS", "*");
    env.put("FORMAT", "csv");
    env.put("SCHEMA", "v:N");
    env.put("COMPLETE_PREFIX", "s3://" + BUCKET + "/done/");
    proxy.useRules(FaultRules.builder().latency(Duration.ofMillis(20), Duration.ofMillis(30)).build());
    SqsEventHandler handler = new SqsEventHandler(jobs(env));

    SQSBatchResponse first = handler.handleRequest(sqsEvent("m-1", "in/files/orders.csv"),
        new FakeContext(Duration.ofSeconds(2)));

    assertThat(first.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m-1");
    assertThat(ledger(jobs).list(1).get(0).state()).isEqualTo(JobState.RUNNING);

    SQSBatchResponse second = handler.handleRequest(sqsEvent("m-1", "in/files/orders.csv"),
        new FakeContext(Duration.ofMinutes(5)));

    assertThat(second.getBatchItemFailures()).isEmpty();
    assertThat(scan(table)).isEqualTo(expected);
    Job job = ledger(jobs).list(1).get(0);
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.key().dataset()).isEqualTo("s3://" + BUCKET + "/in/files/orders.csv");
    assertThat(job.counts().written()).isEqualTo(20_000);
    assertThat(keys("done/in/files/")).containsExactly("done/in/files/orders.csv");

    SQSBatchResponse moved = handler.handleRequest(sqsEvent("m-2", "done/in/files/orders.csv"),
        new FakeContext(Duration.ofMinutes(1)));
    assertThat(moved.getBatchItemFailures()).isEmpty(); // the function's own output: ignored
    assertThat(ledger(jobs).list(10)).hasSize(1);
  }
}
