package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.compress.Compression;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.compress.Compressors;
import dev.ddbload.decode.Format;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.testkit.Items;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB incremental exports applied to a table loaded from the full export before them, in the
 * layout AWS's export output documentation describes: each export's
 * {@code <prefix>/AWSDynamoDB/<exportId>/} holds {@code manifest-summary.json} ({@code exportType}
 * {@code INCREMENTAL_EXPORT}, {@code exportFromTime}, {@code exportToTime}, {@code outputView}),
 * {@code manifest-files.json} and {@code _started}, and the data files lie in the
 * {@code AWSDynamoDB/data/} folder the incremental exports share. Each line is
 * {@code {"Metadata":{"WriteTimestampMicros":...},"Keys":...,"NewImage":...,"OldImage":...}}; a
 * delete has no {@code NewImage}. Two exports in a row: updates, deletes, a new item, a key put
 * then deleted and a key deleted then put again across them. The table must end exactly as the
 * changes applied in order to the base items make it.
 */
class IncrementalExportIT extends LocalDynamoLoads {

  private static final String FULL_ID = "01700000000000-a1b2c3d4";
  private static final String FIRST_ID = "01700000900000-b2c3d4e5";
  private static final String SECOND_ID = "01700001800000-c3d4e5f6";
  private static final String PREFIX = "backups/";

  @TempDir
  Path dir;

