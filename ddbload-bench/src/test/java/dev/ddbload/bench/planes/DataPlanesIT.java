package dev.ddbload.bench.planes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.BulkLoader;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.LoadStatus;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.decode.Format;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.write.DirectBatchWriteClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each data-plane client {@link ComparedDataPlanes} names (the loader's direct client, and the
 * SDK's asynchronous and synchronous clients kept to compare with it) loads the same file into
 * DynamoDB Local, scanned back.
 */
class DataPlanesIT {

  private static LocalDynamo dynamo;
  private static DynamoDbClient client;

  @TempDir
  Path dir;

  @BeforeAll
  static void startDynamo() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
  }

  @AfterAll
  static void stopDynamo() {
    client.close();
    dynamo.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"direct", "sdk", "sdk-sync"})
  void everyDataPlaneLoadsTheFile(String plane) throws Exception {
    String table = "plane_" + plane.replace('-', '_');
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("id-" + i),
          "n", AttributeValue.fromN(Integer.toString(i)), "s", AttributeValue.fromS("text " + i));
      items.add(item);
      jsonl.append("{\"id\":\"id-").append(i).append("\",\"n\":").append(i).append(",\"s\":\"text ").append(i)
          .append("\"}\n");
    }
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, jsonl);
    ClientSettings settings = ClientSettings.builder().endpoint(dynamo.endpoint()).region("us-east-1")
        .credentials(LocalDynamo.CREDENTIALS).build();
    LoadOptions options = LoadOptions.builder()
        .table(table)
        .client(settings)
        .rejectsFile(dir.resolve("rejects.jsonl"))
        .stateDirectory(dir.resolve("state"))
        .createTableKey(KeySchema.parse("id:S"))
        .format(Format.JSONL)
        .concurrency(4)
        .build();

    LoadReport report;
    try (DynamoDbAsyncClient data = ComparedDataPlanes.named(plane, settings, 4)) {
      assertThat(data instanceof DirectBatchWriteClient).as(data.getClass().getName()).isEqualTo(plane.equals("direct"));
      try (BulkLoader loader = BulkLoader.create(options, data, client)) {
        report = loader.load(List.of(new LocalFileSource(file)));
      }
    }

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().written()).isEqualTo(items.size());
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(items, "id"));
  }
}
