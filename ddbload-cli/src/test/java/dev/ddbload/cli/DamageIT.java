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
 * record before it in the table, the other files loaded, exit code 1.
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

  /** Loads {@code damaged} and a good file; checks the one reject and the records before it. */
  private JsonNode loadsUpToTheDamage(String table, Path damaged, String... options) throws IOException {
    Path rejectsFile = dir.resolve("rejects-" + table + ".jsonl");
    String[] args = new String[options.length + 4];
    System.arraycopy(options, 0, args, 0, options.length);
    args[options.length] = "--rejects";
    args[options.length + 1] = rejectsFile.toString();
    args[options.length + 2] = damaged.toString();
    args[options.length + 3] = goodFile().toString();

    CliRunner.Run run = load(table, args);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
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
    assertThat(reject.get("message").asText()).contains("Unexpected end of ZLIB input stream");
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
    assertThat(reject.get("message").asText()).contains("Truncated source");
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

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
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
}
