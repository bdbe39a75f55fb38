package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.StdinSource;
import dev.ddbload.testkit.LocalDynamo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The library API on its own, as a JVM program would use it, against DynamoDB Local. */
class BulkLoaderIT {

  private static LocalDynamo dynamo;
  private static DynamoDbClient client;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  private LoadOptions.Builder options(String table) {
    return LoadOptions.builder()
        .table(table)
        .client(ClientSettings.builder().endpoint(dynamo.endpoint()).region("us-east-1")
            .credentials(LocalDynamo.CREDENTIALS).build())
        .rejectsFile(dir.resolve("rejects.jsonl"));
  }

  @Test
  void loadsTypedCsvAndReportsCountsThatAddUp() throws Exception {
    Path csv = dir.resolve("books.csv");
    Files.writeString(csv, "isbn,year,tags\n1,1999,a;b\n2,2000,\n1,2001,c\n");
    LoadOptions o = options("lib_csv").createTableKey(KeySchema.parse("isbn:S"))
        .schema(ItemSchema.parse("year:N,tags:SS")).build();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o)) {
      report = loader.load(List.of(new LocalFileSource(csv)));
    }

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().recordsRead()).isEqualTo(3);
    // Record 3 has record 1's key: it supersedes it in the same batch, so the table holds 2001.
    assertThat(report.stats().written()).isEqualTo(2);
    assertThat(report.stats().superseded()).isEqualTo(1);
    assertThat(report.stats().writeUnits()).isEqualTo(2.0);
    assertThat(report.rejectsFile()).isEmpty();
    Map<String, AttributeValue> one = client.getItem(b -> b.tableName("lib_csv")
        .key(Map.of("isbn", AttributeValue.fromS("1")))).item();
    assertThat(one.get("year").n()).isEqualTo("2001");
    assertThat(one.get("tags").ss()).containsExactly("c");
    Map<String, AttributeValue> two = client.getItem(b -> b.tableName("lib_csv")
        .key(Map.of("isbn", AttributeValue.fromS("2")))).item();
    assertThat(two).doesNotContainKey("tags");
  }

  @Test
  void streamInputAndRejectsThroughTheLibrary() throws Exception {
    String lines = "{\"id\":1}\n{\"id\":\"not a number\"}\n{\"id\":3,\"x\":[1,2]}\n";
    LoadOptions o = options("lib_stream").createTableKey(KeySchema.parse("id:N"))
        .format(dev.ddbload.decode.Format.JSONL).build();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o)) {
      report = loader.load(List.of(new StdinSource(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)))));
    }

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED_WITH_REJECTS);
    assertThat(report.stats().written()).isEqualTo(2);
    assertThat(report.stats().rejected()).isEqualTo(1);
    assertThat(report.rejectsFile()).contains(dir.resolve("rejects.jsonl"));
    assertThat(Files.readString(dir.resolve("rejects.jsonl"))).contains("\"source\":\"-\"").contains("\"line\":2")
        .contains("KEY_TYPE");
    assertThat(client.scan(b -> b.tableName("lib_stream")).count()).isEqualTo(2);
  }

  @Test
  void missingTableIsAConfigurationExceptionBeforeAnythingIsRead() throws Exception {
    Path file = dir.resolve("x.jsonl");
    Files.writeString(file, "{\"id\":1}\n");

    try (BulkLoader loader = BulkLoader.create(options("lib_missing").build())) {
      assertThatThrownBy(() -> loader.load(List.of(new LocalFileSource(file))))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage("Table lib_missing does not exist at " + dynamo.endpoint()
              + "; create it or pass --create-table --key NAME:TYPE.");
      assertThat(loader.stats().recordsRead()).isZero();
    }
  }
}
