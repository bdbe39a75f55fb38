package dev.ddbload.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The archive as a user installs it: unpacked into a directory outside the checkout, its
 * launcher symlinked onto a temporary PATH, run from yet another directory.
 */
class DistributionIT {

  private static final Path ARCHIVE = Path.of(System.getProperty("ddbload.archive"));
  private static final Path ZIP = Path.of(System.getProperty("ddbload.zip"));
  private static final Path CHECKOUT = Path.of(System.getProperty("user.dir")).getParent();
  private static final String TOP = ARCHIVE.getFileName().toString().replace(".tar.gz", "");

  @TempDir
  static Path install;

  @TempDir
  static Path path;

  @TempDir
  Path work;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(install.toAbsolutePath().startsWith(CHECKOUT)).isFalse();
    run(install, List.of("tar", "xzf", ARCHIVE.toString()), Map.of());
    Files.createSymbolicLink(path.resolve("ddbload"), install.resolve(TOP).resolve("bin/ddbload"));
  }

  @Test
  void theArchivesHoldTheLauncherLibrariesManPagesCompletionReadmeAndLicence() throws IOException {
    Path top = install.resolve(TOP);
    assertThat(top.resolve("bin/ddbload")).isExecutable();
    assertThat(top.resolve("README.md")).isRegularFile();
    assertThat(Files.readString(top.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    assertThat(top.resolve("man/man1/ddbload.1")).isRegularFile();
    assertThat(Files.readString(top.resolve("man/man1/ddbload-load.1"))).contains(".TH \"DDBLOAD\\-LOAD\"", "\\-\\-job");
    assertThat(Files.readString(top.resolve("completion/ddbload.bash"))).contains("complete -F", "--concurrency");
    try (var lib = Files.list(top.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString()).toList())
          .anyMatch(n -> n.startsWith("ddbload-cli-")).anyMatch(n -> n.startsWith("ddbload-core-"))
          .noneMatch(n -> n.startsWith("DynamoDBLocal")).noneMatch(n -> n.startsWith("sqlite4java"))
          .noneMatch(n -> n.startsWith("picocli-codegen"));
    }
    // DynamoDB Local, off the class path, for --local only.
    try (var local = Files.list(top.resolve("lib/local"))) {
      assertThat(local.map(p -> p.getFileName().toString()).toList())
          .anyMatch(n -> n.startsWith("DynamoDBLocal-")).anyMatch(n -> n.startsWith("sqlite4java-"))
          .anyMatch(n -> n.startsWith("libsqlite4java-linux-amd64")).noneMatch(n -> n.startsWith("ddbload-"));
    }
    List<String> zipped = new ArrayList<>();
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      Collections.list(zip.entries()).stream().map(ZipEntry::getName).forEach(zipped::add);
    }
    assertThat(zipped).contains(TOP + "/bin/ddbload", TOP + "/README.md", TOP + "/LICENSE",
        TOP + "/man/man1/ddbload-load.1", TOP + "/completion/ddbload.bash");
  }

  @Test
  void versionNamesTheBuildAndItsCommit() throws Exception {
    String out = run(work, List.of("ddbload", "--version"), Map.of());

    assertThat(out).containsPattern("ddbload \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,}|unknown)");
  }

  @Test
  void completionLoadsIntoBash() throws Exception {
    String script = install.resolve(TOP).resolve("completion/ddbload.bash").toString();
    String out = run(work, List.of("bash", "-c", "source " + script + " && complete -p ddbload"), Map.of());

    assertThat(out).contains("ddbload");
  }

  /** A JSON Lines file into DynamoDB Local, by the launcher on the PATH; the table is the input. */
  @Test
  void loadsIntoDynamoDbLocalThroughTheSymlinkOnThePath() throws Exception {
    Path input = work.resolve("items.jsonl");
    StringBuilder lines = new StringBuilder();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      lines.append("{\"pk\":\"k").append(i).append("\",\"n\":").append(i).append(",\"s\":\"v").append(i)
          .append("\"}\n");
      expected.add(Map.of("pk", AttributeValue.fromS("k" + i), "n", AttributeValue.fromN(Integer.toString(i)),
          "s", AttributeValue.fromS("v" + i)));
    }
    Files.writeString(input, lines);
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      String out = run(work, List.of("ddbload", "load", "--endpoint-url", dynamo.endpoint().toString(), "--table",
          "dist", "--create-table", "--key", "pk:S", "--quiet", input.toString()),
          Map.of("AWS_ACCESS_KEY_ID", "ddbloadtest", "AWS_SECRET_ACCESS_KEY", "ddbloadtest"));

      assertThat(out).contains("load completed").contains("written        2,000");
      assertThat(Items.scan(client, "dist", "pk")).isEqualTo(Items.expected(expected, "pk"));
    }
  }

  /**
   * The README's first command from the archive: the embedded DynamoDB Local, loaded from
   * lib/local/, finds its native libraries there; the table persisted in .ddbload/local holds the
   * sample.
   */
  @Test
  void loadsTheSampleIntoTheEmbeddedDynamoDbLocal() throws Exception {
    Files.copy(CHECKOUT.resolve("examples/books.csv"), work.resolve("books.csv"));

    String out = run(work, List.of("ddbload", "load", "--local", "--table", "Books", "--create-table", "--key",
        "isbn:S", "--quiet", "books.csv"), Map.of());

    assertThat(out).contains("load completed").contains("written        300");
    List<String> isbns = Files.readAllLines(work.resolve("books.csv")).stream().skip(1)
        .map(l -> l.substring(0, l.indexOf(','))).toList();
    int port = LocalDynamo.freePort();
    DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-dbPath",
        work.resolve(".ddbload/local").toString(), "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
    server.start();
    try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(LocalDynamo.REGION).credentialsProvider(LocalDynamo.CREDENTIALS).build()) {
      assertThat(Items.scan(client, "Books", "isbn")).containsOnlyKeys(isbns.toArray(String[]::new));
    } finally {
      server.stop();
    }
  }

  /**
   * Class-data sharing from the archive's lib/: the first load writes the archive into
   * XDG_CACHE_HOME, owner-only; the next run maps ddbload's classes from it.
   */
  @Test
  void theFirstLoadWritesTheClassDataArchiveTheNextRunUsesIt() throws Exception {
    Path cache = work.resolve("cache");
    Path input = work.resolve("few.jsonl");
    Files.writeString(input, "{\"pk\":\"a\"}\n{\"pk\":\"b\"}\n");
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      String out = run(work, List.of("ddbload", "load", "--endpoint-url", dynamo.endpoint().toString(), "--table",
          "cds", "--create-table", "--key", "pk:S", "--quiet", input.toString()),
          Map.of("XDG_CACHE_HOME", cache.toString(), "AWS_ACCESS_KEY_ID", "ddbloadtest", "AWS_SECRET_ACCESS_KEY",
              "ddbloadtest"));

      assertThat(out).startsWith("ddbload: load completed").contains("written        2");
      assertThat(client.scan(b -> b.tableName("cds")).count()).isEqualTo(2);
    }
    List<Path> archives;
    try (var files = Files.list(cache.resolve("ddbload"))) {
      archives = files.toList();
    }
    assertThat(archives).hasSize(1);
    assertThat(Files.getPosixFilePermissions(archives.get(0))).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    String classes = run(work, List.of("ddbload", "--version"),
        Map.of("XDG_CACHE_HOME", cache.toString(), "DDBLOAD_JAVA_OPTS", "-Xlog:class+load"));

    assertThat(classes).contains("dev.ddbload.cli.Ddbload source: shared objects file (top)");
  }

  private static String run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    // env finds the command on the child's PATH (ProcessBuilder would look on this JVM's).
    List<String> argv = new ArrayList<>(List.of("env"));
    argv.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", path + ":" + System.getenv("PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
