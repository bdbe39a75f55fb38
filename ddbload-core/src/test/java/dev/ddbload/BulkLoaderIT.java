package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.Source;
import dev.ddbload.source.StdinSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The library API on its own, as a JVM program would use it, against DynamoDB Local. */
class BulkLoaderIT extends LocalDynamoLoads {


  @TempDir
  Path dir;

  private LoadOptionsBuilder options(String table) {
    return LoadOptions.builder()
        .table(table)
        .client(settings())
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

  /**
   * Against DynamoDB Local (told by its table ARN) the writer asks for no consumed capacity, which
   * costs DynamoDB Local CPU and tells nothing it does not know, and counts each written item's
   * size estimate instead; its adaptive limit on calls in flight starts at its least (8), not 64.
   */
  @Test
  void againstDynamoDbLocalTheWriterCountsItsEstimateAndStartsWithFewCalls() throws Exception {
    Path jsonl = dir.resolve("big.jsonl");
    StringBuilder lines = new StringBuilder();
    String pad = "x".repeat(1500);
    for (int i = 0; i < 400; i++) {
      lines.append("{\"id\":\"k").append(i).append("\",\"pad\":\"").append(pad).append("\"}\n");
    }
    Files.writeString(jsonl, lines);
    LoadOptions o = options("lib_local").createTableKey(KeySchema.parse("id:S")).build();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o)) {
      report = loader.load(List.of(new LocalFileSource(jsonl)));
    }

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().written()).isEqualTo(400);
    assertThat(report.stats().writeUnits()).as("1.5 KB items: 2 WCU each").isEqualTo(800.0);
    assertThat(report.stats().inFlightLimit()).isEqualTo(8);
    Map<String, String> table = new HashMap<>();
    client.scanPaginator(b -> b.tableName("lib_local")).items()
        .forEach(item -> table.put(item.get("id").s(), item.get("pad").s()));
    assertThat(table).hasSize(400).containsEntry("k0", pad).containsEntry("k399", pad);
    assertThat(table.values()).allMatch(pad::equals);
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
  void numberKeysWrittenDifferentlyAreOneItemAndTheLastWins() throws Exception {
    // 1, 1.0 and 1e0 are one key in DynamoDB: the later records supersede the earlier ones rather
    // than going out beside them in one call (refused) or in calls racing each other.
    Path file = dir.resolve("numbers.jsonl");
    Files.writeString(file, "{\"id\":1,\"v\":\"a\"}\n{\"id\":2,\"v\":\"x\"}\n{\"id\":1.0,\"v\":\"b\"}\n"
        + "{\"id\":1e0,\"v\":\"c\"}\n");
    LoadOptions o = options("lib_numbers").createTableKey(KeySchema.parse("id:N")).build();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o)) {
      report = loader.load(List.of(new LocalFileSource(file)));
    }

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().recordsRead()).isEqualTo(4);
    assertThat(report.stats().written()).isEqualTo(2);
    assertThat(report.stats().superseded()).isEqualTo(2);
    assertThat(report.stats().rejected()).isZero();
    assertThat(client.scan(b -> b.tableName("lib_numbers")).count()).isEqualTo(2);
    Map<String, AttributeValue> one = client.getItem(b -> b.tableName("lib_numbers")
        .key(Map.of("id", AttributeValue.fromN("1")))).item();
    assertThat(one.get("v").s()).isEqualTo("c");
  }

  @Test
  void aSourceThatCannotBeOpenedMidLoadIsOneReject() throws Exception {
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, "{\"id\":1}\n{\"id\":2}\n");
    Source gone = new Source() {
      @Override
      public String name() {
        return "gone.jsonl";
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.empty();
      }

      @Override
      public InputStream open() throws IOException {
        throw new NoSuchFileException("gone.jsonl");
      }
    };
    LoadOptions o = options("lib_gone").createTableKey(KeySchema.parse("id:N")).build();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o)) {
      report = loader.load(List.of(gone, new LocalFileSource(good)));
    }

    assertThat(report.status()).isEqualTo(LoadStatus.DAMAGED_INPUT);
    assertThat(report.stats().written()).isEqualTo(2);
    assertThat(report.stats().rejected()).isEqualTo(1);
    assertThat(report.stats().recordsRead()).isEqualTo(3);
    assertThat(report.stats().damagedSources()).isEqualTo(1);
    assertThat(report.damage()).singleElement().satisfies(d -> {
      assertThat(d.source()).isEqualTo("gone.jsonl");
      assertThat(d.bytesUnread()).isEqualTo(-1); // its size is unknown
    });
    assertThat(Files.readString(dir.resolve("rejects.jsonl"))).contains("\"source\":\"gone.jsonl\"")
        .contains("DAMAGED").contains("cannot be opened");
  }

  @Test
  void missingTableIsAConfigurationExceptionBeforeAnythingIsRead() throws Exception {
    Path file = dir.resolve("x.jsonl");
    Files.writeString(file, "{\"id\":1}\n");

    try (BulkLoader loader = BulkLoader.create(options("lib_missing").build())) {
      assertThatThrownBy(() -> loader.load(List.of(new LocalFileSource(file))))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage("Table lib_missing does not exist at " + dynamo.endpoint()
              + "; create it or give LoadOptions.createTableKey.");
      assertThat(loader.stats().recordsRead()).isZero();
    }
  }
}
