package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.ddbload.testkit.Items;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged input costs only its damaged part: one rejects entry naming the place, every good
 * record before it in the table, the other files loaded; an input not read in full is counted
 * in the summary and the report (inputs, bytes unread) and makes exit code 5.
 */
class DamageIT extends LocalDynamoCli {

  @TempDir
  Path dir;

  /** {@code n} JSON lines with ids {@code r00000}... */
  private static byte[] jsonLines(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(String.format("{\"id\":\"r%05d\",\"v\":\"value %d\"}%n", i, i).replace("\r", ""));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Path goodFile() throws IOException {
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, "{\"id\":\"other-1\"}\n{\"id\":\"other-2\"}\n");
    return good;
  }

  private static byte[] compress(byte[] data, boolean zstd) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = zstd ? new ZstdOutputStream(bytes) : new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /**
   * Loads {@code damaged} and a good file; checks the one reject, the records before it, the
   * damage counted in the summary and report, and the accounting.
   */
  private JsonNode loadsUpToTheDamage(String table, Path damaged, String... options) throws IOException {
    Path rejectsFile = dir.resolve("rejects-" + table + ".jsonl");
    Path reportFile = dir.resolve("report-" + table + ".json");
    Path good = goodFile();
    List<String> args = new java.util.ArrayList<>(List.of(options));
    args.addAll(List.of("--rejects", rejectsFile.toString(), "--report", reportFile.toString(), damaged.toString(),
        good.toString()));

    CliRunner.Run run = load(table, args.toArray(new String[0]));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.out()).contains("load finished, but some input was not read in full")
        .contains("1 input not read in full").contains(damaged + " from line ");
    JsonNode report = report(reportFile);
    assertThat(report.get("status").asText()).isEqualTo("DAMAGED_INPUT");
    assertThat(report.get("damagedInputs").asLong()).isEqualTo(1);
    assertThat(report.get("damage").get(0).get("source").asText()).isEqualTo(damaged.toString());
    assertAccounting(report, Files.size(damaged) + Files.size(good));
    List<JsonNode> rejects = rejects(rejectsFile);
    assertThat(rejects).hasSize(1);
    JsonNode reject = rejects.get(0);
    assertThat(reject.get("source").asText()).isEqualTo(damaged.toString());
    long before = reject.get("index").asLong();
    Map<String, Object> items = Items.scan(client, table, "id");
    TreeSet<String> expected = new TreeSet<>(List.of("other-1", "other-2"));
    for (int i = 0; i < before; i++) {
      expected.add(String.format("r%05d", i));
    }
    assertThat(items.keySet()).containsExactlyElementsOf(expected);
    return reject;
  }

  @Test
  void aTruncatedGzipFile() throws IOException {
    byte[] gz = compress(jsonLines(3_000), false);
    Path file = dir.resolve("cut.jsonl.gz");
    Files.write(file, Arrays.copyOf(gz, gz.length * 2 / 3));

    JsonNode reject = loadsUpToTheDamage(newTable("gz"), file);

    assertThat(reject.get("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.get("message").asText()).contains("the gzip data ends inside member 1 (the input is cut short)");
    assertThat(reject.get("index").asLong()).isBetween(1_000L, 2_999L);
    assertThat(reject.get("line").asLong()).isEqualTo(reject.get("index").asLong() + 1);
    assertThat(reject.get("offset").asLong()).isPositive();
  }

  @Test
  void aTruncatedZstdFile() throws IOException {
    byte[] zst = compress(jsonLines(10_000), true);
    Path file = dir.resolve("cut.jsonl.zst");
    Files.write(file, Arrays.copyOf(zst, zst.length * 2 / 3));

    JsonNode reject = loadsUpToTheDamage(newTable("zstd"), file);

    assertThat(reject.get("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.get("message").asText()).contains("the zstd data ends inside frame 1 (the input is cut short)");
    assertThat(reject.get("index").asLong()).isPositive();
  }

  @Test
  void aCorruptLzopBlock() throws IOException {
    byte[] lzo = Files.readAllBytes(Path.of("..", "ddbload-core", "src", "test", "resources", "lzop",
        "lines-3.lzo"));
    lzo[lzo.length - 2_000] ^= 0x5a; // inside the second block's compressed data
    Path file = dir.resolve("app.log.lzo");
    Files.write(file, lzo);
    Path rejectsFile = dir.resolve("lzop-rejects.jsonl");
    String table = newTable("lzo");

    CliRunner.Run run = load(table, "--format", "text", "--columns", "id,v", "--rejects", rejectsFile.toString(),
        file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    JsonNode reject = rejects(rejectsFile).get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.get("message").asText()).contains("lzop block 2 of member 1").contains("corrupt");
    // Every line wholly inside the first block (256 KiB) is loaded; the damage starts at the next.
    long before = reject.get("index").asLong();
    long offset = 0;
    int complete = 0;
    while (true) {
      long next = offset + String.format("key-%05d some value %d%n", complete, complete % 100).replace("\r", "").length();
      if (next > 256 * 1024) {
        break;
      }
      offset = next;
      complete++;
    }
    assertThat(before).isEqualTo(complete);
    assertThat(reject.get("offset").asLong()).isEqualTo(offset);
    assertThat(Items.scan(client, table, "id")).hasSize((int) before);
  }

  @Test
  void invalidUtf8CostsOnlyItsLine() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(jsonLines(3));
    bytes.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', 'r', (byte) 0xc3, (byte) 0x28, '"', '}', '\n'});
    Path file = dir.resolve("bad.jsonl");
    Files.write(file, bytes.toByteArray());
    Path rejectsFile = dir.resolve("utf8-rejects.jsonl");
    String table = newTable("utf8");

    CliRunner.Run run = load(table, "--rejects", rejectsFile.toString(), file.toString(), goodFile().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode reject = rejects(rejectsFile).get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("BAD_ENCODING");
    assertThat(reject.get("line").asLong()).isEqualTo(4);
    assertThat(reject.get("message").asText()).startsWith("invalid UTF-8 at byte ");
    assertThat(Items.scan(client, table, "id")).containsOnlyKeys("r00000", "r00001", "r00002", "other-1", "other-2");
  }

  @Test
  void invalidUtf8InCsvCostsOnlyItsRecord() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("id,v\nr00000,a\nr00001,b\nr00002,".getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(new byte[] {(byte) 0xff, '\n'});
    bytes.writeBytes("r00003,d\n".getBytes(StandardCharsets.US_ASCII));
    Path file = dir.resolve("bad.csv");
    Files.write(file, bytes.toByteArray());
    Path rejectsFile = dir.resolve("csv-utf8-rejects.jsonl");
    String table = newTable("csvutf8");

    CliRunner.Run run = load(table, "--rejects", rejectsFile.toString(), file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode reject = rejects(rejectsFile).get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("BAD_ENCODING");
    assertThat(reject.get("index").asLong()).isEqualTo(2);
    assertThat(reject.get("offset").asLong()).isEqualTo(23);
    assertThat(reject.get("message").asText()).isEqualTo("invalid UTF-8 at byte 30");
    assertThat(reject.get("recordBase64").asText()).isEqualTo("cjAwMDAyLP8=");
    assertThat(Items.scan(client, table, "id")).containsOnlyKeys("r00000", "r00001", "r00003");
  }

  @Test
  void aRecordLongerThanTheLimit() throws IOException {
    String big = "{\"id\":\"r00001\",\"v\":\"" + "x".repeat(5_000) + "\"}\n";
    Path file = dir.resolve("long.jsonl");
    Files.writeString(file, "{\"id\":\"r00000\"}\n" + big + "{\"id\":\"r00002\"}\n");
    Path rejectsFile = dir.resolve("long-rejects.jsonl");
    String table = newTable("long");

    CliRunner.Run run = load(table, "--max-record-bytes", "4KB", "--rejects", rejectsFile.toString(), file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode reject = rejects(rejectsFile).get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("TOO_LARGE");
    assertThat(reject.get("line").asLong()).isEqualTo(2);
    assertThat(reject.get("offset").asLong()).isEqualTo(16);
    assertThat(reject.get("message").asText()).contains("4096 bytes allowed");
    assertThat(Items.scan(client, table, "id")).containsOnlyKeys("r00000", "r00002");
  }

  /** gzip members of {@code perMember} records each, stored (not deflated) so a flipped byte keeps the format valid. */
  private static byte[][] gzipMembers(int members, int perMember) throws IOException {
    byte[][] out = new byte[members][];
    for (int m = 0; m < members; m++) {
      StringBuilder sb = new StringBuilder();
      for (int i = m * perMember; i < (m + 1) * perMember; i++) {
        sb.append("{\"id\":\"r").append(String.format("%05d", i)).append("\",\"pad\":\"pad-").append(i).append("\"}\n");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes) {
        {
          def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
        }
      }) {
        gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      out[m] = bytes.toByteArray();
    }
    return out;
  }

  /** Turns the {@code "pad"} attribute name of a record in the middle of a member into {@code "9ad"}. */
  private static void flipPadInTheMiddle(byte[] member) {
    String text = new String(member, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"pad\"", member.length / 2) + 1;
    member[at] ^= 'p' ^ '9';
  }

  private static byte[] concat(byte[][] parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    return all.toByteArray();
  }

  @Test
  void aGzipMemberThatFailsItsCrcIsNotLoadedAndTheMembersBeforeItAre() throws IOException {
    byte[][] members = gzipMembers(3, 1_000);
    flipPadInTheMiddle(members[1]);
    Path file = dir.resolve("flipped.jsonl.gz");
    Files.write(file, concat(members));
    String table = newTable("crc");

    JsonNode reject = loadsUpToTheDamage(table, file);

    assertThat(reject.get("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.get("index").asLong()).isEqualTo(1_000);
    assertThat(reject.get("line").asLong()).isEqualTo(1_001);
    assertThat(reject.get("message").asText()).contains("gzip member 2 (from byte " + String.format("%,d",
        members[0].length)).contains("its CRC-32 does not match its data")
        .contains("found by the check before loading, so nothing decoded from it was loaded");
    assertThat(Items.scan(client, table, "id").values()).noneMatch(item -> item.toString().contains("9ad"));
    JsonNode report = report(dir.resolve("report-" + table + ".json"));
    assertThat(report.get("bytesUnread").asLong()).isEqualTo(Files.size(file) - members[0].length);
    assertThat(report.get("suspectRecords").asLong()).isZero();
  }

  @Test
  void aGzipMemberThatFailsItsCrcOnStandardInputNamesTheRecordsLoadedFromIt() throws IOException {
    byte[][] members = gzipMembers(3, 1_000);
    flipPadInTheMiddle(members[1]);
    Path rejectsFile = dir.resolve("stdin-crc-rejects.jsonl");
    Path reportFile = dir.resolve("stdin-crc-report.json");
    String table = newTable("stdincrc");

    CliRunner.Run run = CliRunner.run(new java.io.ByteArrayInputStream(concat(members)), "load", "--endpoint-url",
        dynamo.endpoint().toString(), "--table", table, "-q", "--create-table", "--key", "id:S", "--format", "jsonl",
        "--rejects", rejectsFile.toString(), "--report", reportFile.toString(), "-");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    String range = "lines 1,001 to 2,000 (records 1,000 to 1,999)";
    assertThat(run.out()).contains("1,000 records were loaded from data a checksum refuted afterwards")
        .contains("-: " + range);
    JsonNode reject = rejects(rejectsFile).get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.get("index").asLong()).isEqualTo(2_000);
    assertThat(reject.get("message").asText()).contains("gzip member 2").contains("CRC-32")
        .contains("found only after " + range + " had been decoded from it").contains("load them again");
    JsonNode report = report(reportFile);
    assertThat(report.get("suspectRecords").asLong()).isEqualTo(1_000);
    JsonNode suspect = report.get("damage").get(0).get("suspect");
    assertThat(suspect.get("firstIndex").asLong()).isEqualTo(1_000);
    assertThat(suspect.get("lastIndex").asLong()).isEqualTo(1_999);
    assertThat(suspect.get("firstLine").asLong()).isEqualTo(1_001);
    // Loaded as read, the suspect range included; nothing after the refuted member.
    assertThat(Items.scan(client, table, "id")).hasSize(2_000).containsKeys("r00000", "r01999")
        .doesNotContainKey("r02000");
    assertAccounting(report, -1);
  }
}
