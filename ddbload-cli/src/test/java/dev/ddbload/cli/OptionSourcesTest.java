package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options from the command line, a job file and {@code DDBLOAD_*} variables: which wins, where
 * {@code --print-config} says each came from, and errors that name the file, key and line. In
 * this JVM with an injected environment; nothing is loaded.
 */
class OptionSourcesTest {

  @TempDir
  Path dir;

  private static final Map<String, String> ENV = Map.of(
      "DDBLOAD_CONCURRENCY", "8",
      "DDBLOAD_BACKOFF_BASE", "40ms",
      "DDBLOAD_EXCLUDE", "fromEnvA,fromEnvB",
      "DDBLOAD_INFER_TYPES", "true",
      "DDBLOAD_COLUMNS", "x,y");

  @Test
  void theEnvironmentGivesANumberADurationAListAndAFlag() {
    CliRunner.Run run = run(ENV, "load", "--print-config", "--table", "T", "in.csv");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("concurrency: 8  # environment DDBLOAD_CONCURRENCY")
        .contains("backoff-base: '40ms'  # environment DDBLOAD_BACKOFF_BASE")
        .contains("exclude:  # environment DDBLOAD_EXCLUDE\n  - 'fromEnvA'\n  - 'fromEnvB'\n")
        .contains("columns:  # environment DDBLOAD_COLUMNS\n  - 'x'\n  - 'y'\n")
        .contains("infer-types: true  # environment DDBLOAD_INFER_TYPES")
        .contains("table: 'T'  # command line")
        .contains("max-attempts: 15  # default")
        .contains("inputs:  # command line\n  - 'in.csv'\n");
  }

  @Test
  void theJobFileWinsOverTheEnvironment() throws IOException {
    Path job = job("""
        table: Nightly
        concurrency: 16
        backoff-base: 1s
        exclude: [fromJob]
        columns: a,b,c
        infer-types: false
        inputs:
          - one.jsonl
          - two.jsonl
        """);

    CliRunner.Run run = run(ENV, "load", "--print-config", "--job", job.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("concurrency: 16  # job file " + job + ", line 2")
        .contains("backoff-base: '1s'  # job file " + job + ", line 3")
        .contains("exclude:  # job file " + job + ", line 4\n  - 'fromJob'\n")
        .contains("columns:  # job file " + job + ", line 5\n  - 'a'\n  - 'b'\n  - 'c'\n")
        .contains("infer-types: false  # job file " + job + ", line 6")
        .contains("table: 'Nightly'  # job file " + job + ", line 1")
        .contains("inputs:  # job file " + job + ", line 7\n  - 'one.jsonl'\n  - 'two.jsonl'\n");
  }

  @Test
  void theCommandLineWinsOverTheJobFile() throws IOException {
    Path job = job("""
        table: Nightly
        concurrency: 16
        backoff-base: 1s
        exclude: [fromJob]
        infer-types: false
        inputs: [one.jsonl]
        """);

    CliRunner.Run run = run(ENV, "load", "--print-config", "--job", job.toString(), "-c", "4", "--backoff-base",
        "75ms", "--exclude", "cliA", "--exclude", "cliB", "--infer-types", "cli.jsonl");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("concurrency: 4  # command line")
        .contains("backoff-base: '75ms'  # command line")
        .contains("exclude:  # command line\n  - 'cliA'\n  - 'cliB'\n")
        .contains("infer-types: true  # command line")
        .contains("table: 'Nightly'  # job file")
        .contains("inputs:  # command line\n  - 'cli.jsonl'\n");
  }

  @Test
  void theJobFileReachesTheCommandThroughTheOptionsOwnParsing() throws IOException {
    Path job = job("""
        table: Books
        concurrency: 0
        inputs: [x.csv]
        """);

    CliRunner.Run run = run(Map.of(), "load", "--job", job.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("concurrency must be 1 to 1024").contains("Job file " + job + ", line 2");
  }

  @Test
  void aBadValueInTheJobFileNamesTheFileTheKeyAndTheLine() throws IOException {
    Path job = job("""
        # nightly load
        table: Books

        backoff-max: forever
        """);

    CliRunner.Run run = run(Map.of(), "load", "--job", job.toString(), "x.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Job file " + job + ", line 4, backoff-max")
        .contains("'forever' is not a duration");
  }

  @Test
  void unknownKeysFlagsThatAreNotBooleansAndMappingsAreRefusedWithTheirLine() throws IOException {
    assertThat(run(Map.of(), "load", "--job", job("table: T\nconcurency: 4\n").toString(), "x").err())
        .contains("line 2: concurency is not an option of ddbload load");
    assertThat(run(Map.of(), "load", "--job", job("table: T\ndry-run: sometimes\n").toString(), "x").err())
        .contains("line 2: dry-run must be true or false, not 'sometimes'");
    assertThat(run(Map.of(), "load", "--job", job("table: T\nschema:\n  year: N\n").toString(), "x").err())
        .contains("line 2: schema: the value must be a plain value or a list");
    assertThat(run(Map.of(), "load", "--job", job("table: T\ntable: U\n").toString(), "x").err())
        .contains("line 2: table is given twice (first on line 1)");
    assertThat(run(Map.of(), "load", "--job", job("table: [T, U]\n").toString(), "x").err())
        .contains("line 1: table takes one value, not a list");
    assertThat(run(Map.of(), "load", "--job", dir.resolve("missing.yaml").toString(), "x").err())
        .contains("missing.yaml does not exist");
    assertThat(run(Map.of("DDBLOAD_DRY_RUN", "yes"), "load", "--table", "T", "x").err())
        .contains("Environment variable DDBLOAD_DRY_RUN must be true or false, not 'yes'");
  }

  @Test
  void otherCommandsReadTheirOptionsTheSameWay() throws IOException {
    Path job = job("table: Books\nmin-write-capacity: 5\n");

    CliRunner.Run run = run(Map.of("DDBLOAD_STATE_DIR", "/var/lib/ddbload"), "restore-capacity", "--print-config",
        "--job", job.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("table: 'Books'  # job file").contains("min-write-capacity: 5  # job file")
        .contains("state-dir: '/var/lib/ddbload'  # environment DDBLOAD_STATE_DIR");
  }

  @Test
  void printConfigMasksTheUserInformationOfUrls() {
    CliRunner.Run run = run(Map.of("DDBLOAD_ENDPOINT_URL", "http://AKIDFAKE:s3cr3tFAKE@127.0.0.1:8000"), "load",
        "--print-config", "--table", "T", "x");

    assertThat(run.out()).contains("endpoint-url: 'http://***@127.0.0.1:8000'").doesNotContain("s3cr3tFAKE")
        .doesNotContain("AKIDFAKE");
  }

  private Path job(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "job", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static CliRunner.Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ddbload.execute(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true), env, new ArrayList<>(List.of(args)).toArray(String[]::new));
    return new CliRunner.Run(code, out.toString(), err.toString());
  }
}
