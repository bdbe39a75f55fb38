package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Option parsing and help, without any server. */
class CommandLineTest {

  @Test
  void versionNamesTheTool() {
    CliRunner.Run run = CliRunner.run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("ddbload ");
  }

  @Test
  void helpListsTheLoadCommand() {
    CliRunner.Run run = CliRunner.run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("load");
  }

  @Test
  void loadHelpListsEveryOption() {
    CliRunner.Run run = CliRunner.run("load", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--table", "--endpoint-url", "--region", "--profile", "--local", "--create-table",
        "--key", "--format", "--schema", "--empty", "--set-delimiter", "--rejects", "--concurrency",
        "--max-attempts", "--backoff-base", "--backoff-max", "--report", "--quiet", "THREAD_COUNT",
        "--max-write-capacity", "MAX_WRITE_CAPACITY", "--min-write-capacity", "MIN_WRITE_CAPACITY",
        "--gsi-write-capacity", "--max-wcu", "--capacity-fraction", "--shuffle-window", "--dry-run",
        "--price-per-million-wru", "--state-dir",
        "--columns",
        "--delimiter", "--infer-types", "--rename", "--exclude", "--manifest", "--parallel-files",
        "--max-record-bytes");
  }

  @Test
  void badInputOptionsAreUsageErrors() {
    assertThat(CliRunner.run("load", "--table", "Books", "--rename", "a", "x.csv").err()).contains("is not OLD=NEW");
    assertThat(CliRunner.run("load", "--table", "Books", "--rename", "a=c", "--exclude", "a", "x.csv").err())
        .contains("both renamed and excluded");
    assertThat(CliRunner.run("load", "--table", "Books", "--parallel-files", "0", "x.csv").err())
        .contains("Invalid option: --parallel-files must be 1 to 64, not 0.");
    assertThat(CliRunner.run("load", "--table", "Books", "--max-record-bytes", "lots", "x.csv").err())
        .contains("not a size such as");
    assertThat(CliRunner.run("load", "--table", "Books", "--format", "xml", "x.csv").err())
        .contains("csv, tsv, jsonl, json, ddb-json, ion, ddb-changes, text");
    assertThat(CliRunner.run("load", "--table", "Books", "--columns", "a,a", "x.csv").exitCode()).isEqualTo(2);
  }

  @Test
  void byteSizesTakeUnits() {
    ByteSizeConverter sizes = new ByteSizeConverter();

    assertThat(sizes.convert("4MB")).isEqualTo(4 * 1024 * 1024);
    assertThat(sizes.convert("512kb")).isEqualTo(512 * 1024);
    assertThat(sizes.convert("1024")).isEqualTo(1024);
  }

  @Test
  void missingTableOptionIsUsageError() {
    CliRunner.Run run = CliRunner.run("load", "x.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--table");
  }

  @Test
  void badConcurrencyIsUsageError() {
    CliRunner.Run run = CliRunner.run("load", "--table", "Books", "--concurrency", "0", "x.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("concurrency must be 1 to 1024");
  }

  @Test
  void concurrencyIsAdaptiveUnlessPinned() {
    LoadCommand adaptive = new LoadCommand(() -> System.in);
    new picocli.CommandLine(adaptive).parseArgs("--table", "Books", "x.csv");
    LoadCommand pinned = new LoadCommand(() -> System.in);
    new picocli.CommandLine(pinned).parseArgs("--table", "Books", "-c", "64", "x.csv");

    // THREAD_COUNT is not set in the test's environment: nothing pins the limit.
    assertThat(System.getenv("THREAD_COUNT")).isNull();
    assertThat(adaptive.writing.concurrency).isNull();
    assertThat(pinned.writing.concurrency).isEqualTo(64);
  }

  @Test
  void createTableWithoutKeyIsUsageError() {
    CliRunner.Run run = CliRunner.run("load", "--table", "Books", "--create-table", "x.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--create-table needs --key");
  }

  @Test
  void writeModeOptionsThatDoNotGoTogetherAreUsageErrors() {
    CliRunner.Run verify = CliRunner.run("load", "--table", "Books", "--mode", "update", "--verify", "x.csv");
    assertThat(verify.exitCode()).isEqualTo(2);
    assertThat(verify.err()).contains("--verify compares the table").doesNotContain("Exception");
    CliRunner.Run insert = CliRunner.run("load", "--table", "Books", "--mode", "insert", "--if-newer", "v", "x.csv");
    assertThat(insert.exitCode()).isEqualTo(2);
    assertThat(insert.err()).contains("--if-newer").doesNotContain("LoadOptions.").doesNotContain("Exception");
    CliRunner.Run mode = CliRunner.run("load", "--table", "Books", "--mode", "upsert", "x.csv");
    assertThat(mode.exitCode()).isEqualTo(2);
    assertThat(mode.err()).contains("not put, delete, insert or update");
    CliRunner.Run conflict = CliRunner.run("load", "--table", "Books", "--on-conflict", "ignore", "x.csv");
    assertThat(conflict.exitCode()).isEqualTo(2);
    assertThat(conflict.err()).contains("not skip or reject");
  }

  @Test
  void badDurationIsUsageError() {
    CliRunner.Run run = CliRunner.run("load", "--table", "Books", "--backoff-base", "soon", "x.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration");
  }

  @Test
  void durationsAreReadInTheirUsualForms() {
    DurationConverter c = new DurationConverter();

    assertThat(c.convert("25ms").toMillis()).isEqualTo(25);
    assertThat(c.convert("2s").toMillis()).isEqualTo(2000);
    assertThat(c.convert("1.5s").toMillis()).isEqualTo(1500);
    assertThat(c.convert("1m").toSeconds()).isEqualTo(60);
    assertThat(c.convert("PT3S").toSeconds()).isEqualTo(3);
  }

  @Test
  void progressLineShowsBarAndEta() {
    var stats = new dev.ddbload.report.LoadStats(500, 400, 10, 0, 1_000_000, 4_000_000, 400, 20, 0,
        java.time.Duration.ofSeconds(10), 36.4, 90, 0, 0, 0, 0, 0, 0, 48, 0.034, 0, 0);

    String line = Progress.line(stats);

    assertThat(line).contains("[######..................]  25%").contains("500 records").contains("50 rec/s")
        .contains("1.0 MB / 4.0 MB").contains("00:00:10").contains("ETA 00:00:30").contains("10 rejected")
        .contains("36 WCU/s (limit 90)").contains("48 in flight").contains("3.4% throttled");
  }
}
