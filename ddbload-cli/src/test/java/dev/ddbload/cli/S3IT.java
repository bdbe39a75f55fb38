package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.s3.LocalS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddbload load} from S3Proxy into DynamoDB Local: single objects, prefixes of part files
 * with markers, commit manifests, gzip, a DynamoDB export and list manifests stored in S3, and
 * the errors a user can fix. Each test compares the scanned table with the input.
 */
class S3IT extends LocalDynamoCli {

  private static final String BUCKET = "cli";

  static LocalS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = LocalS3.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** {@code load} reading S3 from S3Proxy, path-style. */
  private static CliRunner.Run loadFromS3(String table, String... more) {
    List<String> args = new ArrayList<>(List.of("--s3-endpoint-url", s3.endpoint().toString(), "--s3-path-style"));
    args.addAll(List.of(more));
    return load(table, args.toArray(new String[0]));
  }

  /** JSON lines {@code {"id":"<prefix><i>","n":i}}, and what the table should hold for them. */
  private static final class Records {
    final StringBuilder text = new StringBuilder();
    final Map<String, Object> expected = new TreeMap<>();

    Records add(String prefix, int count) {
      for (int i = 0; i < count; i++) {
        String id = prefix + i;
        text.append("{\"id\":\"").append(id).append("\",\"n\":").append(i).append("}\n");
        expected.put(id, Map.of("id", "S:" + id, "n", "N:" + i));
      }
      return this;
    }

    byte[] bytes() {
      byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
      text.setLength(0);
      return b;
    }
  }

  private static void put(String key, byte[] content) {
    s3.put(BUCKET, key, content);
  }

  private static void put(String key, String content) {
    put(key, content.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void aSingleObject() {
    String table = newTable("s3_single");
    put("single/books.csv", "id,title,year\nb1,Dune,1965\nb2,Emma,1815\n");

    CliRunner.Run run = loadFromS3(table, "--s3-region", "eu-west-1", "--schema", "year:N",
        "s3://" + BUCKET + "/single/books.csv");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id")).isEqualTo(Map.of(
        "b1", Map.of("id", "S:b1", "title", "S:Dune", "year", "N:1965"),
        "b2", Map.of("id", "S:b2", "title", "S:Emma", "year", "N:1815")));
  }

  @Test
  void aPrefixOfManyPartFilesSkipsMarkersAndChecksums() {
    String table = newTable("s3_prefix");
    Records records = new Records();
    for (int part = 0; part < 24; part++) {
      put(String.format("spark/out/part-%05d-c000.json", part), records.add("p" + part + "-", 25).bytes());
    }
    put("spark/out/year=2024/part-00000-c000.json", records.add("y-", 10).bytes());
    for (int i = 0; i < 10; i++) { // a partition directory gives its column
      records.expected.put("y-" + i, Map.of("id", "S:y-" + i, "n", "N:" + i, "year", "S:2024"));
    }
    put("spark/out/_SUCCESS", "");
    put("spark/out/_started_42", "");
    put("spark/out/.part-00000-c000.json.crc", "garbage");
    put("spark/out/part-00000-c000.json.crc", "garbage");
    put("spark/out/_temporary/0/part-00099-c000.json", "{\"id\":\"temporary\"}\n");
    put("spark/outside.json", "{\"id\":\"outside\"}\n");

    CliRunner.Run run = loadFromS3(table, "--format", "jsonl", "s3://" + BUCKET + "/spark/out/");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id")).isEqualTo(records.expected);
  }

