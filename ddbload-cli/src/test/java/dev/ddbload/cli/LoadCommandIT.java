package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.Items;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ddbload load} run in-process against DynamoDB Local; outcomes read back from the table. */
class LoadCommandIT extends LocalDynamoCli {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String newTable() {
    return newTable("it");
  }

  private String[] args(String table, String... more) {
    List<String> a = new ArrayList<>(List.of("load", "--endpoint-url", dynamo.endpoint().toString(),
        "--table", table, "-q"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void csvFromSeveralFilesLandsExactly() throws IOException {
    String table = newTable();
    Random random = new Random(1);
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    List<String> files = new ArrayList<>();
    int id = 0;
    for (int f = 0; f < 3; f++) {
      StringBuilder csv = new StringBuilder("id,count,price,active,tags,note,blob,meta\n");
      for (int r = 0; r < 3_400; r++, id++) {
        expected.add(csvRow(csv, id, random));
      }
      Path file = dir.resolve("part-" + f + ".csv");
      Files.writeString(file, csv.toString());
      files.add(file.toString());
    }

    List<String> a = new ArrayList<>(List.of(args(table, "--create-table", "--key", "id:S",
        "--schema", "count:N,price:N,active:BOOL,tags:SS,blob:B,meta:JSON")));
    a.addAll(files);
    CliRunner.Run run = CliRunner.run(a.toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("records read   10,200").contains("written        10,200")
        .contains("rejected       0");
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(expected, "id"));
  }

  /** Appends one CSV row and returns the item it must become. */
  private static Map<String, AttributeValue> csvRow(StringBuilder csv, int id, Random random) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    String key = String.format("id-%05d", id);
    item.put("id", AttributeValue.fromS(key));
    long count = random.nextInt(2_000_000) - 1_000_000;
    item.put("count", AttributeValue.fromN(Long.toString(count)));
    String price = (random.nextInt(100_000)) + "." + String.format("%02d", random.nextInt(100));
    item.put("price", AttributeValue.fromN(price));
    boolean active = random.nextBoolean();
    String activeCell = random.nextBoolean() ? Boolean.toString(active).toUpperCase() : Boolean.toString(active);
    item.put("active", AttributeValue.fromBool(active));
    String tags = "";
    if (random.nextInt(4) > 0) {
      List<String> t = List.of("red", "green", "blue", "x y").subList(0, 1 + random.nextInt(4));
      tags = String.join(";", t);
      item.put("tags", AttributeValue.fromSs(t));
    }
    String noteCell = "";
    switch (random.nextInt(4)) {
      case 0:
        break; // empty: omitted
      case 1:
        item.put("note", AttributeValue.fromS("plain " + id));
        noteCell = "plain " + id;
        break;
      case 2:
        item.put("note", AttributeValue.fromS("comma, \"quoted\"\nand a second line"));
        noteCell = "\"comma, \"\"quoted\"\"\nand a second line\"";
        break;
      default:
        item.put("note", AttributeValue.fromS("ünïcødé ✓ " + id));
        noteCell = "ünïcødé ✓ " + id;
    }
    String blobCell = "";
    if (random.nextBoolean()) {
      byte[] bytes = new byte[1 + random.nextInt(40)];
      random.nextBytes(bytes);
      blobCell = Base64.getEncoder().encodeToString(bytes);
      item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
    }
    int k = random.nextInt(1000);
    String metaCell = "\"{\"\"k\"\":" + k + ",\"\"l\"\":[true,null,\"\"x\"\"]}\"";
    item.put("meta", AttributeValue.fromM(Map.of("k", AttributeValue.fromN(Integer.toString(k)),
        "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true),
            AttributeValue.fromS("x"))))));
    csv.append(key).append(',').append(count).append(',').append(price).append(',').append(activeCell)
        .append(',').append(tags).append(',').append(noteCell).append(',').append(blobCell).append(',')
        .append(metaCell).append('\n');
    return item;
  }

