package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbload.testkit.Items;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How inputs are named: an input named more than once (twice, a directory and a glob over it, a
 * link and its target) is read once with a note; links back up a directory tree are followed
 * once; named pipes and a shell's process substitution are read as streams.
 */
class InputsIT extends LocalDynamoCli {

  @TempDir
  Path dir;

  /** {@code n} JSON lines with ids {@code prefix-00000}...; their ids are added to {@code ids}. */
  private static String lines(String prefix, int n, Set<String> ids) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String id = String.format("%s-%05d", prefix, i);
      ids.add(id);
      sb.append("{\"id\":\"").append(id).append("\",\"v\":").append(i).append("}\n");
    }
    return sb.toString();
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  /** Loads the inputs with a report; checks exit 0, the table and that each record was read once. */
  private CliRunner.Run loadsEachRecordOnce(String table, Set<String> ids, String... inputs) throws IOException {
    Path report = dir.resolve("report-" + table + ".json");
    List<String> a = new ArrayList<>(List.of("--report", report.toString()));
    a.addAll(List.of(inputs));

    CliRunner.Run run = load(table, a.toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id").keySet()).containsExactlyInAnyOrderElementsOf(ids);
    JsonNode json = report(report);
    assertThat(json.get("recordsRead").asLong()).as(run.toString()).isEqualTo(ids.size());
    assertThat(json.get("written").asLong()).isEqualTo(ids.size());
    assertAccounting(json, -1);
    return run;
  }

  @Test
  void aFileNamedTwiceIsReadOnceWithANote() throws IOException {
    Set<String> ids = new TreeSet<>();
    Path a = file("a.jsonl", lines("a", 300, ids));
    String otherSpelling = dir.resolve(".").resolve("a.jsonl").toString();

    CliRunner.Run run = loadsEachRecordOnce(newTable("twice"), ids, a.toString(), otherSpelling, a.toString());

    assertThat(run.err()).contains("ddbload: note: " + a + " is named 3 times (also as " + otherSpelling
        + "); it is read once.");
  }

  @Test
  void aDirectoryAndAGlobOverlappingItAreReadOnce() throws IOException {
    Set<String> ids = new TreeSet<>();
    Path x = file("data/x.jsonl", lines("x", 200, ids));
    Path y = file("data/sub/y.jsonl", lines("y", 200, ids));

    CliRunner.Run run = loadsEachRecordOnce(newTable("overlap"), ids, dir.resolve("data").toString(),
        dir.resolve("data") + "/**.jsonl");

    assertThat(run.err()).contains(x + " is named 2 times; it is read once.")
        .contains(y + " is named 2 times; it is read once.");
  }

  @Test
  void aLinkToAFileAlsoNamedIsReadOnce() throws IOException {
    Set<String> ids = new TreeSet<>();
    Path a = file("a.jsonl", lines("a", 200, ids));
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), a);

    CliRunner.Run run = loadsEachRecordOnce(newTable("link"), ids, a.toString(), link.toString());

    assertThat(run.err()).contains(a + " is named 2 times (also as " + link + "); it is read once.");
  }

  @Test
  void linksBackUpTheTreeAreFollowedOnce() throws Exception {
    Set<String> ids = new TreeSet<>();
    file("data/a.jsonl", lines("a", 100, ids));
    file("data/sub/b.jsonl", lines("b", 100, ids));
    Files.createSymbolicLink(dir.resolve("data/x"), Path.of("."));
    Files.createSymbolicLink(dir.resolve("data/y"), Path.of("."));
    Files.createSymbolicLink(dir.resolve("data/sub/up"), Path.of(".."));
    long started = System.nanoTime();

    loadsEachRecordOnce(newTable("cycle"), ids, dir.resolve("data").toString());

    // Two links to "." used to make the walk exponential; now each directory is listed once.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aNamedPipeIsReadAsAStreamAndNotCheckpointed() throws Exception {
    Set<String> ids = new TreeSet<>();
    String content = lines("p", 5_000, ids);
    Path fifo = dir.resolve("pipe.jsonl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "fifo-writer");
    writer.start();

    String table = newTable("fifo");
    Path state = dir.resolve("state");
    loadsEachRecordOnce(table, ids, "--state-dir", state.toString(), fifo.toString());

    writer.join(10_000);
    // A pipe cannot be read again: no checkpoint, as for standard input.
    assertThat(state.resolve("checkpoints")).doesNotExist();
  }

  @Test
  void processSubstitutionIsReadAsAStream() throws Exception {
    Set<String> ids = new TreeSet<>();
    Path in = file("in.jsonl", lines("s", 3_000, ids));
    String table = newTable("procsub");
    Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/ddbload");
    String command = "exec " + launcher + " load --endpoint-url " + dynamo.endpoint() + " --table " + table
        + " -q --create-table --key id:S --format jsonl <(cat " + in + ")";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
    pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());

    Process p = pb.start();

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(launchedOutput(dir)).isZero();
    assertThat(launchedOutput(dir)).contains("records read   3,000");
    assertThat(Items.scan(client, table, "id").keySet()).containsExactlyInAnyOrderElementsOf(ids);
  }
}
