package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

/**
 * {@link DdbloadVerify} in Spark {@code local[2]} against DynamoDB Local behind a FaultProxy: a
 * DataFrame is written with the data source, then verified against the table, untouched,
 * tampered with, and with keys in several rows. Outcomes are the report's counts and the
 * differences file's lines. One SparkSession, DynamoDB Local and proxy for the class; a fresh
 * table per test.
 */
class SparkVerifyIT {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = 3_000;

  private static LocalDynamo dynamo;
  private static FaultProxy proxy;
  private static DynamoDbClient client;
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "ddbloadtest");
    System.setProperty("aws.secretAccessKey", "ddbloadtest");
    System.setProperty("aws.region", "us-east-1");
    dynamo = LocalDynamo.start();
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none());
    client = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(LocalDynamo.REGION)
        .credentialsProvider(LocalDynamo.CREDENTIALS).build();
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ddbload SparkVerifyIT")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
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
    if (proxy != null) {
      proxy.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /**
   * Rows of ids 0 to 2,999 in 4 partitions (750 each): a string key, a long, a decimal with one
   * fraction digit ({@code id + 0.5}) and a string set; row 7 has no key, which the writer rejects.
   */
  private static Dataset<Row> books() {
    return spark.range(0, ROWS, 1, 4).selectExpr(
        "if(id = 7, NULL, concat('k', id)) AS pk",
        "id AS n",
        "CAST(id + 0.5 AS DECIMAL(10,1)) AS price",
        "array(concat('t', id % 3), 'all') AS tags");
  }

  @Test
  void aWrittenDataFrameMatchesWithExactCountsWhileReadsAreThrottled() throws Exception {
    String table = newTable();
    write(books(), table);
    // 1,500 RCU a verification of 2,999 keys needs; 200 RCU/s provisioned for the proxy: reads throttled.
    proxy.setReadCapacity(table, 200);
    long throttledBefore = proxy.counters().snapshot().keysHeldBack() + proxy.counters().snapshot().readsThrottled();

    SparkVerifyReport report = DdbloadVerify.verify(books(), options(table));

    assertThat(report.status()).isEqualTo("MATCHED");
    assertThat(report.tasks()).isEqualTo(4);
    assertThat(report.rows()).isEqualTo(ROWS);
    assertThat(report.notCheckable()).isEqualTo(1);
    assertThat(report.keysChecked()).isEqualTo(ROWS - 1);
    assertThat(report.matching()).isEqualTo(ROWS - 1);
    assertThat(report.differences()).isZero();
    assertThat(report.repeatedRows()).isZero();
    assertThat(report.ambiguousKeys()).isZero();
    assertThat(report.differencesFile()).isEmpty();
    assertThat(dir.resolve("differences.jsonl")).doesNotExist();
    assertThat(proxy.counters().snapshot().keysHeldBack() + proxy.counters().snapshot().readsThrottled())
        .isGreaterThan(throttledBefore);
    JsonNode json = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(json.get("matching").asLong()).isEqualTo(ROWS - 1);
    proxy.setReadCapacity(table, 0);
  }

  @Test
  void aTamperedTableReportsEachRealDifferenceOnceWithItsRow() throws Exception {
    String table = newTable();
    write(books(), table);
    // k10 (partition 0, row 10) deleted; k1600 (partition 2, row 100) changed; k1 holds 1.50 for
    // 1.5 (equal); an item no row accounts for (not seen without a scan).
    client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("k10"))));
    replace(table, "k1600", "n", AttributeValue.fromN("-1"));
    replace(table, "k1", "price", AttributeValue.fromN("1.50"));
    client.putItem(b -> b.tableName(table).item(Map.of("pk", s("extra"), "n", AttributeValue.fromN("1"))));
    Map<String, String> options = new HashMap<>(options(table));
    options.put("failOnDifference", "false");

    SparkVerifyReport report = DdbloadVerify.verify(books(), options);

    assertThat(report.status()).isEqualTo("DIFFERENT");
    assertThat(report.keysChecked()).isEqualTo(ROWS - 1);
    assertThat(report.matching()).isEqualTo(ROWS - 3);
    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.different()).isEqualTo(1);
    assertThat(report.unexpected() + report.unverified()).isZero();
    Path file = dir.resolve("differences.jsonl");
    assertThat(report.differencesFile()).contains(file.toString());
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(2);
    JsonNode missing = lines.stream().filter(l -> l.get("kind").asText().equals("missing")).findFirst().orElseThrow();
    assertThat(missing.get("key")).isEqualTo(JSON.readTree("{\"pk\":{\"S\":\"k10\"}}"));
    assertThat(missing.get("source").asText()).isEqualTo("partition 0");
    assertThat(missing.get("index").asLong()).isEqualTo(10);
    assertThat(missing.at("/expected/price/N").asText()).isEqualTo("10.5");
    JsonNode different = lines.stream().filter(l -> l.get("kind").asText().equals("different")).findFirst()
        .orElseThrow();
    assertThat(different.get("key")).isEqualTo(JSON.readTree("{\"pk\":{\"S\":\"k1600\"}}"));
    assertThat(different.get("source").asText()).isEqualTo("partition 2");
    assertThat(different.get("index").asLong()).isEqualTo(100);
    assertThat(different.get("attributes")).isEqualTo(JSON.readTree("[\"n\"]"));
    assertThat(different.get("expected")).isEqualTo(JSON.readTree("{\"n\":{\"N\":\"1600\"}}"));
    assertThat(different.get("actual")).isEqualTo(JSON.readTree("{\"n\":{\"N\":\"-1\"}}"));

    // By default a difference fails the call, in one sentence with the counts.
    options.remove("failOnDifference");
    assertThatThrownBy(() -> DdbloadVerify.verify(books(), options))
        .isInstanceOf(SparkException.class)
        .hasMessage("Table " + table + " differs from the DataFrame: 2 of 2999 keys checked are not as the rows say"
            + " (1 missing, 1 different, 0 unexpected, 0 unverified; 0 keys ambiguous, 1 rows not checkable); see "
            + file + ".");
    // Verifying never writes: the table still holds the tampered items and the extra one.
    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isEqualTo(ROWS - 1);
  }

  @Test
  void keysOfSeveralRowsAreCheckedOnceWhenTheirItemsAreEqualElseCountedAmbiguous() throws Exception {
    String table = newTable();
    // k5 a second time with the same values (another partition), k6 a second time with others.
    Dataset<Row> df = spark.range(0, 1_000, 1, 2).selectExpr("concat('k', id) AS pk", "id AS n",
        "array('a') AS tags").union(spark.range(5, 7, 1, 1).selectExpr("concat('k', id) AS pk",
        "if(id = 5, id, id + 100) AS n", "array('a') AS tags"));
    write(df, table);

    SparkVerifyReport report = DdbloadVerify.verify(df, options(table));

    assertThat(report.status()).isEqualTo("MATCHED");
    assertThat(report.rows()).isEqualTo(1_002);
    assertThat(report.repeatedRows()).isEqualTo(1);
    assertThat(report.ambiguousKeys()).isEqualTo(1);
    assertThat(report.ambiguousRows()).isEqualTo(2);
    assertThat(report.keysChecked()).isEqualTo(999);
    assertThat(report.matching()).isEqualTo(999);
    List<JsonNode> lines = lines(dir.resolve("differences.jsonl"));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("kind").asText()).isEqualTo("ambiguous");
    assertThat(lines.get(0).get("key")).isEqualTo(JSON.readTree("{\"pk\":{\"S\":\"k6\"}}"));
    assertThat(lines.get(0).get("rows").asLong()).isEqualTo(2);
    assertThat(lines.get(0).get("source").asText()).isEqualTo("partition 0");
    assertThat(lines.get(0).get("index").asLong()).isEqualTo(6);
  }

  @Test
  void theWriterRefusesAVerifyOptionNamingTheVerifyJob() {
    String table = newTable();

    assertThatThrownBy(() -> books().write().format("ddbload").option("table", table)
        .option("endpoint", proxy.endpoint().toString()).option("verify", "true").mode("append").save())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DdbloadVerify.verify(df, options)");
  }

  private Map<String, String> options(String table) {
    return Map.of("table", table, "endpoint", proxy.endpoint().toString(), "setColumns", "tags",
        "differences", dir.resolve("differences.jsonl").toString(), "report", dir.resolve("report.json").toString(),
        "rejects", dir.resolve("rejects").toString(), "stateDir", dir.resolve("state").toString());
  }

  private void write(Dataset<Row> df, String table) {
    df.write().format("ddbload").options(options(table)).mode("append").save();
  }

  /** Puts the item back with one attribute changed (DynamoDB Local's expressions need another ANTLR than Spark's). */
  private static void replace(String table, String pk, String attribute, AttributeValue value) {
    Map<String, AttributeValue> item = new HashMap<>(client.getItem(b -> b.tableName(table)
        .key(Map.of("pk", s(pk))).consistentRead(true)).item());
    item.put(attribute, value);
    client.putItem(b -> b.tableName(table).item(item));
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static String newTable() {
    String table = "verify_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }
}
