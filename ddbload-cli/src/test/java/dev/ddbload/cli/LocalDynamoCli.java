package dev.ddbload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One DynamoDB Local for a test class; the CLI run in-process against it, a fresh table per test. */
abstract class LocalDynamoCli {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  static LocalDynamo dynamo;
  static DynamoDbClient client;

  @BeforeAll
  static void startDynamo() {
    // The CLI takes credentials from the SDK's default chain; DynamoDB Local accepts any.
    System.setProperty("aws.accessKeyId", "ddbloadtest");
    System.setProperty("aws.secretAccessKey", "ddbloadtest");
    dynamo = LocalDynamo.start();
    client = dynamo.client();
  }

  @AfterAll
  static void stopDynamo() {
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  static String newTable(String prefix) {
    return prefix + "_" + TABLES.incrementAndGet();
  }

  /** {@code load} against the local endpoint, quiet, creating the table with key {@code id:S}. */
  static CliRunner.Run load(String table, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", dynamo.endpoint().toString(),
        "--table", table, "-q", "--create-table", "--key", "id:S"));
    a.addAll(List.of(more));
    return CliRunner.run(a.toArray(new String[0]));
  }

  /**
   * Runs the CLI as a user does, through {@code bin/ddbload}, in a child process working in
   * {@code dir}; its output goes to {@code out.txt} and {@code err.txt} there.
   */
  static Process launch(Path dir, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("user.dir")).getParent().resolve("bin/ddbload").toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    return pb.start();
  }

  /** What the last {@link #launch}ed process in {@code dir} printed. */
  static String launchedOutput(Path dir) throws IOException {
    return Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
  }

  /** A JSON report written by {@code --report}. */
  static JsonNode report(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /**
   * The accounting a report must show: every record read is written, rejected (this run),
   * superseded or not finished; and, for inputs of known size, every byte is read or unread.
   *
   * @param inputBytes the inputs' total size; -1 when unknown (standard input)
   */
  static void assertAccounting(JsonNode report, long inputBytes) {
    long rejectedThisRun = report.get("rejected").asLong() - report.get("rejectedEarlier").asLong();
    org.assertj.core.api.Assertions.assertThat(report.get("recordsRead").asLong())
        .as("read = written + rejected + superseded + not finished in %s", report)
        .isEqualTo(report.get("written").asLong() + rejectedThisRun + report.get("superseded").asLong()
            + report.get("notFinished").asLong());
    if (inputBytes >= 0) {
      org.assertj.core.api.Assertions.assertThat(report.get("bytesRead").asLong() + report.get("bytesUnread").asLong())
          .as("bytes read + bytes unread = input size in %s", report).isEqualTo(inputBytes);
    }
  }

  /** The entries of a rejects file. */
  static List<JsonNode> rejects(Path file) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      entries.add(JSON.readTree(line));
    }
    return entries;
  }
}