  @Test
  void aCommitMarkerLoadsOnlyTheFilesItListsWhetherThePrefixOrTheMarkerIsNamed() {
    Records committed = new Records();
    put("commit/out/part-00000-tid-1-c000.json", committed.add("a", 30).bytes());
    put("commit/out/part-00001-tid-1-c000.json", committed.add("b", 30).bytes());
    put("commit/out/part-00000-tid-2-c000.json", "{\"id\":\"uncommitted\"}\n");
    put("commit/out/_started_1", "");
    put("commit/out/_committed_1", "{\"added\":[\"part-00000-tid-1-c000.json\",\"part-00001-tid-1-c000.json\"],"
        + "\"removed\":[]}");

    for (String input : new String[] {"s3://" + BUCKET + "/commit/out", "s3://" + BUCKET + "/commit/out/_committed_1"}) {
      String table = newTable("s3_commit");
      CliRunner.Run run = loadFromS3(table, input);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(Items.scan(client, table, "id")).as(input).isEqualTo(committed.expected);
    }
  }

  @Test
  void aGzipObjectSpanningManyChunks() throws IOException {
    String table = newTable("s3_gzip");
    Records records = new Records();
    byte[] first = gzip(records.add("first-", 800).bytes());
    byte[] second = gzip(records.add("second-", 800).bytes());
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    members.write(first);
    members.write(second);
    put("gz/events.jsonl.gz", members.toByteArray());
    assertThat(members.size()).isGreaterThan(3 * 1024);

    CliRunner.Run run = loadFromS3(table, "--s3-chunk-size", "1KB", "s3://" + BUCKET + "/gz/events.jsonl.gz");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id")).isEqualTo(records.expected);
  }

  @Test
  void aDynamoDbExportPrefix() throws IOException {
    String exportId = "01700000000000-f00dfeed";
    String dir = "exports/AWSDynamoDB/" + exportId + "/";
    Map<String, Object> expected = new TreeMap<>();
    StringBuilder manifest = new StringBuilder();
    for (int part = 0; part < 3; part++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        String id = "e" + part + "-" + i;
        text.append("{\"Item\":{\"id\":{\"S\":\"").append(id).append("\"},\"tags\":{\"SS\":[\"x\",\"y\"]}}}\n");
        expected.put(id, Map.of("id", "S:" + id, "tags", "[x, y]:SS"));
      }
      String key = dir + "data/part" + part + ".json.gz";
      put(key, gzip(text.toString().getBytes(StandardCharsets.UTF_8)));
      manifest.append("{\"itemCount\":40,\"md5Checksum\":\"x\",\"etag\":\"y\",\"dataFileS3Key\":\"").append(key)
          .append("\"}\n");
    }
    put(dir + "data/stray.json.gz", "not listed in the manifest");
    put(dir + "manifest-files.json", manifest.toString());
    put(dir + "manifest-summary.json", "{\"version\":\"2020-06-30\",\"s3Bucket\":\"" + BUCKET + "\","
        + "\"s3Prefix\":\"exports\",\"manifestFilesS3Key\":\"" + dir + "manifest-files.json\",\"itemCount\":120,"
        + "\"outputFormat\":\"DYNAMODB_JSON\"}");
    put(dir + "_started", "");