  /** One change line: keys, and the new image or null for a delete. */
  private record Change(Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage,
      Map<String, AttributeValue> oldImage) {}

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"DDB_JSON", "ION"})
  void incrementalExportsAppliedToTheBaseTableGiveTheNewerState(Format output) throws Exception {
    Path root = dir.resolve("bucket");
    List<Map<String, AttributeValue>> base = SampleItems.forFormat(output, 30);
    Path fullDir = writeFullExport(root, base, output);
    List<List<Change>> exports = changes(base);
    Path first = writeIncrementalExport(root, FIRST_ID, exports.get(0), output);
    Path second = writeIncrementalExport(root, SECOND_ID, exports.get(1), output);
    String table = "changes_" + output.name().toLowerCase();

    LoadReport baseLoad = load(table, List.of(fullDir.toString()));
    assertThat(baseLoad.status()).as(baseLoad.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(base, "id"));

    // The two exports in order, each named by its summary or its directory; read with every
    // reader a load may have, which a load of changes reads one source at a time.
    LoadReport report = load(table, List.of(first.resolve("manifest-summary.json").toString(), second.toString()));

    int lines = exports.get(0).size() + exports.get(1).size();
    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().recordsRead()).isEqualTo(lines);
    // Changes of one key that meet in one open batch leave the last (superseded, not written).
    assertThat(report.stats().written() + report.stats().superseded()).isEqualTo(lines);
    assertThat(report.stats().rejected()).isZero();
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(applied(base, exports), "id"));
  }

  @Test
  void thePrefixHoldingTheFullAndIncrementalExportsLoadsThemInExportOrder() throws Exception {
    Path root = dir.resolve("bucket");
    List<Map<String, AttributeValue>> base = SampleItems.forFormat(Format.DDB_JSON, 30);
    writeFullExport(root, base, Format.DDB_JSON);
    List<List<Change>> exports = changes(base);
    writeIncrementalExport(root, FIRST_ID, exports.get(0), Format.DDB_JSON);
    writeIncrementalExport(root, SECOND_ID, exports.get(1), Format.DDB_JSON);
    // A data file of a later export not copied here: in the shared folder, named by no manifest.
    Files.writeString(root.resolve(PREFIX + "AWSDynamoDB/data/stray.json.gz"), "garbage");

    List<Source> sources = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]))
        .resolve(List.of(root.toString()));
    LoadReport report = load("changes_prefix", sources);

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().recordsRead())
        .isEqualTo(base.size() + exports.get(0).size() + exports.get(1).size());
    assertThat(Items.scan(client, "changes_prefix", "id")).isEqualTo(Items.expected(applied(base, exports), "id"));
  }

  @Test
  void changesInUpdateModeAreRefusedBeforeAnythingIsRead() throws Exception {
    Path root = dir.resolve("bucket");
    List<Map<String, AttributeValue>> base = SampleItems.forFormat(Format.DDB_JSON, 12);
    Path export = writeIncrementalExport(root, FIRST_ID, changes(base).get(1), Format.DDB_JSON);
    List<Source> sources = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]))
        .resolve(List.of(export.toString()));

    try (BulkLoader loader = BulkLoader.create(LoadOptions.builder()
        .table("changes_update")
        .client(settings())
        .rejectsFile(dir.resolve("update-rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .mode(WriteMode.UPDATE)
        .build(), dataPlane, client)) {
      assertThatThrownBy(() -> loader.load(sources))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("ddb-changes")
          .hasMessageContaining("mode PUT");
    }
    assertThat(Items.scan(client, "changes_update", "id")).isEmpty();
  }

  /**
   * Two exports' changes of the base items: the first updates (a whole new image, one attribute
   * dropped), deletes, adds a new item, adds a key the second deletes, deletes a key the second
   * puts again; the second also updates again, deletes what the first updated, and deletes a key
   * the table never held. Each export holds a key at most once, as DynamoDB's exports do.
   */
  private static List<List<Change>> changes(List<Map<String, AttributeValue>> base) {
    List<Change> first = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Map<String, AttributeValue> image = new LinkedHashMap<>(base.get(i));
      image.put("n", AttributeValue.fromN(Integer.toString(1000 + i)));
      image.put("note", AttributeValue.fromS("updated " + i));
      image.remove("ss");
      first.add(put(image, base.get(i)));
    }
    for (int i = 6; i < 10; i++) {
      first.add(delete(base.get(i)));
    }
    first.add(delete(base.get(10)));
    first.add(put(item("id-0100", "new in the first export"), null));
    first.add(put(item("id-0101", "put, then deleted by the second export"), null));

    List<Change> second = new ArrayList<>();
    second.add(delete(item("id-0101", "put, then deleted by the second export")));
    second.add(put(item(key(base.get(10)), "deleted by the first export, put again"), null));
    Map<String, AttributeValue> again = new LinkedHashMap<>(first.get(0).newImage());
    again.put("n", AttributeValue.fromN("999"));
    second.add(put(again, first.get(0).newImage()));
    second.add(delete(first.get(2).newImage()));
    second.add(put(item("id-0102", "new in the second export"), null));
    second.add(new Change(Map.of("id", AttributeValue.fromS("id-0200")), null, null));
    return List.of(first, second);
  }

  /** The base items with the exports' changes applied in order, as the test computes them. */
  private static List<Map<String, AttributeValue>> applied(List<Map<String, AttributeValue>> base,
      List<List<Change>> exports) {
    Map<String, Map<String, AttributeValue>> state = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : base) {
      state.put(key(item), item);
    }
    for (List<Change> export : exports) {
      for (Change c : export) {
        String id = c.keys().get("id").s();
        if (c.newImage() == null) {
          state.remove(id);
        } else {
          state.put(id, c.newImage());
        }
      }
    }
    return new ArrayList<>(state.values());
  }

  private static Change put(Map<String, AttributeValue> image, Map<String, AttributeValue> old) {
    return new Change(Map.of("id", image.get("id")), image, old);
  }

  private static Change delete(Map<String, AttributeValue> old) {
    return new Change(Map.of("id", old.get("id")), null, old);
  }

  private static Map<String, AttributeValue> item(String id, String note) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS(id));
    item.put("note", AttributeValue.fromS(note));
    item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
    return item;
  }

  private static String key(Map<String, AttributeValue> item) {
    return item.get("id").s();
  }

  private LoadReport load(String table, List<?> inputs) throws Exception {
    List<Source> sources = new ArrayList<>();
    SourceResolver resolver = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]));
    for (Object input : inputs) {
      if (input instanceof Source s) {
        sources.add(s);
      } else {
        sources.addAll(resolver.resolve(List.of((String) input)));
      }
    }
    try (BulkLoader loader = BulkLoader.create(LoadOptions.builder()
        .table(table)
        .client(settings())
        .rejectsFile(dir.resolve(table + "-rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .parallelFiles(4)
        .build(), dataPlane, client)) {
      return loader.load(sources);
    }
  }

  private static Path writeFullExport(Path root, List<Map<String, AttributeValue>> items, Format output)
      throws IOException {
    Path exportDir = Files.createDirectories(root.resolve(PREFIX + "AWSDynamoDB/" + FULL_ID + "/data")).getParent();
    String keyPrefix = PREFIX + "AWSDynamoDB/" + FULL_ID + "/";
    StringBuilder manifest = new StringBuilder();
    for (int part = 0; part < 2; part++) {
      StringBuilder text = new StringBuilder();
      int count = 0;
      for (int i = part; i < items.size(); i += 2) {
        text.append(output == Format.ION ? SampleItems.ionLine(items.get(i))
            : "{\"Item\":" + ItemJson.toJson(items.get(i)) + "}").append('\n');
        count++;
      }
      String name = "data/full" + part + extension(output);
      Files.write(exportDir.resolve(name), gzip(text.toString()));
      manifest.append(manifestLine(count, keyPrefix + name));
    }
    Files.writeString(exportDir.resolve("manifest-files.json"), manifest);
    Files.writeString(exportDir.resolve("manifest-summary.json"), summary(FULL_ID, items.size(), output, null));
    Files.writeString(exportDir.resolve("_started"), "");
    return exportDir;
  }

  /** An incremental export: manifests in its directory, data files in the shared data folder. */
  private static Path writeIncrementalExport(Path root, String exportId, List<Change> changes, Format output)
      throws IOException {
    Path exportDir = Files.createDirectories(root.resolve(PREFIX + "AWSDynamoDB/" + exportId));
    Path shared = Files.createDirectories(root.resolve(PREFIX + "AWSDynamoDB/data"));
    StringBuilder manifest = new StringBuilder();
    // Three files as partitions write them, the last empty.
    for (int part = 0; part < 3; part++) {
      StringBuilder text = new StringBuilder();
      int count = 0;
      for (int i = part; i < changes.size() && part < 2; i += 2) {
        text.append(line(changes.get(i), output, i)).append('\n');
        count++;
      }
      String name = exportId.substring(exportId.indexOf('-') + 1) + "-part" + part + extension(output);
      Files.write(shared.resolve(name), gzip(text.toString()));
      manifest.append(manifestLine(count, PREFIX + "AWSDynamoDB/data/" + name));
    }
    Files.writeString(exportDir.resolve("manifest-files.json"), manifest);
    Files.writeString(exportDir.resolve("manifest-summary.json"), summary(exportId, changes.size(), output,
        "INCREMENTAL_EXPORT"));
    Files.writeString(exportDir.resolve("_started"), "");
    return exportDir;
  }

  private static String line(Change c, Format output, int n) {
    Map<String, AttributeValue> fields = new LinkedHashMap<>();
    fields.put("Metadata", AttributeValue.fromM(Map.of("WriteTimestampMicros",
        AttributeValue.fromN(Long.toString(1_700_000_000_000_000L + n)))));
    fields.put("Keys", AttributeValue.fromM(c.keys()));
    if (c.newImage() != null) {
      fields.put("NewImage", AttributeValue.fromM(c.newImage()));
    }
    if (c.oldImage() != null) {
      fields.put("OldImage", AttributeValue.fromM(c.oldImage()));
    }
    if (output == Format.ION) {
      return SampleItems.ionStructLine(fields);
    }
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, AttributeValue> f : fields.entrySet()) {
      json.append(json.length() > 1 ? "," : "").append('"').append(f.getKey()).append("\":")
          .append(ItemJson.toJson(f.getValue().m()));
    }
    return json.append('}').toString();
  }

  private static String summary(String exportId, int itemCount, Format output, String exportType) {
    String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/T";
    return "{\"version\":\"" + (exportType == null ? "2020-06-30" : "2023-08-01") + "\",\"exportArn\":\"" + arn
        + "/export/" + exportId + "\",\"startTime\":\"2023-11-14T22:13:20.000Z\",\"endTime\":\"2023-11-14T22:20:00.000Z\","
        + "\"tableArn\":\"" + arn + "\",\"tableId\":\"12345a12-abcd-123a-ab12-1234abc12345\","
        + (exportType == null ? "\"exportTime\":\"2023-11-14T22:13:20.000Z\","
            : "\"exportFromTime\":\"2023-11-14T22:13:20.000Z\",\"exportToTime\":\"2023-11-14T22:28:20.000Z\",")
        + "\"s3Bucket\":\"bucket\",\"s3Prefix\":\"backups\",\"s3SseAlgorithm\":\"AES256\",\"s3SseKmsKeyId\":null,"
        + "\"manifestFilesS3Key\":\"" + PREFIX + "AWSDynamoDB/" + exportId + "/manifest-files.json\","
        + "\"billedSizeBytes\":1234,\"itemCount\":" + itemCount + ",\"outputFormat\":\""
        + (output == Format.ION ? "ION" : "DYNAMODB_JSON") + "\""
        + (exportType == null ? "" : ",\"outputView\":\"NEW_AND_OLD_IMAGES\",\"exportType\":\"" + exportType + "\"")
        + "}";
  }

  private static String manifestLine(int count, String key) {
    return "{\"itemCount\":" + count + ",\"md5Checksum\":\"x\",\"etag\":\"y\",\"dataFileS3Key\":\"" + key + "\"}\n";
  }

  private static String extension(Format output) {
    return output == Format.ION ? ".ion.gz" : ".json.gz";
  }

  private static byte[] gzip(String text) throws IOException {
    return Compressors.compress(Compression.GZIP, text.getBytes(StandardCharsets.UTF_8));
  }
}