  @Test
  void jsonLinesFromSeveralFilesLandsExactly() throws IOException {
    String table = newTable();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    List<String> files = new ArrayList<>();
    int id = 0;
    for (int f = 0; f < 3; f++) {
      StringBuilder lines = new StringBuilder();
      for (int r = 0; r < 3_400; r++, id++) {
        expected.add(jsonLine(lines, id));
      }
      Path file = dir.resolve("part-" + f + ".jsonl");
      Files.writeString(file, lines.toString());
      files.add(file.toString());
    }
    List<String> a = new ArrayList<>(List.of(args(table, "--create-table", "--key", "pk:S,sk:N")));
    a.addAll(files);

    CliRunner.Run run = CliRunner.run(a.toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("written        10,200");
    assertThat(Items.scan(client, table, "pk", "sk")).isEqualTo(Items.expected(expected, "pk", "sk"));
  }

  @Test
  void jsonLinesFromStandardInput() throws IOException {
    String table = newTable();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (int id = 0; id < 10_000; id++) {
      expected.add(jsonLine(lines, id));
    }
    Path report = dir.resolve("report.json");

    CliRunner.Run run = CliRunner.run(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)),
        args(table, "--create-table", "--key", "pk:S,sk:N", "--format", "jsonl", "--report", report.toString(),
            "-"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "pk", "sk")).isEqualTo(Items.expected(expected, "pk", "sk"));
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(json.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("recordsRead").asLong()).isEqualTo(10_000);
    assertThat(json.get("written").asLong()).isEqualTo(10_000);
    assertThat(json.get("writeUnits").asDouble()).isGreaterThanOrEqualTo(10_000);
  }

  /** Appends one JSON line with every JSON type and returns the item it must become. */
  private static Map<String, AttributeValue> jsonLine(StringBuilder lines, int id) {
    String pk = "user-" + (id % 997);
    String big = "12345678901234567890123456789012345" + String.format("%03d", id % 1000);
    lines.append("{\"pk\":\"").append(pk).append("\",\"sk\":").append(id)
        .append(",\"big\":").append(big)
        .append(",\"f\":1.5e3,\"neg\":-0.000125,\"s\":\"tab\\tquote\\\" é\",\"t\":true,\"nul\":null")
        .append(",\"arr\":[1,\"a\",{\"x\":2},[]],\"obj\":{\"a\":{\"b\":[false]}}}\n");
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS(pk));
    item.put("sk", AttributeValue.fromN(Integer.toString(id)));
    item.put("big", AttributeValue.fromN(big));
    item.put("f", AttributeValue.fromN("1500"));
    item.put("neg", AttributeValue.fromN("-0.000125"));
    item.put("s", AttributeValue.fromS("tab\tquote\" é"));
    item.put("t", AttributeValue.fromBool(true));
    item.put("nul", AttributeValue.fromNul(true));
    item.put("arr", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("a"),
        AttributeValue.fromM(Map.of("x", AttributeValue.fromN("2"))), AttributeValue.fromL(List.of()))));
    item.put("obj", AttributeValue.fromM(Map.of("a", AttributeValue.fromM(Map.of("b",
        AttributeValue.fromL(List.of(AttributeValue.fromBool(false))))))));
    return item;
  }

  @Test
  void badRecordsGoToTheRejectsFileWithTheirLinesAndTheRestIsWritten() throws IOException {
    String table = newTable();
    List<String> lines = new ArrayList<>();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add("{\"pk\":\"good-" + i + "\",\"v\":" + i + "}");
      expected.add(Map.of("pk", AttributeValue.fromS("good-" + i), "v", AttributeValue.fromN(Integer.toString(i))));
    }
    // 1-based line numbers of the bad records below: 6, 12, 18, 24, 30, 36.
    lines.set(5, "{\"v\":1}");
    lines.set(11, "{\"pk\":5,\"v\":1}");
    lines.set(17, "{\"pk\":\"big\",\"v\":\"" + "x".repeat(401 * 1024) + "\"}");
    lines.set(23, "{\"pk\":\"broken\",");
    lines.set(29, "{\"pk\":\"n39\",\"v\":123456789012345678901234567890123456789}");
    lines.set(35, "{\"pk\":\"\",\"v\":1}");
    for (int bad : new int[] {5, 11, 17, 23, 29, 35}) {
      expected.set(bad, null);
    }
    expected.removeIf(java.util.Objects::isNull);
    Path input = dir.resolve("mixed.jsonl");
    Files.write(input, lines);
    Path rejects = dir.resolve("rejects.jsonl");
    Path report = dir.resolve("report.json");

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", "--rejects", rejects.toString(),
        "--report", report.toString(), input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("rejected       6").contains("rejects file   " + rejects);
    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(expected, "pk"));
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(rejects)) {
      entries.add(JSON.readTree(line));
    }
    assertThat(entries).extracting(e -> e.get("line").asLong()).containsExactly(6L, 12L, 18L, 24L, 30L, 36L);
    assertThat(entries).extracting(e -> e.get("reason").asText())
        .containsExactly("MISSING_KEY", "KEY_TYPE", "ITEM_TOO_LARGE", "MALFORMED", "BAD_NUMBER", "BAD_KEY");
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.get("source").asText()).isEqualTo(input.toString());
      assertThat(e.get("message").asText()).isNotBlank();
    });
    assertThat(entries.get(0).get("record").asText()).isEqualTo("{\"v\":1}");
    assertThat(entries.get(3).get("record").asText()).isEqualTo("{\"pk\":\"broken\",");
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(json.get("recordsRead").asLong()).isEqualTo(40);
    assertThat(json.get("written").asLong() + json.get("rejected").asLong() + json.get("superseded").asLong())
        .isEqualTo(40);
    assertThat(json.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
  }

  @Test
  void csvBadCellsAreRejectedWithTheirLines() throws IOException {
    String table = newTable();
    Path input = dir.resolve("books.csv");
    Files.writeString(input, "isbn,year,in_stock\n"
        + "a1,1999,true\n"
        + "a2,nineteen,true\n"
        + "a3,2001,maybe\n"
        + ",2002,false\n"
        + "a5,2003\n"
        + "\"a6\",\"2004\",\"FALSE\"\n");
    Path rejects = dir.resolve("csv-rejects.jsonl");

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "isbn:S", "--schema",
        "year:N,in_stock:BOOL", "--rejects", rejects.toString(), input.toString()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(Items.scan(client, table, "isbn")).containsOnlyKeys("a1", "a6");
    List<String> rejected = Files.readAllLines(rejects);
    assertThat(rejected).hasSize(4);
    assertThat(rejected.get(0)).contains("\"line\":3").contains("BAD_NUMBER").contains("a2,nineteen,true");
    assertThat(rejected.get(1)).contains("\"line\":4").contains("BAD_VALUE").contains("in_stock");
    assertThat(rejected.get(2)).contains("\"line\":5").contains("MISSING_KEY");
    assertThat(rejected.get(3)).contains("\"line\":6").contains("MALFORMED");
  }

  @Test
  void missingTableIsOneClearSentenceAndExit2() throws IOException {
    Path input = dir.resolve("x.jsonl");
    Files.writeString(input, "{\"pk\":\"a\"}\n");

    CliRunner.Run run = CliRunner.run(args("no_such_table", input.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("ddbload: Table no_such_table does not exist")
        .contains("--create-table").doesNotContain("Exception").hasLineCount(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badSchemaIsOneClearSentenceAndExit2WithNothingWritten() throws IOException {
    String table = newTable();
    Path input = dir.resolve("x.csv");
    Files.writeString(input, "id,n\na,1\n");

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "id:S", "--schema", "n:NUMBER",
        input.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).contains("n:NUMBER").contains("S, N, BOOL, B, NULL, SS, NS, JSON")
        .doesNotContain("Exception").hasLineCount(1);
    assertThat(client.listTables().tableNames()).doesNotContain(table);
  }

  @Test
  void unreadableFileIsOneClearSentenceAndExit2WithNothingWritten() throws IOException {
    String table = newTable();
    Path good = dir.resolve("good.csv");
    Files.writeString(good, "id\na\n");
    Path unreadable = dir.resolve("unreadable.csv");
    if ("root".equals(System.getProperty("user.name"))) {
      // Permissions do not stop root; a file whose reads fail does.
      Files.createSymbolicLink(unreadable, Path.of("/proc/self/mem"));
    } else {
      Files.writeString(unreadable, "id\nb\n");
      unreadable.toFile().setReadable(false, false);
    }

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "id:S", good.toString(),
        unreadable.toString()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("ddbload: Input " + unreadable).doesNotContain("Exception:")
        .hasLineCount(1);
    assertThat(Items.scan(client, table, "id")).isEmpty();
  }

  @Test
  void nonexistentInputIsExit2() {
    CliRunner.Run run = CliRunner.run(args(newTable(), dir.resolve("nope.csv").toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("does not exist");
  }

  @Test
  void directoryInputSkipsHiddenAndMarkerFiles() throws IOException {
    String table = newTable();
    Path data = Files.createDirectories(dir.resolve("out"));
    Files.writeString(data.resolve("part-00000.jsonl"), "{\"pk\":\"a\"}\n{\"pk\":\"b\"}\n");
    Files.writeString(data.resolve("part-00001.jsonl"), "{\"pk\":\"c\"}\n");
    Files.writeString(data.resolve("_SUCCESS"), "");
    Files.writeString(data.resolve(".part-00000.jsonl.crc"), "garbage");

    CliRunner.Run run = CliRunner.run(args(table, "--create-table", "--key", "pk:S", data.toString()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "pk")).containsOnlyKeys("a", "b", "c");
  }
}