    for (String input : new String[] {"s3://" + BUCKET + "/exports/", "s3://" + BUCKET + "/" + dir + "manifest-files.json"}) {
      String table = newTable("s3_export");
      CliRunner.Run run = loadFromS3(table, input);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(Items.scan(client, table, "id")).as(input).isEqualTo(expected);
    }
  }

  /**
   * A load stopped part-way through an object (by {@code --max-errors}, a fatal stop) leaves a
   * checkpoint; the next run reads the object on from the checkpoint's byte offset by ranged GETs,
   * passes over what was finished, and rejects nothing twice.
   */
  @Test
  void aLoadStoppedInsideAnObjectResumesFromItsByteOffset(@TempDir Path dir) throws IOException {
    String table = newTable("s3_resume");
    int records = 30_000;
    StringBuilder text = new StringBuilder();
    Map<String, Object> expected = new TreeMap<>();
    for (int i = 0; i < records; i++) {
      if (i >= 18_000 && i < 18_003) {
        text.append("{\"id\":\"bad").append(i).append("\",\n");
        continue;
      }
      text.append("{\"id\":\"r").append(i).append("\",\"n\":").append(i).append("}\n");
      expected.put("r" + i, Map.of("id", "S:r" + i, "n", "N:" + i));
    }
    byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
    put("resume/data.jsonl", content);
    String[] args = {"--state-dir", dir.resolve("state").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--report", dir.resolve("report.json").toString(), "--max-errors", "3", "--shuffle-window", "1000",
        "--s3-chunk-size", "64KB", "s3://" + BUCKET + "/resume/data.jsonl"};

    CliRunner.Run first = loadFromS3(table, args);

    assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
    assertThat(first.out()).contains("run the same command to resume");

    CliRunner.Run second = loadFromS3(table, args);

    // Done, with the job's rejects (the first run's): the rejects file lists them.
    assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    assertThat(report.get("rejected").asLong()).isEqualTo(3);
    assertThat(report.get("rejectedEarlier").asLong()).isEqualTo(3);
    assertThat(report.get("skipped").asLong()).isGreaterThan(15_000);
    // Read from the checkpoint's offset on, not from the start of the object.
    assertThat(report.get("bytesRead").asLong()).isPositive().isLessThan(content.length / 2);
    assertThat(Items.scan(client, table, "id")).isEqualTo(expected);
    // The first run's ABORTED rejects were dropped: their records were read again and written.
    List<String> bad = new ArrayList<>();
    for (JsonNode r : rejects(dir.resolve("rejects.jsonl"))) {
      assertThat(r.get("reason").asText()).isEqualTo("MALFORMED");
      bad.add(r.get("line").asText());
    }
    assertThat(bad).containsExactlyInAnyOrder("18001", "18002", "18003");
  }

  @Test
  void aListManifestStoredInS3NamesRelativeKeysAndUris() {
    String table = newTable("s3_list");
    Records records = new Records();
    put("lists/data/one.jsonl", records.add("one-", 5).bytes());
    put("elsewhere/two.jsonl", records.add("two-", 5).bytes());
    put("lists/inputs.txt", "# what to load\ndata/one.jsonl\ns3://" + BUCKET + "/elsewhere/two.jsonl\n");

    CliRunner.Run run = loadFromS3(table, "--manifest", "s3://" + BUCKET + "/lists/inputs.txt");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id")).isEqualTo(records.expected);
  }

  @Test
  void aMissingObjectOrBucketIsOneSentenceAndNothingIsWritten() {
    CliRunner.Run missingKey = loadFromS3(newTable("s3_missing"), "s3://" + BUCKET + "/no/such.csv");
    CliRunner.Run missingBucket = loadFromS3(newTable("s3_missing"), "s3://no-such-bucket/data.csv");

    assertThat(missingKey.exitCode()).as(missingKey.toString()).isEqualTo(2);
    assertThat(missingKey.err()).isEqualTo("ddbload: Input s3://" + BUCKET + "/no/such.csv does not exist.\n");
    assertThat(missingBucket.exitCode()).as(missingBucket.toString()).isEqualTo(2);
    assertThat(missingBucket.err())
        .isEqualTo("ddbload: Bucket no-such-bucket (of s3://no-such-bucket/data.csv) does not exist.\n");
  }

  @Test
  void anUnreachableS3EndpointIsOneSentence() {
    int closed = LocalDynamo.freePort();

    CliRunner.Run run = load(newTable("s3_unreachable"), "--s3-endpoint-url", "http://127.0.0.1:" + closed,
        "s3://" + BUCKET + "/x.csv");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).startsWith("ddbload: S3 (http://127.0.0.1:" + closed + ") could not look up s3://"
        + BUCKET + "/x.csv: ").endsWith(".\n").hasLineCount(1);
  }

  @Test
  void aChunkSizeOutOfRangeIsAUsageError() {
    CliRunner.Run run = loadFromS3(newTable("s3_chunk"), "--s3-chunk-size", "100", "s3://" + BUCKET + "/x.csv");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("ddbload: Invalid option: the S3 chunk size must be 1KB to 1GB, not 100 bytes.\n");
  }
}
