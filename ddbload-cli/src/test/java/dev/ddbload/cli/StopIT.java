package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbload.testkit.Items;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop means stop: the CLI in a child process (the launcher, as a user runs it) reading standard
 * input from a pipe the test keeps open. Records from a slow pipe are written while the pipe
 * stays open, whatever the shuffle window; SIGINT while the reader waits for input ends the load
 * at once with the summary and the report, every record read accounted for.
 */
class StopIT extends LocalDynamoCli {

  @TempDir
  Path dir;

  private static void send(OutputStream stdin, int from, int to) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("{\"id\":\"r").append(String.format("%05d", i)).append("\",\"v\":").append(i).append("}\n");
    }
    stdin.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Waits until the table holds {@code items} items; fails if the child ends or the deadline passes. */
  private static void awaitTable(String table, int items, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("the load ended: %s", p).isTrue();
      try {
        if (client.scan(b -> b.tableName(table).select("COUNT")).count() >= items) {
          return;
        }
      } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException notYet) {
        // the child has not created the table yet
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("the table never held " + items + " items while the pipe was open");
  }

  @Test
  void recordsFromASlowPipeAreWrittenWhileItIsOpenAndSigintOnAnIdlePipeStopsAtOnce() throws Exception {
    String table = newTable("stdin");
    Path report = dir.resolve("report.json");
    // The default shuffle window (10,000 records) would hold these few records until the end.
    Process p = launch(dir, List.of("load", "--endpoint-url", dynamo.endpoint().toString(), "--table", table,
        "--create-table", "--key", "id:S", "-q", "--format", "jsonl", "--report", report.toString(), "-"));
    OutputStream stdin = p.getOutputStream();

    send(stdin, 0, 50);
    awaitTable(table, 50, p);
    send(stdin, 50, 80);
    awaitTable(table, 80, p);

    // The pipe stays open and idle: the reader waits for input when the signal comes.
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

    // Well within the shutdown hook's 30 s: the reader stops waiting at once.
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("the load stopped").isTrue();
    String output = launchedOutput(dir);
    assertThat(p.exitValue()).as(output).isEqualTo(130);
    assertThat(output).contains("load interrupted").contains("records read   80").contains("written        80")
        .doesNotContain("Exception");
    JsonNode json = report(report);
    assertThat(json.get("status").asText()).isEqualTo("INTERRUPTED");
    assertThat(json.get("recordsRead").asLong()).isEqualTo(80);
    assertThat(json.get("written").asLong()).isEqualTo(80);
    assertThat(json.get("damagedInputs").asLong()).isZero();
    assertAccounting(json, -1);
    assertThat(Items.scan(client, table, "id")).hasSize(80);
    stdin.close();
  }
}
