package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.decode.columnar.AvroFixtures;
import dev.ddbload.decode.columnar.LakeFixtures;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.DatasetOptions;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.table.DeltaTable;
import dev.ddbload.source.table.IcebergTable;
import dev.ddbload.testkit.Items;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.avro.file.CodecFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Parquet and Avro files, partitioned directories and Iceberg tables loaded through the library
 * into DynamoDB Local and scanned back (Delta Lake tables written by Spark: ddbload-spark's
 * SparkLakeIT).
 */
class LakeDatasetsIT extends LocalDynamoLoads {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private List<Source> resolve(String location, OptionalLong version, boolean partitionColumns) {
    DatasetOptions options = new DatasetOptions(partitionColumns,
        List.of(new DeltaTable(version, partitionColumns), new IcebergTable(version)));
    return new SourceResolver(() -> new ByteArrayInputStream(new byte[0]), List.of(), options).resolve(List.of(location));
  }

  private LoadReport load(String table, List<Source> sources, String schema) throws InterruptedException {
    LoadOptionsBuilder o = LoadOptions.builder()
        .table(table)
        .client(settings())
        .rejectsFile(dir.resolve(table + "-rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .concurrency(4);
    if (schema != null) {
      o.schema(dev.ddbload.item.ItemSchema.parse(schema));
    }
    try (BulkLoader loader = BulkLoader.create(o.build(), dataPlane, client)) {
      return loader.load(sources);
    }
  }

  private static List<Map<String, AttributeValue>> with(List<Map<String, AttributeValue>> items,
      Map<String, AttributeValue> extra) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (Map<String, AttributeValue> i : items) {
      Map<String, AttributeValue> m = new HashMap<>(i);
      m.putAll(extra);
      out.add(m);
    }
    return out;
  }

  @Test
  void everyParquetAndAvroTypeLandsExactly() throws Exception {
    Path data = Files.createDirectories(dir.resolve("typed"));
    List<Map<String, AttributeValue>> expected = new ArrayList<>(
        LakeFixtures.writeAllTypes(data.resolve("a.parquet"), 60, CompressionCodecName.SNAPPY));
    expected.addAll(AvroFixtures.write(data.resolve("b.avro"), 40, CodecFactory.snappyCodec()).stream()
        .map(item -> {
          Map<String, AttributeValue> m = new HashMap<>(item);
          m.put("id", m.get("id")); // ids a0.. differ from the Parquet file's r0..
          return m;
        }).toList());

    LoadReport report = load("lake_types", resolve(data.toString(), OptionalLong.empty(), true), null);

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(Items.scan(client, "lake_types", "id")).isEqualTo(Items.expected(expected, "id"));
  }

  @Test
  void aPartitionedDirectoryGivesItsColumnsAndATruncatedFileIsOneRejectWhileItsNeighboursLoad() throws Exception {
    Path root = dir.resolve("events");
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    int from = 0;
    for (String dt : List.of("2026-12-01", "2026-12-02")) {
      for (String region : List.of("eu", "us%2Fwest")) {
        Path part = Files.createDirectories(root.resolve("dt=" + dt).resolve("region=" + region));
        List<Map<String, AttributeValue>> items = LakeFixtures.writeSimple(part.resolve("part-0.snappy.parquet"), from,
            300, CompressionCodecName.SNAPPY, 8 * 1024);
        expected.addAll(with(items, Map.of("dt", AttributeValue.fromS(dt), "region",
            AttributeValue.fromS(region.replace("%2F", "/")))));
        from += 300;
      }
    }
    Path nulls = Files.createDirectories(root.resolve("dt=__HIVE_DEFAULT_PARTITION__").resolve("region=eu"));
    expected.addAll(with(LakeFixtures.writeSimple(nulls.resolve("part-0.parquet"), from, 50,
        CompressionCodecName.GZIP, 8 * 1024), Map.of("region", AttributeValue.fromS("eu"))));
    Files.writeString(root.resolve("_SUCCESS"), "");
    Path cut = root.resolve("dt=2026-12-03").resolve("region=eu").resolve("part-9.parquet");
    Files.createDirectories(cut.getParent());
    LakeFixtures.writeSimple(cut, 9_000, 100, CompressionCodecName.SNAPPY, 8 * 1024);
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 40));

