package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Format;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.testkit.Items;
import dev.ddbload.write.DirectBatchWriteClient;
import dev.ddbload.write.DynamoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each data-plane client {@code -Dddbload.dataPlane} can choose (the direct client, and the SDK's
 * asynchronous and synchronous clients kept to compare with it) loads the same file into DynamoDB
 * Local, scanned back.
 */
class DataPlanesIT extends LocalDynamoLoads {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"direct", "sdk", "sdk-sync"})
  void everyDataPlaneLoadsTheFile(String plane) throws Exception {
    String table = "plane_" + plane.replace('-', '_');
    List<Map<String, AttributeValue>> items = SampleItems.forFormat(Format.JSONL, 300);
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, SampleItems.write(Format.JSONL, items));
    LoadOptions options = LoadOptions.builder()
        .table(table)
        .client(settings())
        .rejectsFile(dir.resolve("rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .format(Format.JSONL)
        .concurrency(4)
        .build();

    String before = System.getProperty(DynamoClients.DATA_PLANE_PROPERTY);
    System.setProperty(DynamoClients.DATA_PLANE_PROPERTY, plane);
    LoadReport report;
    try (DynamoDbAsyncClient data = DynamoClients.dataPlane(settings(), 4)) {
      assertThat(data instanceof DirectBatchWriteClient).as(data.getClass().getName()).isEqualTo(plane.equals("direct"));
      try (BulkLoader loader = BulkLoader.create(options, data, client)) {
        report = loader.load(List.of(new LocalFileSource(file)));
      }
    } finally {
      if (before == null) {
        System.clearProperty(DynamoClients.DATA_PLANE_PROPERTY);
      } else {
        System.setProperty(DynamoClients.DATA_PLANE_PROPERTY, before);
      }
    }

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().written()).isEqualTo(items.size());
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(items, "id"));
  }
}
