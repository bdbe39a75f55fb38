package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.columnar.LakeFixtures;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.DatasetOptions;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.s3.LocalS3Fixture;
import dev.ddbload.source.table.DeltaTable;
import dev.ddbload.source.table.IcebergTable;
import dev.ddbload.testkit.Items;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A partitioned Parquet dataset and a Delta Lake table in S3Proxy, loaded by prefix through
 * ranged reads.
 */
class LakeS3IT extends LocalDynamoLoads {

  private static final String BUCKET = "lake";
  private static final int CHUNK = 64 * 1024;

  static LocalS3Fixture fixture;

  @TempDir
  Path dir;

  @BeforeAll
  static void startS3() throws IOException {
    fixture = LocalS3Fixture.start(Duration.ofSeconds(30), BUCKET);
  }

  @AfterAll
  static void stopS3() throws IOException {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aPartitionedDatasetLoadsByPrefixReadingEachByteAboutOnce() throws Exception {
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    long stored = 0;
    int from = 0;
    for (String dt : List.of("2026-12-01", "2026-12-02", "2026-12-03")) {
      Path file = dir.resolve(dt + ".parquet");
      // Row groups of about 48 KB: several per file, read one at a time.
      for (Map<String, AttributeValue> item : LakeFixtures.writeSimple(file, from, 3000, CompressionCodecName.SNAPPY,
          48 * 1024)) {
        Map<String, AttributeValue> m = new HashMap<>(item);
        m.put("dt", AttributeValue.fromS(dt));
        expected.add(m);
      }
      from += 3000;
      byte[] bytes = Files.readAllBytes(file);
      stored += bytes.length;
      fixture.s3.put(BUCKET, "warehouse/events/dt=" + dt + "/part-00000.snappy.parquet", bytes);
    }
    fixture.s3.put(BUCKET, "warehouse/events/_SUCCESS", new byte[0]);
    DatasetOptions options = new DatasetOptions(true, List.of(new DeltaTable(OptionalLong.empty(), true),
        new IcebergTable(OptionalLong.empty())));
    List<Source> sources = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]),
        List.of(fixture.direct(CHUNK, 2)), options).resolve(List.of("s3://" + BUCKET + "/warehouse/events/"));

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(LoadOptions.builder()
        .table("lake_s3")
        .client(settings())
        .rejectsFile(dir.resolve("rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .parallelFiles(3)
        .build(), dataPlane, client)) {
      report = loader.load(sources);
    }

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(Items.scan(client, "lake_s3", "id")).isEqualTo(Items.expected(expected, "id"));
    // The footer and every row group once (the preflight's footer reads are not counted).
    assertThat(report.stats().bytesRead()).isGreaterThan(stored / 2).isLessThanOrEqualTo(stored);
  }

  @Test
  void aDeltaTableInS3LoadsItsCurrentVersionWithPartitionValuesFromTheLog() throws Exception {
    String prefix = "tables/orders/";
    Path a = dir.resolve("a.parquet");
    Path b = dir.resolve("b.parquet");
    Path c = dir.resolve("c.parquet");
    List<Map<String, AttributeValue>> itemsA = LakeFixtures.writeSimple(a, 0, 100, CompressionCodecName.SNAPPY, 8 * 1024);
    List<Map<String, AttributeValue>> itemsB = LakeFixtures.writeSimple(b, 100, 100, CompressionCodecName.SNAPPY,
        8 * 1024);
    List<Map<String, AttributeValue>> itemsC = LakeFixtures.writeSimple(c, 200, 30, CompressionCodecName.SNAPPY,
        8 * 1024);
    // Data files where Delta puts them (partition directories), and ones the log no longer names.
    fixture.s3.put(BUCKET, prefix + "year=2025/part-a.snappy.parquet", a);
    fixture.s3.put(BUCKET, prefix + "year=2026/part-b%20x.snappy.parquet", b);
    fixture.s3.put(BUCKET, prefix + "year=2026/part-c.snappy.parquet", c);
    String schema = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"},"
        + "{\\\"name\\\":\\\"year\\\",\\\"type\\\":\\\"integer\\\"}]}";
    fixture.s3.put(BUCKET, prefix + "_delta_log/00000000000000000000.json", String.join("\n",
        "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}",
        "{\"metaData\":{\"id\":\"t\",\"format\":{\"provider\":\"parquet\"},\"schemaString\":\"" + schema
            + "\",\"partitionColumns\":[\"year\"],\"configuration\":{}}}",
        add("year=2025/part-a.snappy.parquet", "2025"),
        add("year=2026/part-b%2520x.snappy.parquet", "2026")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    fixture.s3.put(BUCKET, prefix + "_delta_log/00000000000000000001.json", String.join("\n",
        "{\"remove\":{\"path\":\"year=2025/part-a.snappy.parquet\",\"dataChange\":true}}",
        add("year=2026/part-c.snappy.parquet", "2026")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    DatasetOptions options = new DatasetOptions(true, List.of(new DeltaTable(OptionalLong.empty(), true),
        new IcebergTable(OptionalLong.empty())));
    List<Source> sources = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]),
        List.of(fixture.direct(CHUNK, 2)), options).resolve(List.of("s3://" + BUCKET + "/" + prefix));

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(LoadOptions.builder()
        .table("lake_s3_delta")
        .client(settings())
        .rejectsFile(dir.resolve("delta-rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .build(), dataPlane, client)) {
      report = loader.load(sources);
    }

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (List<Map<String, AttributeValue>> items : List.of(itemsB, itemsC)) {
      for (Map<String, AttributeValue> item : items) {
        Map<String, AttributeValue> m = new HashMap<>(item);
        m.put("year", AttributeValue.fromN("2026")); // typed by the table's schema
        expected.add(m);
      }
    }
    assertThat(Items.scan(client, "lake_s3_delta", "id")).isEqualTo(Items.expected(expected, "id"));
  }

  private static String add(String path, String year) {
    return "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{\"year\":\"" + year
        + "\"},\"size\":1,\"modificationTime\":0,\"dataChange\":true}}";
  }
}