    LoadReport report = load("lake_partitions", resolve(root.toString(), OptionalLong.empty(), true), null);

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.DAMAGED_INPUT);
    assertThat(report.damage()).singleElement().satisfies(d -> assertThat(d.source()).endsWith("part-9.parquet"));
    assertThat(Items.scan(client, "lake_partitions", "id")).isEqualTo(Items.expected(expected, "id"));
    List<String> rejects = Files.readAllLines(dir.resolve("lake_partitions-rejects.jsonl"));
    assertThat(rejects).hasSize(1);
    JsonNode reject = JSON.readTree(rejects.get(0));
    assertThat(reject.path("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.toString()).contains("part-9.parquet").contains("footer");
  }

  @Test
  void partitionColumnsAreTypedBySchemaAndCanBeTurnedOff() throws Exception {
    Path root = dir.resolve("typedparts");
    Path part = Files.createDirectories(root.resolve("year=2026").resolve("hot=true"));
    List<Map<String, AttributeValue>> items = LakeFixtures.writeSimple(part.resolve("p.parquet"), 0, 20,
        CompressionCodecName.SNAPPY, 8 * 1024);

    load("lake_typedparts", resolve(root.toString(), OptionalLong.empty(), true), "year:N,hot:BOOL");
    load("lake_noparts", resolve(root.toString(), OptionalLong.empty(), false), null);

    assertThat(Items.scan(client, "lake_typedparts", "id")).isEqualTo(Items.expected(with(items, Map.of("year",
        AttributeValue.fromN("2026"), "hot", AttributeValue.fromBool(true))), "id"));
    assertThat(Items.scan(client, "lake_noparts", "id")).isEqualTo(Items.expected(items, "id"));
  }

  @Test
  void anIcebergTableLoadsItsCurrentSnapshotOrTheOneAskedFor() throws Exception {
    Path location = dir.resolve("ice");
    Path data = Files.createDirectories(location.resolve("data"));
    List<Map<String, AttributeValue>> a = LakeFixtures.writeSimple(data.resolve("a.parquet"), 0, 100,
        CompressionCodecName.SNAPPY, 8 * 1024);
    List<Map<String, AttributeValue>> b = LakeFixtures.writeSimple(data.resolve("b.parquet"), 100, 100,
        CompressionCodecName.ZSTD, 8 * 1024);
    List<Map<String, AttributeValue>> c = LakeFixtures.writeSimple(data.resolve("c.parquet"), 200, 50,
        CompressionCodecName.SNAPPY, 8 * 1024);
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.StringType.get()),
        Types.NestedField.required(2, "n", Types.LongType.get()),
        Types.NestedField.optional(3, "pad", Types.StringType.get()));
    Table table = new HadoopTables(new Configuration()).create(schema, PartitionSpec.unpartitioned(),
        location.toString());
    table.newAppend().appendFile(dataFile(data.resolve("a.parquet"), 100))
        .appendFile(dataFile(data.resolve("b.parquet"), 100)).commit();
    long first = table.currentSnapshot().snapshotId();
    table.newOverwrite().deleteFile(dataFile(data.resolve("a.parquet"), 100))
        .addFile(dataFile(data.resolve("c.parquet"), 50)).commit();

    load("lake_iceberg", resolve(location.toString(), OptionalLong.empty(), true), null);
    load("lake_iceberg_first", resolve(location.toString(), OptionalLong.of(first), true), null);

    List<Map<String, AttributeValue>> current = new ArrayList<>(b);
    current.addAll(c);
    assertThat(Items.scan(client, "lake_iceberg", "id")).isEqualTo(Items.expected(current, "id"));
    List<Map<String, AttributeValue>> older = new ArrayList<>(a);
    older.addAll(b);
    assertThat(Items.scan(client, "lake_iceberg_first", "id")).isEqualTo(Items.expected(older, "id"));
  }

  private static DataFile dataFile(Path file, long rows) throws java.io.IOException {
    return DataFiles.builder(PartitionSpec.unpartitioned()).withPath(file.toString())
        .withFileSizeInBytes(Files.size(file)).withRecordCount(rows).withFormat(FileFormat.PARQUET).build();
  }
}
