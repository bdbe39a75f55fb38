package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.almworks.sqlite4java.SQLiteConnection;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader;
import dev.ddbload.testkit.LocalDynamo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** {@code bin/ddbload} as a user runs it: a child process, from another working directory. */
class LauncherIT {

  private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path LAUNCHER = PROJECT.resolve("bin/ddbload");

  @TempDir
  Path dir;

  /** The README's first command, after the build, run from a fresh directory. */
  @Test
  void readmeMainCommandLoadsTheSampleIntoEmbeddedDynamoLocal() throws Exception {
    List<String> readme = Files.readAllLines(PROJECT.resolve("README.md"));
    String command = readme.stream().filter(l -> l.contains("bin/ddbload load --local")).findFirst().orElseThrow()
        .trim();
    String load = command.substring(command.indexOf("bin/ddbload"));
    Files.createSymbolicLink(dir.resolve("examples"), PROJECT.resolve("examples"));
    Files.createSymbolicLink(dir.resolve("bin"), PROJECT.resolve("bin"));

    Process p = new ProcessBuilder("bash", "-c", load).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    // Nothing but the summary: not DynamoDB Local's banner, SQLite's connection log, or SLF4J's
    // notice of calls replayed (the warm-up thread must not set logging up beside the main one).
    assertThat(output).contains("load completed").contains("records read   300").contains("written        300")
        .doesNotContain("Initializing DynamoDB Local").doesNotContain("SLF4J").doesNotContain("sqlite");
    assertThat(dir.resolve(".ddbload/local")).isDirectory();
    Path db = dir.resolve(".ddbload/local").resolve(LocalStore.DATABASE);
    assertThat(LocalStore.writeAheadLog(db)).isTrue();
    assertThat(Files.getPosixFilePermissions(db)).containsOnly(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);

    // A database an earlier version left in SQLite's rollback-journal mode is switched, its table kept.
    journalMode(db, "DELETE");
    assertThat(LocalStore.writeAheadLog(db)).isFalse();
    Process again = new ProcessBuilder("bash", "-c", load).directory(dir.toFile()).redirectErrorStream(true).start();
    String againOutput = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as(againOutput).isZero();
    assertThat(LocalStore.writeAheadLog(db)).isTrue();
    try (EmbeddedDynamo dynamo = EmbeddedDynamo.start(dir.resolve(".ddbload/local"));
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())
            .region(Region.of(EmbeddedDynamo.REGION)).credentialsProvider(EmbeddedDynamo.CREDENTIALS).build()) {
      assertThat(client.scan(b -> b.tableName("Books").select(Select.COUNT)).count()).isEqualTo(300);
    }
  }

  @Test
  void versionWorksFromAnyDirectory() throws Exception {
    Process p = new ProcessBuilder(LAUNCHER.toString(), "--version").directory(dir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).startsWith("ddbload ").containsPattern("\\(commit ([0-9a-f]{7,}|unknown)");
  }

  /**
   * A nightly job as a file plus the environment: the job file names the table, key and inputs,
   * the environment the endpoint; the load runs from them alone, and the table holds the input.
   */
  @Test
  void aJobFileAndTheEnvironmentRunALoad() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"pk\":\"a\",\"n\":1}\n{\"pk\":\"b\",\"n\":2}\n{\"pk\":\"c\",\"n\":3}\n");
    Path job = dir.resolve("nightly.yaml");
    Files.writeString(job, "table: nightly\ncreate-table: true\nkey: pk:S\nquiet: true\ninputs:\n  - " + input + "\n");
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "load", "--job", job.toString())
          .directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().put("DDBLOAD_ENDPOINT_URL", dynamo.endpoint().toString());
      pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("written        3");
      assertThat(client.scan(b -> b.tableName("nightly")).items()).extracting(i -> i.get("n").n())
          .containsExactlyInAnyOrder("1", "2", "3");
    }
  }

  /** --print-config prints options only: fake credentials in the environment never appear. */
  @Test
  void printConfigNeverPrintsASecret() throws Exception {
    String[] secrets = {"AKIAFAKEACCESSKEY123", "fakeSecretKeyDoNotPrint/abc+xyz", "FAKESESSIONTOKEN0987",
        "hunter2fake"};
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "load", "--print-config", "--table", "T",
        "--endpoint-url", "http://loader:" + secrets[3] + "@127.0.0.1:8000", "x.csv").directory(dir.toFile())
        .redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", secrets[0]);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", secrets[1]);
    pb.environment().put("AWS_SESSION_TOKEN", secrets[2]);
    pb.environment().put("DDBLOAD_SECRET_ACCESS_KEY", secrets[1]);
    pb.environment().put("DDBLOAD_CONCURRENCY", "12");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("concurrency: 12  # environment DDBLOAD_CONCURRENCY")
        .contains("endpoint-url: 'http://***@127.0.0.1:8000'  # command line");
    for (String secret : secrets) {
      assertThat(output).doesNotContain(secret);
    }
  }

  /**
   * The launcher's JVM defaults: Parallel GC with a fixed young generation unless
   * DDBLOAD_JAVA_OPTS names a collector, the JIT's inlining limits and later C2 always, and the user's options
   * last, so they win.
   */
  @Test
  void jvmDefaultsGiveWayToTheUsersOptions() throws Exception {
    String defaults = jvmFlags("-XX:+PrintCommandLineFlags");
    assertThat(defaults).contains("-XX:+UseParallelGC").contains("-XX:MaxInlineLevel=9")
        .contains("-XX:InlineSmallCode=1000").contains("-XX:SurvivorRatio=2")
        .contains("-XX:Tier4InvocationThreshold=40000").contains("-XX:Tier4BackEdgeThreshold=400000");

    String serial = jvmFlags("-XX:+UseSerialGC -XX:+PrintCommandLineFlags");
    assertThat(serial).contains("-XX:+UseSerialGC").doesNotContain("UseParallelGC").doesNotContain("SurvivorRatio")
        .contains("-XX:MaxInlineLevel=9");

    String mine = jvmFlags("-XX:+UseCompressedOops -XX:+PrintCommandLineFlags -XX:MaxInlineLevel=15");
    assertThat(mine).contains("-XX:+UseParallelGC").contains("-XX:MaxInlineLevel=15")
        .doesNotContain("-XX:MaxInlineLevel=9");
  }

  /** Sets the SQLite database's journal mode with DynamoDB Local's own sqlite4java (no other process has it open). */
  private static void journalMode(Path db, String mode) throws Exception {
    SQLiteLibraryLoader.initialize();
    SQLiteConnection c = new SQLiteConnection(db.toFile());
    try {
      c.open(false);
      c.exec("PRAGMA journal_mode=" + mode);
    } finally {
      c.dispose();
    }
  }

  /**
   * A small load (local files of at most 64 MiB, compressed ones counted 8 times) runs on C1
   * alone; anything larger, or not known to be small (a directory, a manifest, a job file), or
   * with DDBLOAD_SMALL_JIT=off, keeps the defaults.
   */
  @Test
  void aSmallLoadOfLocalFilesRunsOnC1Alone() throws Exception {
    Path small = dir.resolve("small.jsonl");
    Files.writeString(small, "{\"id\":\"a\"}\n");
    Path large = dir.resolve("large.jsonl");
    Path packed = dir.resolve("packed.jsonl.gz");
    try (RandomAccessFile f = new RandomAccessFile(large.toFile(), "rw")) {
      f.setLength(65L * 1024 * 1024);
    }
    try (RandomAccessFile f = new RandomAccessFile(packed.toFile(), "rw")) {
      f.setLength(9L * 1024 * 1024);
    }
    String c1 = "-XX:TieredStopAtLevel=1";
    assertThat(loadFlags(Map.of(), "-t", "tbl", small.toString())).contains(c1);
    assertThat(loadFlags(Map.of(), "--table", "tbl", "-c", "8", "--local", "--quiet", small.toString(),
        small.toString())).contains(c1);
    assertThat(loadFlags(Map.of(), "-t", "tbl", small.toString(), large.toString())).doesNotContain(c1)
        .contains("-XX:Tier4InvocationThreshold=40000");
    assertThat(loadFlags(Map.of(), "-t", "tbl", packed.toString())).doesNotContain(c1);
    assertThat(loadFlags(Map.of(), "-t", "tbl", dir.toString())).doesNotContain(c1);
    assertThat(loadFlags(Map.of(), "-t", "tbl", "--manifest", small.toString(), small.toString()))
        .doesNotContain(c1);
    assertThat(loadFlags(Map.of(), "-t", "tbl", "s3://bucket/key.jsonl")).doesNotContain(c1);
    assertThat(loadFlags(Map.of("DDBLOAD_SMALL_JIT", "off"), "-t", "tbl", small.toString())).doesNotContain(c1);
    List<String> many = new ArrayList<>(List.of("-t", "tbl"));
    for (int i = 0; i < 101; i++) {
      many.add(small.toString());
    }
    assertThat(loadFlags(Map.of(), many.toArray(String[]::new))).doesNotContain(c1);
  }

  /** The flags the JVM of {@code ddbload load ARGS --print-config} starts with. */
  private String loadFlags(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "load"));
    command.addAll(List.of(args));
    command.add("--print-config");
    return jvmFlags("-XX:+PrintCommandLineFlags", env, command);
  }

  /** The JVM's command-line flags as -XX:+PrintCommandLineFlags prints them, for DDBLOAD_JAVA_OPTS. */
  private String jvmFlags(String javaOpts) throws Exception {
    return jvmFlags(javaOpts, Map.of(), List.of(LAUNCHER.toString(), "--version"));
  }

  private String jvmFlags(String javaOpts, Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("DDBLOAD_JAVA_OPTS", javaOpts);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output.lines().filter(l -> l.contains("-XX:")).findFirst().orElseThrow(() -> new AssertionError(output));
  }

  /**
   * SIGTERM to the launcher reaches the loader, which lets the calls already sent come back and
   * reports: every record read is written or counted as not finished. With an archive in the
   * class-data cache the launcher execs the JVM; without one (here: an empty cache) it runs the
   * JVM as a child to write the archive and passes the signal on, and keeps no archive of a load
   * that did not complete.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sigtermReachesTheLoaderWhichReportsAndExits130(boolean firstLoad) throws Exception {
    signalReachesTheLoader(firstLoad, "-TERM", List.of());
  }

  /**
   * A script that starts ddbload in the background without job control starts it with SIGINT
   * (and SIGQUIT) ignored, as here ({@code trap "" INT QUIT; exec ...}): {@code kill -INT} still
   * stops the load, which reports and exits 130, the JVM exec'd or run as a child.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sigintReachesALoadStartedWithSigintIgnored(boolean firstLoad) throws Exception {
    signalReachesTheLoader(firstLoad, "-INT", List.of("bash", "-c", "trap '' INT QUIT; exec \"$0\" \"$@\""));
  }

  private void signalReachesTheLoader(boolean firstLoad, String signal, List<String> startedBy) throws Exception {
    Path input = dir.resolve("many.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      lines.append("{\"pk\":\"k").append(i).append("\",\"v\":").append(i).append("}\n");
    }
    Files.writeString(input, lines);
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      List<String> command = new ArrayList<>(startedBy);
      command.addAll(List.of(LAUNCHER.toString(), "load", "--endpoint-url",
          dynamo.endpoint().toString(), "--table", "sigterm", "--create-table", "--key", "pk:S", "--concurrency", "2",
          input.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
      if (firstLoad) {
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
      }
      pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
      Process p = pb.start();
      awaitItems(client, p);

      new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(dir.resolve("out.txt"));
      assertThat(p.exitValue()).as(out + Files.readString(dir.resolve("err.txt"))).isEqualTo(130);
      assertThat(out).contains("load interrupted");
      long read = count(out, "records read");
      long written = count(out, "written");
      long notFinished = out.contains("not finished") ? count(out, "not finished") : 0;
      assertThat(read).isLessThan(200_000);
      assertThat(written).isPositive();
      assertThat(written + notFinished).isEqualTo(read);
      assertThat(client.scan(b -> b.tableName("sigterm").select("COUNT")).count()).isEqualTo((int) written);
      assertThat(client.scan(b -> b.tableName("sigterm")).count()).isPositive();
    }
    if (firstLoad) {
      try (Stream<Path> cache = Files.list(dir.resolve("cache/ddbload"))) {
        assertThat(cache).isEmpty();
      }
    }
  }

  private static void awaitItems(DynamoDbClient client, Process p) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline) && p.isAlive()) {
      try {
        if (client.scan(b -> b.tableName("sigterm").limit(1)).count() > 0) {
          return;
        }
      } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException notYet) {
        // the child has not created the table yet
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("the load never started writing");
  }

  private static long count(String summary, String label) throws IOException {
    for (String line : summary.split("\n")) {
      String t = line.trim();
      if (t.startsWith(label)) {
        return Long.parseLong(t.substring(label.length()).trim().replace(",", ""));
      }
    }
    throw new AssertionError("no '" + label + "' in " + summary);
  }
}
