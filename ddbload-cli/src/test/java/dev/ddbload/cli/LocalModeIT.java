package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.testkit.Items;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code --local}: an embedded DynamoDB Local whose tables persist across runs, or live in memory. */
class LocalModeIT {

  @TempDir
  Path dir;

  @Test
  void tablesPersistAcrossRuns() throws IOException {
    Path store = dir.resolve("store");
    Path first = dir.resolve("first.csv");
    Files.writeString(first, "isbn,year\n111,1999\n222,2000\n");
    Path second = dir.resolve("second.csv");
    Files.writeString(second, "isbn,year\n333,2001\n");

    CliRunner.Run created = CliRunner.run("load", "--local=" + store, "--table", "Books", "--create-table",
        "--key", "isbn:S", "--schema", "year:N", first.toString());
    // The database is owner-only and in SQLite's WAL mode (LauncherIT: one in rollback-journal mode is switched).
    Path db = store.resolve(LocalStore.DATABASE);
    assertThat(Files.getPosixFilePermissions(db)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(LocalStore.writeAheadLog(db)).isTrue();
    // Without --create-table: only works if the first run's table is still there.
    CliRunner.Run appended = CliRunner.run("load", "--local=" + store, "--table", "Books", "--schema", "year:N",
        second.toString());

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("written        2").contains("embedded DynamoDB Local in " + store);
    assertThat(appended.exitCode()).as(appended.toString()).isZero();
    try (EmbeddedDynamo dynamo = EmbeddedDynamo.start(store);
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())
            .region(Region.of(EmbeddedDynamo.REGION)).credentialsProvider(EmbeddedDynamo.CREDENTIALS).build()) {
      assertThat(Items.scan(client, "Books", "isbn")).containsOnlyKeys("111", "222", "333");
      assertThat(Items.scan(client, "Books", "isbn").get("333").toString()).contains("year=N:2001");
    }
  }

  /** --local=:memory: loads into DynamoDB Local's in-memory store: nothing on disk, the table gone afterwards. */
  @Test
  void inMemoryLoadsAndLeavesNothingBehind() throws IOException {
    Path input = dir.resolve("first.csv");
    Files.writeString(input, "isbn,year\n111,1999\n222,2000\n");

    CliRunner.Run loaded = CliRunner.run("load", "--local=:memory:", "--table", "Books", "--create-table", "--key",
        "isbn:S", "--schema", "year:N", input.toString());
    CliRunner.Run again = CliRunner.run("load", "--local=:memory:", "--table", "Books", "--schema", "year:N",
        input.toString());

    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
    assertThat(loaded.out()).contains("written        2").contains("embedded DynamoDB Local in memory");
    assertThat(Path.of(":memory:")).doesNotExist();
    assertThat(again.exitCode()).as(again.toString()).isNotZero();
  }

  @Test
  void localWithAFileForDirectoryIsAClearError() throws IOException {
    Path file = dir.resolve("books.csv");
    Files.writeString(file, "isbn\n1\n");

    CliRunner.Run run = CliRunner.run("load", "--table", "Books", "--local", file.toString(), file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--local takes a directory");
  }
}
