package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.jobs.JobState;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.fault.FaultStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code load --jobs-table}: a load killed with SIGKILL is resumed by the same command on
 * "another machine" (another state directory, nothing on disk carried over) from the checkpoint
 * in the jobs table; the job then ends SUCCEEDED or PARTIAL with exact counts, and running the
 * command again loads nothing. {@code jobs list|show} print what the ledger holds.
 */
class JobsIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private FaultProxy proxy;

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private List<String> args(String table, String jobs, Path input, String stateDir) {
    return List.of("load", "--endpoint-url", proxy.endpoint().toString(), "--table", table, "--create-table",
        "--key", "pk:S", "-q", "--concurrency", "4", "--jobs-table", jobs, "--stale-after", "3s",
        "--state-dir", dir.resolve(stateDir).toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--report", dir.resolve("report.json").toString(), "--checkpoint-interval", "1s", input.toString());
  }

  @Test
  void sigkillThenTheSameCommandOnAnotherMachineResumesFromTheLedgersCheckpoint() throws Exception {
    String table = newTable("jobs_cli");
    String jobs = newTable("jobs_ledger");
    int records = 30_000;
    Path input = dir.resolve("in.jsonl");
    StringBuilder text = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < records; i++) {
      if (i % 5000 == 17) {
        text.append("{\"pk\":\"bad").append(i).append("\",\n");
        bad++;
      } else {
        text.append("{\"pk\":\"k").append(i).append("\",\"v\":").append(i).append("}\n");
      }
    }
    Files.writeString(input, text, StandardCharsets.UTF_8);
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().latency(Duration.ofMillis(20),
        Duration.ofMillis(40)).build());
    JobLedger ledger = new JobLedger(client, jobs, Clock.systemUTC());

    Process first = launch(dir, args(table, jobs, input, "machine-a"));
    Job running = awaitCheckpointed(ledger, first);
    first.destroyForcibly(); // SIGKILL: no final checkpoint, the lease left to go stale
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    FaultStats killed = proxy.counters().snapshot();

    Process second = launch(dir, args(table, jobs, input, "machine-b"));
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String output = launchedOutput(dir);
    assertThat(second.exitValue()).as(output).isEqualTo(1); // done, with rejects
    assertThat(output).contains("Job " + running.id() + " PARTIAL in jobs table " + jobs);
    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("skipped").asLong()).isGreaterThanOrEqualTo(running.counts().records());
    Map<String, Object> items = Items.scan(client, table, "pk");
    assertThat(items).hasSize(records - bad);
    assertThat(items.get("k29999").toString()).contains("v=N:29999");
    // Re-sent after the kill: what was in flight or finished after the last checkpoint (1 s).
    FaultStats after = proxy.counters().snapshot();
    long resent = after.itemsReceived() - (after.distinctKeys() - killed.distinctKeys()) - killed.itemsReceived();
    assertThat(resent).isLessThan(records / 4);
    Job done = ledger.find(running.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.PARTIAL);
    assertThat(done.counts().records()).isEqualTo(records);
    assertThat(done.counts().rejected()).isEqualTo(bad);
    assertThat(done.counts().written()).isEqualTo(records - bad);
    assertThat(done.runs()).isEqualTo(2);
    assertThat(done.takeovers()).isEqualTo(1);
    assertThat(done.rejects()).contains(dir.resolve("rejects.jsonl").toString());
    assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).hasSize(bad);
    assertThat(dir.resolve("machine-b/checkpoints")).doesNotExist();

    // The same version again: nothing to do, nothing sent.
    FaultStats before = proxy.counters().snapshot();
    CliRunner.Run again = CliRunner.run(args(table, jobs, input, "machine-c").toArray(new String[0]));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("already ended PARTIAL; nothing to do");
    assertThat(proxy.counters().snapshot().itemsReceived()).isEqualTo(before.itemsReceived());

    CliRunner.Run list = CliRunner.run("jobs", "list", "--endpoint-url", dynamo.endpoint().toString(),
        "--jobs-table", jobs);
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains(running.id()).contains("PARTIAL").contains(input.toString());
    CliRunner.Run show = CliRunner.run("jobs", "show", "--endpoint-url", dynamo.endpoint().toString(),
        "--jobs-table", jobs, running.id());
    assertThat(show.out()).contains("state:           PARTIAL").contains("rejected:        " + bad)
        .contains("runs:            2 (1 takeovers)");
    CliRunner.Run missing = CliRunner.run("jobs", "show", "--endpoint-url", dynamo.endpoint().toString(),
        "--jobs-table", jobs, "j-nope");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("No job j-nope in jobs table " + jobs);
  }

  @Test
  void aChangedInputIsANewJobAndTheJobsTableMustExistWithoutCreateTable() throws Exception {
    String table = newTable("jobs_new");
    String jobs = newTable("jobs_ledger");
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"pk\":\"a\"}\n{\"pk\":\"b\"}\n");
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none());
    List<String> args = new ArrayList<>(args(table, jobs, input, "state"));
    args.remove("--create-table");
    args.remove("--key");
    args.remove("pk:S");
    client.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));

    CliRunner.Run refused = CliRunner.run(args.toArray(new String[0]));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("The jobs table " + jobs + " does not exist").contains("--create-table");

    List<String> dryRun = new ArrayList<>(args(table, jobs, input, "state"));
    dryRun.add(1, "--dry-run");
    CliRunner.Run refusedDryRun = CliRunner.run(dryRun.toArray(new String[0]));
    assertThat(refusedDryRun.exitCode()).isEqualTo(2);
    assertThat(refusedDryRun.err()).contains("--dry-run cannot be used with --jobs-table");

    CliRunner.Run first = CliRunner.run(args(table, jobs, input, "state").toArray(new String[0]));
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Files.writeString(input, "{\"pk\":\"c\"}\n", java.nio.file.StandardOpenOption.APPEND);
    CliRunner.Run changed = CliRunner.run(args.toArray(new String[0]));

    assertThat(changed.exitCode()).as(changed.toString()).isZero();
    assertThat(changed.out()).contains("SUCCEEDED in jobs table");
    assertThat(Items.scan(client, table, "pk")).containsOnlyKeys("a", "b", "c");
    assertThat(new JobLedger(client, jobs, Clock.systemUTC()).list(10)).hasSize(2)
        .allMatch(j -> j.state() == JobState.SUCCEEDED);
  }

  /** Waits until the running job's checkpoint in the ledger counts finished records. */
  private static Job awaitCheckpointed(JobLedger ledger, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        List<Job> jobs = ledger.list(1);
        if (!jobs.isEmpty() && jobs.get(0).counts().records() >= 3000) {
          return jobs.get(0);
        }
      } catch (ResourceNotFoundException notYet) {
        // The run has not created the jobs table yet.
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("the job saved no checkpoint");
  }
}
