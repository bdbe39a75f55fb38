package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code bin/ddbload}'s class-data sharing archive, in a temporary XDG_CACHE_HOME: written by the
 * first load (owner-only; not by {@code --print-config}), used by the next runs, and a damaged one
 * never breaks a load.
 */
class ClassDataSharingIT {

  private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/ddbload");
  private static final String SHARED = "source: shared objects file (top)";

  @TempDir
  Path dir;

  @Test
  void theFirstLoadWritesTheArchiveOwnerOnlyAndTheNextRunsUseIt() throws Exception {
    Path cache = dir.resolve("cache");
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      List<Map<String, AttributeValue>> expected = input(dir.resolve("in.jsonl"), 500);
      // --print-config loads few classes: it writes no archive, the next load does.
      run(cache, Map.of(), "load", "--print-config", "--table", "first", dir.resolve("in.jsonl").toString());
      try (Stream<Path> none = Files.list(cache.resolve("ddbload"))) {
        assertThat(none).isEmpty();
      }

      String first = load(dynamo, cache, "first", "");

      assertThat(first).contains("written        500").doesNotContain("cds").doesNotContain("CDS")
          .doesNotContain("warning");
      Path archive = archive(cache);
      assertThat(Files.getPosixFilePermissions(archive))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      assertThat(Files.getPosixFilePermissions(archive.getParent())).doesNotContain(
          PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
      assertThat(archive.getFileName().toString()).endsWith("-" + Files.size(archive) + ".jsa");
      assertThat(Items.scan(client, "first", "id")).isEqualTo(Items.expected(expected, "id"));

      String second = load(dynamo, cache, "second", "-Xlog:class+load");

      assertThat(second).contains("dev.ddbload.cli.LoadCommand " + SHARED).contains("written        500");
      assertThat(Items.scan(client, "second", "id")).isEqualTo(Items.expected(expected, "id"));
      assertThat(archive(cache)).isEqualTo(archive);

      String off = run(cache, Map.of("DDBLOAD_CDS", "off", "DDBLOAD_JAVA_OPTS", "-Xlog:class+load"), "--version");
      assertThat(off).contains("dev.ddbload.cli.Ddbload source: ").doesNotContain(SHARED);
    }
  }

  /**
   * A load with {@code --local} keeps an archive of its own beside the endpoint loads' one, holding
   * DynamoDB Local's classes, which the next {@code --local} load maps; neither replaces the other.
   */
  @Test
  void aLocalLoadKeepsItsOwnArchiveWithDynamoDbLocalsClasses() throws Exception {
    Path cache = dir.resolve("cache");
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      input(dir.resolve("in.jsonl"), 200);
      load(dynamo, cache, "endpoint", "");
      Path endpointArchive = archive(cache);

      String local = run(cache, Map.of(), "load", "--local=:memory:", "--table", "mem", "--create-table", "--key",
          "id:S", "--quiet", dir.resolve("in.jsonl").toString());
      assertThat(local).contains("written        200").doesNotContain("warning");
      List<Path> both;
      try (Stream<Path> files = Files.list(cache.resolve("ddbload"))) {
        both = files.sorted().toList();
      }
      assertThat(both).hasSize(2).contains(endpointArchive);
      Path localArchive = both.get(0).equals(endpointArchive) ? both.get(1) : both.get(0);
      assertThat(localArchive.getFileName().toString()).contains("-local-")
          .endsWith("-" + Files.size(localArchive) + ".jsa");
      assertThat(Files.getPosixFilePermissions(localArchive))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

      String again = run(cache, Map.of("DDBLOAD_JAVA_OPTS", "-Xlog:class+load"), "load", "--local=:memory:",
          "--table", "mem", "--create-table", "--key", "id:S", "--quiet", dir.resolve("in.jsonl").toString());
      assertThat(again).contains("com.amazonaws.services.dynamodbv2.local.main.ServerRunner " + SHARED)
          .contains("written        200");
      String endpointAgain = load(dynamo, cache, "endpoint2", "-Xlog:class+load");
      assertThat(endpointAgain).contains("dev.ddbload.cli.LoadCommand " + SHARED)
          .doesNotContain("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
      try (Stream<Path> files = Files.list(cache.resolve("ddbload"))) {
        assertThat(files).containsExactlyInAnyOrder(endpointArchive, localArchive);
      }
    }
  }

  /** Garbage of the archive's size, its middle overwritten, and one cut short: each load succeeds, quietly. */
  @Test
  void aDamagedArchiveNeverBreaksALoad() throws Exception {
    Path cache = dir.resolve("cache");
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      List<Map<String, AttributeValue>> expected = input(dir.resolve("in.jsonl"), 300);
      load(dynamo, cache, "writes", "");
      Path archive = archive(cache);
      byte[] good = Files.readAllBytes(archive);
      Random random = new Random(23);

      byte[] garbage = new byte[good.length];
      random.nextBytes(garbage);
      Files.write(archive, garbage);
      assertLoads(dynamo, client, cache, "garbage", expected);

      byte[] overwritten = good.clone();
      byte[] noise = new byte[64 * 1024];
      random.nextBytes(noise);
      System.arraycopy(noise, 0, overwritten, good.length / 2, noise.length);
      Files.write(archive, overwritten);
      assertLoads(dynamo, client, cache, "overwritten", expected);

      Files.write(archive, Arrays.copyOf(good, good.length / 3));
      assertLoads(dynamo, client, cache, "truncated", expected);
      // The archive cut short is deleted and that load wrote a whole one.
      assertThat(Files.size(archive(cache))).isGreaterThan(good.length / 3);
    }
  }

  private void assertLoads(LocalDynamo dynamo, DynamoDbClient client, Path cache, String table,
      List<Map<String, AttributeValue>> expected) throws Exception {
    String out = load(dynamo, cache, table, "");
    assertThat(out).startsWith("ddbload: load completed").contains("written        " + expected.size())
        .doesNotContain("cds").doesNotContain("shared archive").doesNotContain("warning");
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(expected, "id"));
  }

  private String load(LocalDynamo dynamo, Path cache, String table, String javaOpts) throws Exception {
    return run(cache, Map.of("DDBLOAD_JAVA_OPTS", javaOpts), "load", "--endpoint-url", dynamo.endpoint().toString(),
        "--table", table, "--create-table", "--key", "id:S", "--quiet", dir.resolve("in.jsonl").toString());
  }

  private String run(Path cache, Map<String, String> env, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
    pb.environment().remove("DDBLOAD_CDS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** The one archive in the cache (none half-written beside it). */
  private static Path archive(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache.resolve("ddbload"))) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      assertThat(all.get(0).getFileName().toString()).startsWith("ddbload-").endsWith(".jsa");
      return all.get(0);
    }
  }

  private static List<Map<String, AttributeValue>> input(Path file, int n) throws IOException {
    StringBuilder lines = new StringBuilder();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.append("{\"id\":\"k").append(i).append("\",\"n\":").append(i).append("}\n");
      expected.add(Map.of("id", AttributeValue.fromS("k" + i), "n", AttributeValue.fromN(Integer.toString(i))));
    }
    Files.writeString(file, lines);
    return expected;
  }
}
