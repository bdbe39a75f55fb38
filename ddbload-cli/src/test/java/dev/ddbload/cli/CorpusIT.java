package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.testkit.Items;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The corpus of malformed and awkward inputs ({@code src/test/resources/corpus/<case>/}, described
 * in its README.md): each case is loaded into its own table of DynamoDB Local with the options in
 * its {@code args}, and the scanned table, the rejects file, the exit code and the output are
 * compared with the case's expected files exactly. {@code -Dcorpus.record=true} writes the actual
 * table and rejects as the expected files instead (to review before committing).
 */
class CorpusIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean RECORD = Boolean.getBoolean("corpus.record");

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicTest> everyCaseLoadsAsExpected() throws IOException, URISyntaxException {
    Path corpus = Path.of(getClass().getResource("/corpus").toURI());
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(corpus)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(c)));
  }

  private void run(Path source) throws IOException, InterruptedException {
    String name = source.getFileName().toString();
    Path dir = work.resolve(name);
    copy(source, dir);
    Path setup = dir.resolve("setup.sh");
    if (Files.exists(setup)) {
      Process p = new ProcessBuilder("bash", setup.toString()).directory(dir.toFile()).inheritIO().start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("setup.sh of " + name).isZero();
    }
    String table = newTable("corpus_" + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
    Path rejects = work.resolve(name + "-rejects.jsonl");
    List<String> args = new ArrayList<>(List.of("load", "--endpoint-url", dynamo.endpoint().toString(), "--table", table,
        "-q", "--state-dir", work.resolve(name + "-state").toString(), "--rejects", rejects.toString()));
    List<String> caseArgs = args(dir);
    if (!caseArgs.contains("--key")) {
      args.addAll(List.of("--create-table", "--key", "id:S"));
    }
    args.addAll(caseArgs);

    CliRunner.Run run = CliRunner.run(args.toArray(new String[0]));

    List<String> items = tableLines(table);
    List<String> rejected = rejectLines(rejects, dir);
    if (RECORD) {
      Path src = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "corpus", name);
      Files.writeString(src.resolve("expected-exit"), run.exitCode() + "\n");
      write(src.resolve("expected-table.jsonl"), items);
      write(src.resolve("expected-rejects.jsonl"), rejected);
      Path outputs = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "corpus-record"));
      Files.writeString(outputs.resolve(name + ".txt"), run.toString());
      return;
    }
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Integer.parseInt(read(dir.resolve("expected-exit")).strip()));
    assertThat(items).as("table of " + name).isEqualTo(lines(dir.resolve("expected-table.jsonl")));
    assertThat(rejected).as("rejects of " + name).isEqualTo(lines(dir.resolve("expected-rejects.jsonl")));
    for (String expected : lines(dir.resolve("expected-output.txt"))) {
      assertThat(run.out() + run.err()).as(run.toString()).contains(expected);
    }
  }

  /**
   * The case's arguments: one per line, comment lines ({@code # } and text) and blank lines
   * skipped, {@code ${dir}} its copy.
   */
  private static List<String> args(Path dir) throws IOException {
    List<String> args = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("args"), StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("# ")) {
        args.add(line.replace("${dir}", dir.toString()));
      }
    }
    return args;
  }

  /** Every item, as DynamoDB JSON with names sorted, one per line, sorted (none when the table was never made). */
  private List<String> tableLines(String table) {
    List<String> items = new ArrayList<>();
    if (client.listTables().tableNames().stream().noneMatch(table::equals)) {
      return items;
    }
    for (Map<String, AttributeValue> item : Items.all(client, table)) {
      items.add(canonical(item).toString());
    }
    items.sort(Comparator.naturalOrder());
    return items;
  }

  private static ObjectNode canonical(Map<String, AttributeValue> item) {
    ObjectNode o = JSON.createObjectNode();
    new TreeMap<>(item).forEach((k, v) -> o.set(k, canonical(v)));
    return o;
  }

  private static JsonNode canonical(AttributeValue v) {
    ObjectNode o = JSON.createObjectNode();
    switch (v.type()) {
      case S -> o.put("S", v.s());
      case N -> o.put("N", v.n());
      case B -> o.put("B", v.b().asByteArray());
      case BOOL -> o.put("BOOL", v.bool());
      case NUL -> o.put("NULL", true);
      case SS -> v.ss().stream().sorted().forEach(o.putArray("SS")::add);
      case NS -> v.ns().stream().sorted().forEach(o.putArray("NS")::add);
      case BS -> v.bs().stream().map(b -> java.util.Base64.getEncoder().encodeToString(b.asByteArray())).sorted()
          .forEach(o.putArray("BS")::add);
      case L -> v.l().forEach(e -> o.withArray("L").add(canonical(e)));
      case M -> o.set("M", canonical(v.m()));
      default -> throw new IllegalStateException("unknown type " + v.type());
    }
    return o;
  }

  /** The rejects, sources relative to the case's directory, sorted by source and index. */
  private static List<String> rejectLines(Path rejects, Path dir) throws IOException {
    if (!Files.exists(rejects)) {
      return List.of();
    }
    List<ObjectNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(rejects, StandardCharsets.UTF_8)) {
      ObjectNode entry = (ObjectNode) JSON.readTree(line);
      String source = entry.get("source").asText();
      entry.put("source", source.startsWith(dir + "/") ? source.substring(dir.toString().length() + 1) : source);
      entries.add(entry);
    }
    entries.sort(Comparator.comparing((ObjectNode e) -> e.get("source").asText())
        .thenComparingLong(e -> e.get("index").asLong()));
    return entries.stream().map(ObjectNode::toString).toList();
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      all.forEach(p -> {
        try {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
