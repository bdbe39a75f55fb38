package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.compress.Compression;
import dev.ddbload.compress.Compressors;
import dev.ddbload.decode.Format;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.testkit.Items;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB export copied from S3, laid out as AWS's export format documentation describes:
 * {@code <prefix>/AWSDynamoDB/<exportId>/} with {@code manifest-summary.json},
 * {@code manifest-files.json}, {@code _started} and gzip data files under {@code data/}. Loaded
 * as one input, it fills a table identical to the exported items.
 */
class ExportDatasetIT extends LocalDynamoLoads {

  private static final String EXPORT_ID = "01700000000000-a1b2c3d4";


  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"DDB_JSON", "ION"})
  void anExportLoadsIntoAnIdenticalTable(Format format) throws Exception {
    List<Map<String, AttributeValue>> items = SampleItems.forFormat(format, 90);
    Path root = dir.resolve("export");
    Path exportDir = Files.createDirectories(root.resolve("AWSDynamoDB").resolve(EXPORT_ID).resolve("data"))
        .getParent();
    String keyPrefix = "backups/AWSDynamoDB/" + EXPORT_ID + "/";
    String extension = format == Format.ION ? ".ion.gz" : ".json.gz";
    StringBuilder manifest = new StringBuilder();
    // Three partitions' files, one of them empty as exports write for empty partitions.
    for (int part = 0; part < 3; part++) {
      List<Map<String, AttributeValue>> slice = new ArrayList<>();
      for (int i = part; i < items.size() && part < 2; i += 2) {
        slice.add(items.get(i));
      }
      StringBuilder text = new StringBuilder();
      for (Map<String, AttributeValue> item : slice) {
        text.append(format == Format.ION ? SampleItems.ionLine(item) : "{\"Item\":" + ItemJson.toJson(item) + "}")
            .append('\n');
      }
      String name = "data/part" + part + "-abcdefgh" + extension;
      Files.write(exportDir.resolve(name), Compressors.compress(Compression.GZIP,
          text.toString().getBytes(StandardCharsets.UTF_8)));
      manifest.append("{\"itemCount\":").append(slice.size()).append(",\"md5Checksum\":\"x\",\"etag\":\"y\","
          + "\"dataFileS3Key\":\"").append(keyPrefix).append(name).append("\"}\n");
    }
    // A data file from another export sharing the folder: not in the manifest, never loaded.
    Files.writeString(exportDir.resolve("data/stray" + extension), "garbage");
    Files.writeString(exportDir.resolve("manifest-files.json"), manifest);
    Files.writeString(exportDir.resolve("manifest-summary.json"), "{\"version\":\"2020-06-30\",\"exportArn\":"
        + "\"arn:aws:dynamodb:us-east-1:123456789012:table/T/export/" + EXPORT_ID + "\",\"s3Bucket\":\"bucket\","
        + "\"s3Prefix\":\"backups\",\"manifestFilesS3Key\":\"" + keyPrefix + "manifest-files.json\","
        + "\"itemCount\":" + items.size() + ",\"outputFormat\":\"" + (format == Format.ION ? "ION" : "DYNAMODB_JSON")
        + "\"}");
    Files.writeString(exportDir.resolve("_started"), "");
    String table = "export_" + format.name().toLowerCase();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(LoadOptions.builder()
        .table(table)
        .client(settings())
        .rejectsFile(dir.resolve("rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .build(), dataPlane, client)) {
      report = loader.load(new SourceResolver(() -> new ByteArrayInputStream(new byte[0]))
          .resolve(List.of(root.toString())));
    }

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().recordsRead()).isEqualTo(items.size());
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(items, "id"));
  }
}
