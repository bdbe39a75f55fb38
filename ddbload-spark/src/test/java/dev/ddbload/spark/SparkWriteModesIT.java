package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.Items;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The writer's modes ({@code mode update|insert}, {@code ifNewer}, {@code opField},
 * {@code onConflict}) in Spark {@code local[2]} against DynamoDB Local (in a child JVM, see
 * {@link LocalDynamoProcess}): each test fills a fresh
 * table, writes a DataFrame of several partitions over it, then compares the scanned table with
 * the state expected from what the table held and the rows, and checks the job report's counts.
 */
class SparkWriteModesIT {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType ROWS = new StructType().add("pk", DataTypes.StringType)
      .add("a", DataTypes.StringType).add("gone", DataTypes.StringType).add("v", DataTypes.LongType);

  private static LocalDynamoProcess dynamo;
  private static DynamoDbClient client;
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "ddbloadtest");
    System.setProperty("aws.secretAccessKey", "ddbloadtest");
    System.setProperty("aws.region", "us-east-1");
    dynamo = LocalDynamoProcess.start(Path.of("target", "SparkWriteModesIT-dynamodb-local.log"));
    client = dynamo.client();
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ddbload SparkWriteModesIT")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void updateSetsTheRowsColumnsRemovesItsNullsAndKeepsWhatTheRowsDoNotHave() throws IOException {
    String table = newTable();
    Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      Map<String, AttributeValue> item = item("k" + i, "a", s("old"), "gone", s("was here"), "keep", s("kept " + i));
      client.putItem(b -> b.tableName(table).item(item));
      expected.put("k" + i, item);
    }
    // Rows k10..k29, one per key: half update stored items, half create new ones; every third has no 'gone'.
    List<Row> rows = new ArrayList<>();
    for (int i = 10; i < 30; i++) {
      String gone = i % 3 == 0 ? null : "new " + i;
      rows.add(RowFactory.create("k" + i, "new", gone, (long) i));
      Map<String, AttributeValue> item = new HashMap<>(expected.getOrDefault("k" + i, Map.of("pk", s("k" + i))));
      item.put("a", s("new"));
      item.put("v", n(i));
      if (gone == null) {
        item.remove("gone");
      } else {
        item.put("gone", s(gone));
      }
      expected.put("k" + i, item);
    }

    writer(frame(rows), table).option("mode", "update").option("removeNulls", "true").save();

    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(List.copyOf(expected.values()), "pk"));
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(counts(report)).containsExactly(20L, 20L, 0L, 0L, 0L, 0L);
  }

  @Test
  void insertWritesOnlyNewKeysAndCountsTheOthersAsSkippedOrRejects() throws IOException {
    String table = newTable();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, AttributeValue> item = item("k" + i, "a", s("first"));
      client.putItem(b -> b.tableName(table).item(item));
      expected.add(item);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 5; i < 15; i++) {
      rows.add(RowFactory.create("k" + i, "second", null, (long) i));
      if (i >= 10) {
        expected.add(item("k" + i, "a", s("second"), "v", n(i)));
      }
    }

    writer(frame(rows), table).option("mode", "insert").save();

    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(expected, "pk"));
    assertThat(counts(report())).containsExactly(10L, 5L, 5L, 0L, 0L, 0L);
    assertThat(rejects()).isEmpty();

    // Again, refused inserts rejected: every key is there now, the table is unchanged.
    writer(frame(rows), table).option("mode", "insert").option("onConflict", "reject").save();

    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(expected, "pk"));
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    assertThat(counts(report)).containsExactly(10L, 0L, 0L, 0L, 10L, 0L);
    assertThat(rejects()).hasSize(10).allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("EXISTS"));
  }

  @Test
  void ifNewerWritesOnlyRowsWhoseVersionIsAboveTheStoredOne() throws IOException {
    String table = newTable();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    // Stored at version 5: rows at 4 (older), 5 (equal), 6 (newer), three keys each.
    for (int i = 0; i < 9; i++) {
      Map<String, AttributeValue> stored = item("k" + i, "a", s("stored"), "v", n(5));
      client.putItem(b -> b.tableName(table).item(stored));
      long version = 4 + i / 3;
      rows.add(RowFactory.create("k" + i, "row", null, version));
      expected.add(version > 5 ? item("k" + i, "a", s("row"), "v", n(version)) : stored);
    }
    // Stored without a version, and not stored: written.
    client.putItem(b -> b.tableName(table).item(item("k9", "a", s("stored"))));
    rows.add(RowFactory.create("k9", "row", null, 1L));
    expected.add(item("k9", "a", s("row"), "v", n(1)));
    rows.add(RowFactory.create("k10", "row", null, 1L));
    expected.add(item("k10", "a", s("row"), "v", n(1)));
    // No version: rejected, the stored item untouched.
    Map<String, AttributeValue> unversioned = item("k11", "a", s("stored"), "v", n(5));
    client.putItem(b -> b.tableName(table).item(unversioned));
    rows.add(RowFactory.create("k11", "row", null, null));
    expected.add(unversioned);

    writer(frame(rows), table).option("ifNewer", "v").save();

    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(expected, "pk"));
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    assertThat(counts(report)).containsExactly(12L, 5L, 0L, 6L, 1L, 0L);
    assertThat(rejects()).singleElement().satisfies(r -> assertThat(r.get("reason").asText()).isEqualTo("BAD_VALUE"));
  }

  @Test
  void ifNewerKeepsTheHighestVersionOfAKeyWhateverTheOrderOfItsRows() throws IOException {
    String table = newTable();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      for (long version = 1; version <= 4; version++) {
        rows.add(RowFactory.create("k" + k, "at " + version, null, version));
      }
      expected.add(item("k" + k, "a", s("at 4"), "v", n(4)));
    }

    // Shuffled over four partitions: a key's rows reach the table in no defined order.
    writer(spark.createDataFrame(rows, ROWS).repartition(4), table).option("ifNewer", "v").save();

    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(expected, "pk"));
    JsonNode report = report();
    assertThat(report.get("rows").asLong()).isEqualTo(80);
    assertThat(report.get("skippedExists").asLong()).isZero();
    assertThat(report.get("rejected").asLong()).isZero();
    assertThat(report.get("written").asLong() + report.get("skippedNotNewer").asLong()
        + report.get("superseded").asLong()).isEqualTo(80);
    assertThat(report.get("written").asLong()).isBetween(20L, 80L);
  }

  @Test
  void opFieldChoosesEachRowsOperationAndIsNotStored() throws IOException {
    String table = newTable();
    for (int i = 0; i < 3; i++) {
      Map<String, AttributeValue> stored = item("k" + i, "a", s("stored"), "keep", s("kept"));
      client.putItem(b -> b.tableName(table).item(stored));
    }
    StructType schema = new StructType().add("pk", DataTypes.StringType).add("a", DataTypes.StringType)
        .add("op", DataTypes.StringType);
    List<Row> rows = List.of(RowFactory.create("k0", "put", "put"), RowFactory.create("k1", "updated", "UPDATE"),
        RowFactory.create("k2", null, "delete"), RowFactory.create("k3", "new", "insert"),
        RowFactory.create("k4", "what", "merge"));

    writer(spark.createDataFrame(rows, schema).repartition(2), table).option("opField", "op").save();

    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(List.of(item("k0", "a", s("put")),
        item("k1", "a", s("updated"), "keep", s("kept")), item("k3", "a", s("new"))), "pk"));
    assertThat(counts(report())).containsExactly(5L, 4L, 0L, 0L, 1L, 0L);
    assertThat(rejects()).singleElement().satisfies(r -> assertThat(r.get("reason").asText()).isEqualTo("BAD_VALUE"));
  }

  // ---------------------------------------------------------------- helpers

  /** The rows over three partitions. */
  private static Dataset<Row> frame(List<Row> rows) {
    return spark.createDataFrame(rows, ROWS).repartition(3);
  }

  private DataFrameWriter<Row> writer(Dataset<Row> df, String table) throws IOException {
    // Each write's rejects on their own: the rejects location of the previous one is cleared.
    Path rejects = dir.resolve("rejects");
    if (Files.isDirectory(rejects)) {
      try (Stream<Path> files = Files.list(rejects)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
    return df.write().format("ddbload").mode("append")
        .option("table", table)
        .option("endpoint", dynamo.endpoint().toString())
        .option("region", "us-east-1")
        .option("backoffBase", "5ms")
        .option("backoffMax", "200ms")
        .option("rejects", rejects.toString())
        .option("report", dir.resolve("report.json").toString())
        .option("stateDir", dir.resolve("state").toString());
  }

  private static String newTable() {
    String table = "modes_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }

  /** rows, written, skippedExists, skippedNotNewer, rejected, superseded; checking that they add up. */
  private static List<Long> counts(JsonNode report) {
    List<Long> counts = new ArrayList<>();
    for (String name : List.of("rows", "written", "skippedExists", "skippedNotNewer", "rejected", "superseded")) {
      counts.add(report.get(name).asLong());
    }
    assertThat(counts.get(0)).as("rows = written + skipped + rejected + superseded")
        .isEqualTo(counts.subList(1, counts.size()).stream().mapToLong(Long::longValue).sum());
    return counts;
  }

  private List<JsonNode> rejects() throws IOException {
    List<JsonNode> rejects = new ArrayList<>();
    Path dirOfRejects = dir.resolve("rejects");
    if (!Files.isDirectory(dirOfRejects)) {
      return rejects;
    }
    try (Stream<Path> files = Files.list(dirOfRejects)) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          rejects.add(JSON.readTree(line));
        }
      }
    }
    return rejects;
  }

  /** An item of a key and attribute name-value pairs. */
  private static Map<String, AttributeValue> item(String pk, Object... nameValues) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s(pk));
    for (int i = 0; i < nameValues.length; i += 2) {
      item.put((String) nameValues[i], (AttributeValue) nameValues[i + 1]);
    }
    return item;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
