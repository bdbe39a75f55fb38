package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that hold records or a job's state are readable by their owner only; a URL's user-info
 * is never printed; {@code --local} refuses an {@code --endpoint-url}.
 */
class PrivacyIT extends LocalDynamoCli {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  @TempDir
  Path dir;

  private static Set<PosixFilePermission> mode(Path file) throws IOException {
    return Files.getPosixFilePermissions(file);
  }

  @Test
  void rejectsReportAndCheckpointAreReadableByTheirOwnerOnly() throws IOException {
    Path input = dir.resolve("in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      sb.append(i % 100 == 50 ? "{\"id\":\n" : "{\"id\":\"r" + i + "\"}\n");
    }
    Files.writeString(input, sb);
    Path rejects = dir.resolve("rejects.jsonl");
    Files.writeString(rejects, "");
    Files.setPosixFilePermissions(rejects, PosixFilePermissions.fromString("rw-r--r--"));
    Path report = dir.resolve("report.json");
    Path state = dir.resolve("state");
    String table = newTable("private");
    String[] args = {"--rejects", rejects.toString(), "--report", report.toString(), "--state-dir", state.toString(),
        "--max-errors", "3", input.toString()};

    CliRunner.Run stopped = load(table, args);

    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
    assertThat(mode(rejects)).isEqualTo(OWNER_ONLY);
    assertThat(mode(report)).isEqualTo(OWNER_ONLY);
    List<Path> checkpoints;
    try (Stream<Path> files = Files.list(state.resolve("checkpoints"))) {
      checkpoints = files.toList();
    }
    assertThat(checkpoints).singleElement().satisfies(c -> assertThat(mode(c)).isEqualTo(OWNER_ONLY));

    // The resume rewrites the rejects file without its ABORTED lines: still the owner's only.
    CliRunner.Run resumed = load(table, args);
    assertThat(resumed.exitCode()).as(resumed.toString()).isIn(1, 3);
    assertThat(mode(rejects)).isEqualTo(OWNER_ONLY);
    assertThat(mode(report)).isEqualTo(OWNER_ONLY);
  }

  @Test
  void theUserInfoOfAnEndpointUrlIsNeverPrinted() throws IOException {
    String endpoint = dynamo.endpoint().toString();
    String withSecret = endpoint.replace("://", "://alice:s3cr3t@");
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"id\":\"a\"}\n");
    Path report = dir.resolve("report.json");

    CliRunner.Run loaded = CliRunner.run("load", "--endpoint-url", withSecret, "--table", newTable("userinfo"),
        "--create-table", "--key", "id:S", "--report", report.toString(), input.toString());
    CliRunner.Run missing = CliRunner.run("load", "--endpoint-url", withSecret, "--table", "no_such_table",
        input.toString());
    CliRunner.Run invalid = CliRunner.run("load", "--endpoint-url", "http://alice:s3cr3t@bad host:1/",
        "--table", "tbl", input.toString());

    assertThat(loaded.out()).contains("at " + endpoint);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist at " + endpoint);
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains("is not a URL");
    for (CliRunner.Run run : List.of(loaded, missing, invalid)) {
      assertThat(run.out() + run.err()).doesNotContain("s3cr3t").doesNotContain("alice");
    }
    assertThat(Files.readString(report)).doesNotContain("s3cr3t");
  }

  @Test
  void localWithAnEndpointUrlIsRefusedInOneSentence() throws IOException {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"id\":\"a\"}\n");

    CliRunner.Run run = CliRunner.run("load", "--local=" + dir.resolve("local"), "--endpoint-url",
        "http://localhost:8000", "--table", "tbl", input.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("ddbload: --local starts its own DynamoDB Local, so --endpoint-url"
        + " cannot be used with it; drop one of the two.");
    assertThat(dir.resolve("local")).doesNotExist();
  }
}
