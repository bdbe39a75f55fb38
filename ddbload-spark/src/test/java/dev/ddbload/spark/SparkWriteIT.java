package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.spark.examples.LoadBooks;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.execution.ui.SQLAppStatusStore;
import org.apache.spark.sql.execution.ui.SQLExecutionUIData;
import org.apache.spark.sql.execution.ui.SQLPlanMetric;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The {@code ddbload} data source in Spark {@code local[2]} (with up to 4 attempts per task, so
 * Spark retries a failed task as a cluster would) against DynamoDB Local behind a FaultProxy.
 * Outcomes are read back from the table, the rejects files, the job report and the SQL metrics
 * Spark's UI shows. One SparkSession, DynamoDB Local and proxy for the class; a fresh table and
 * fault rules per test.
 */
class SparkWriteIT {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TS_BASE_MICROS = 1_700_000_000_000_000L;

  private static LocalDynamo dynamo;
  private static FaultProxy proxy;
  private static DynamoDbClient client;
  private static SparkSession spark;
  private static final AtomicInteger jobsStarted = new AtomicInteger();

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "ddbloadtest");
    System.setProperty("aws.secretAccessKey", "ddbloadtest");
    System.setProperty("aws.region", "us-east-1");
    dynamo = LocalDynamo.start();
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none());
    // Through the proxy, so it learns each table's key and follows UpdateTable.
    client = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(LocalDynamo.REGION)
        .credentialsProvider(LocalDynamo.CREDENTIALS).build();
    spark = SparkSession.builder()
        .master("local[2,4]")
        .appName("ddbload SparkWriteIT")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobsStarted.incrementAndGet();
      }
    });
    spark.udf().register("failFirstAttemptAt", (UDF2<Long, Long, Long>) (id, failAt) -> {
      if (id.equals(failAt) && TaskContext.get().attemptNumber() == 0) {
        throw new IllegalStateException("injected failure at row " + id + " on the first attempt");
      }
      return id;
    }, DataTypes.LongType);
    spark.udf().register("failAlwaysAt", (UDF2<Long, Long, Long>) (id, failAt) -> {
      if (id.equals(failAt)) {
        throw new IllegalStateException("injected failure at row " + id);
      }
      return id;
    }, DataTypes.LongType);
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

  // ---------------------------------------------------------------- every type, under faults

  /**
   * Rows of the all-types test: items of 25 attributes (about 600 bytes), written in about 25 s
   * under the faults on a busy 2-core machine. 100,000 wrote in about 50 s, but DynamoDB Local
   * (in memory, in this JVM) then scanned them back for minutes and ran the heap out.
   */
  private static final int ALL_TYPES_ROWS = 50_000;

  @Test
  void everySupportedTypeArrivesExactlyUnderThrottlingHeldBackItems5xxAndLatency() throws IOException {
    String table = newTable("pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    // As in the CLI's ResilienceIT: random faults at a share the adaptive rate recognizes as not
    // answering to the rate (at least 10 % of items), so it does not walk the rate down.
    proxy.useRules(FaultRules.builder().seed(11).throttleRate(0.03).throttlingExceptionRate(0.02).http500Rate(0.01)
        .http503Rate(0.01).holdBackRate(0.3).latency(Duration.ofMillis(1), Duration.ofMillis(5))
        .countSendsPerKey(false).build());
    Dataset<Row> df = spark.range(0, ALL_TYPES_ROWS, 1, 8).selectExpr(
        "concat('p', id % 1000) AS pk",
        "id AS sk",
        "if(id % 7 = 0, NULL, concat('text-', id, '-é✓')) AS s",
        "cast(id % 128 AS byte) AS b",
        "cast(id % 30000 AS short) AS sh",
        "cast(id * 3 - 150000 AS int) AS i",
        "id * 1000000007 AS l",
        "cast(cast(id AS float) / 4 AS float) AS f",
        "cast(id AS double) / 1000 AS d",
        "cast(concat(if(id % 2 = 0, '-', ''), '9', lpad(cast(id AS string), 37, '7')) AS decimal(38,0)) AS dec",
        "cast(id AS decimal(12,3)) / 8 AS dec2",
        "id % 3 = 0 AS bool",
        "encode(concat('bin-', id), 'UTF-8') AS bin",
        "date_add(date'2020-01-01', cast(id % 3000 AS int)) AS day",
        "timestamp_micros(" + TS_BASE_MICROS + " + id * 1000001) AS ts",
        "array(cast(id AS int), NULL, cast(id % 5 AS int)) AS list",
        "array('a', concat('t', id % 3), 'a') AS tags",
        "array(cast(id % 100 AS double), 1.5D, 1.5D) AS nums",
        "array(encode('x', 'UTF-8'), encode(cast(id % 4 AS string), 'UTF-8')) AS blobs",
        "named_struct('name', concat('n', id), 'score', cast(id % 10 AS double) / 2,"
            + " 'inner', named_struct('x', id, 'flags', array(true, id % 2 = 0))) AS info",
        "map('one', 1, 'maybe', if(id % 2 = 0, NULL, cast(id AS int))) AS attrs",
        "cast(NULL AS string) AS nothing",
        "NULL AS void");

    // A ceiling far above what DynamoDB Local takes: the adaptive rate then climbs back by 2 % of
    // it a second after a decrease (without one, by 2 % of the rate it fell from, which on a
    // busy machine can be a crawl; see the closing report).
    writer(df, table).option("setColumns", "tags,nums,blobs").option("maxAttempts", "30").option("maxWcu", "20000")
        .save();

    List<Map<String, AttributeValue>> expected = new ArrayList<>(ALL_TYPES_ROWS);
    for (long id = 0; id < ALL_TYPES_ROWS; id++) {
      expected.add(expectedItem(id));
    }
    assertThat(Items.scan(client, table, "pk", "sk")).isEqualTo(Items.expected(expected, "pk", "sk"));
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(report.get("written").asLong()).isEqualTo(ALL_TYPES_ROWS);
    assertThat(report.get("tasks").asInt()).isEqualTo(8);
    assertThat(report.get("retried").asLong()).isPositive();
    assertThat(lastWriteMetrics()).containsEntry("items written to DynamoDB", (long) ALL_TYPES_ROWS)
        .containsEntry("rows rejected (see the rejects location)", 0L);
  }

  /** The item a row of the all-types DataFrame must become, built from the row's id. */
  private static Map<String, AttributeValue> expectedItem(long id) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("p" + id % 1000));
    item.put("sk", n(id));
    if (id % 7 != 0) {
      item.put("s", s("text-" + id + "-é✓"));
    }
    item.put("b", n(id % 128));
    item.put("sh", n(id % 30000));
    item.put("i", n(id * 3 - 150000));
    item.put("l", n(id * 1000000007L));
    item.put("f", AttributeValue.fromN(new java.math.BigDecimal(id).divide(java.math.BigDecimal.valueOf(4)).toString()));
    item.put("d", AttributeValue.fromN(Double.toString((double) id / 1000)));
    item.put("dec", AttributeValue.fromN((id % 2 == 0 ? "-" : "") + "9" + "7".repeat(37 - Long.toString(id).length())
        + id));
    item.put("dec2", AttributeValue.fromN(new java.math.BigDecimal(id).divide(java.math.BigDecimal.valueOf(8)).toString()));
    item.put("bool", AttributeValue.fromBool(id % 3 == 0));
    item.put("bin", AttributeValue.fromB(SdkBytes.fromUtf8String("bin-" + id)));
    item.put("day", s(LocalDate.of(2020, 1, 1).plusDays(id % 3000).toString()));
    item.put("ts", s(Instant.EPOCH.plusNanos((TS_BASE_MICROS + id * 1000001) * 1000).toString()));
    item.put("list", AttributeValue.fromL(List.of(n(id), AttributeValue.fromNul(true), n(id % 5))));
    item.put("tags", AttributeValue.fromSs(List.copyOf(new TreeSet<>(List.of("a", "t" + id % 3)))));
    item.put("nums", AttributeValue.fromNs(List.of(Long.toString(id % 100), "1.5")));
    item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String(
        Long.toString(id % 4)))));
    Map<String, AttributeValue> inner = Map.of("x", n(id), "flags", AttributeValue.fromL(List.of(
        AttributeValue.fromBool(true), AttributeValue.fromBool(id % 2 == 0))));
    item.put("info", AttributeValue.fromM(Map.of("name", s("n" + id), "score", AttributeValue.fromN(
        Double.toString((double) (id % 10) / 2)), "inner", AttributeValue.fromM(inner))));
    Map<String, AttributeValue> attrs = new HashMap<>();
    attrs.put("one", n(1));
    if (id % 2 != 0) {
      attrs.put("maybe", n(id));
    }
    item.put("attrs", AttributeValue.fromM(attrs));
    return item;
  }

  // ---------------------------------------------------------------- a task retried by Spark

  @Test
  void aTaskThatFailsMidwayIsRetriedAndTheTableIsStillExact() throws IOException {
    String table = newTable("pk", ScalarAttributeType.S, null, null);
    proxy.useRules(FaultRules.builder().seed(12).holdBackRate(0.3).latency(Duration.ofMillis(1),
        Duration.ofMillis(3)).build());
    int rows = 20_000;
    // Partition 1 holds ids 5,000..9,999: its first attempt dies at id 8,000, after thousands
    // of its rows were written. Two rows per key (ids 2k and 2k+1, always in one partition):
    // the later one must win, also after the retry re-sends the partition.
    Dataset<Row> df = spark.range(0, rows, 1, 4).selectExpr(
        "concat('k', cast(id / 2 AS long)) AS pk",
        "failFirstAttemptAt(id, 8000L) AS v");

    writer(df, table).option("maxAttempts", "30").save();

    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (long id = 0; id < rows; id++) {
      expected.add(Map.of("pk", s("k" + id / 2), "v", n(id)));
    }
    assertThat(Items.scan(client, table, "pk")).isEqualTo(Items.expected(expected, "pk"));
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(report.get("tasks").asInt()).isEqualTo(4);
    assertThat(report.get("rows").asLong()).isEqualTo(rows);
    assertThat(report.get("written").asLong() + report.get("superseded").asLong()).isEqualTo(rows);
    assertThat(report.get("written").asLong()).isGreaterThanOrEqualTo(rows / 2);
    assertThat(rejectsFiles()).isEmpty();
  }

  // ---------------------------------------------------------------- rejects

  @Test
  void poisonKeysAndInvalidRowsGoToTheRejectsAndTheMetricsAndTheJobFinishes() throws IOException {
    String table = newTable("pk", ScalarAttributeType.S, null, null);
    Set<String> poison = Set.of("k17", "k1234", "k2500", "k3999", "k4321");
    proxy.useRules(FaultRules.builder().seed(13).poisonKeys("pk", poison).build());
    int rows = 5_000;
    // Row 100 has no key (null), row 200 a NaN: rejected before sending.
    Dataset<Row> df = spark.range(0, rows, 1, 4).selectExpr(
        "if(id = 100, NULL, concat('k', id)) AS pk",
        "if(id = 200, double('NaN'), cast(id AS double)) AS score");

    writer(df, table).option("maxAttempts", "3").save();

    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isEqualTo(rows - poison.size() - 2);
    List<JsonNode> rejects = readRejects();
    Map<JsonNode, String> reasonByRecord = new HashMap<>();
    for (JsonNode r : rejects) {
      reasonByRecord.put(JSON.readTree(r.get("record").asText()), r.get("reason").asText());
      assertThat(r.get("source").asText()).startsWith("partition ");
      assertThat(r.has("index")).isTrue();
    }
    for (String key : poison) {
      String score = Long.parseLong(key.substring(1)) + ".0";
      assertThat(reasonByRecord).containsEntry(JSON.readTree("{\"pk\":{\"S\":\"" + key + "\"},\"score\":{\"N\":\""
          + score + "\"}}"), "UNPROCESSED");
    }
    assertThat(reasonByRecord).containsEntry(JSON.readTree("{\"score\":{\"N\":\"100.0\"}}"), "MISSING_KEY")
        .containsEntry(JSON.readTree("{\"pk\":{\"S\":\"k200\"}}"), "BAD_NUMBER");
    assertThat(rejects).hasSize(poison.size() + 2);
    JsonNode report = report();
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED_WITH_REJECTS");
    assertThat(report.get("rejected").asLong()).isEqualTo(poison.size() + 2);
    assertThat(lastWriteMetrics()).containsEntry("rows rejected (see the rejects location)", (long) poison.size() + 2)
        .containsEntry("items written to DynamoDB", (long) rows - poison.size() - 2);
  }

  // ---------------------------------------------------------------- provisioned capacity

  @Test
  void provisionedCapacityIsRaisedForTheJobAndRestoredAfterSuccessAndAfterFailure() throws Exception {
    String table = "spark_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)));
    // Like a provisioned table without burst credit: 5 WCU/s until UpdateTable raises it.
    proxy.useRules(FaultRules.builder().seed(14).wcuBudget(5).build());
    Dataset<Row> df = spark.range(0, 3_000, 1, 4).selectExpr("concat('k', id) AS pk", "id AS v");

    AtomicLong highest = new AtomicLong();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    poller.scheduleWithFixedDelay(() -> highest.accumulateAndGet(writeCapacity(table), Math::max), 0, 50,
        TimeUnit.MILLISECONDS);
    try {
      writer(df, table).option("maxWriteCapacity", "1000").save();
      assertThat(highest.get()).isEqualTo(1000);
      assertThat(writeCapacity(table)).isEqualTo(5);
      assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isEqualTo(3_000);
      assertThat(report().at("/capacity/raised/0/to").asLong()).isEqualTo(1000);
      assertThat(report().at("/capacity/restored/0/to").asLong()).isEqualTo(5);

      highest.set(0);
      Dataset<Row> failing = spark.range(0, 3_000, 1, 4).selectExpr("concat('k', id) AS pk",
          "failAlwaysAt(id, 2500L) AS v");
      assertThatThrownBy(() -> writer(failing, table).option("maxWriteCapacity", "800").save())
          .hasStackTraceContaining("injected failure at row 2500");
      assertThat(highest.get()).isEqualTo(800);
      assertThat(writeCapacity(table)).isEqualTo(5);
      assertThat(report().get("status").asText()).isEqualTo("FAILED");
      assertThat(report().at("/capacity/restored/0/to").asLong()).isEqualTo(5);
      try (Stream<Path> pending = Files.list(dir.resolve("state/capacity"))) {
        assertThat(pending).isEmpty();
      }
    } finally {
      poller.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- planning-time errors

  @Test
  void anUnsupportedColumnTypeFailsAtPlanningTimeNamingTheColumn() {
    String table = newTable("pk", ScalarAttributeType.S, null, null);
    proxy.useRules(FaultRules.none());
    Dataset<Row> df = spark.range(0, 10, 1, 2).selectExpr("concat('k', id) AS pk",
        "make_dt_interval(cast(id AS int), 0, 0, 0) AS waited");
    int jobsBefore = jobsStarted.get();

    assertThatThrownBy(() -> writer(df, table).save())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Column 'waited' has type interval day to second");
    Dataset<Row> intKeys = spark.range(0, 10, 1, 2).selectExpr("concat('k', id) AS pk", "map(id, 'x') AS byNumber");
    assertThatThrownBy(() -> writer(intKeys, table).save())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Column 'byNumber' has type map<bigint,string>");
    Dataset<Row> noKey = spark.range(0, 10, 1, 2).selectExpr("concat('k', id) AS id2");
    assertThatThrownBy(() -> writer(noKey, table).save())
        .hasMessageContaining("partition key pk:S, which is not a column of the DataFrame");

    assertThat(jobsStarted.get()).isEqualTo(jobsBefore);
    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isZero();
  }

  // ---------------------------------------------------------------- the README's example

  @Test
  void theReadmeExampleLoadsTheBooksCsv() throws IOException {
    String table = newTable("isbn", ScalarAttributeType.S, null, null);
    proxy.useRules(FaultRules.none());
    Path csv = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/books.csv");

    LoadBooks.write(spark, csv.toString(), table, Map.of("endpoint", proxy.endpoint().toString(),
        "rejects", dir.resolve("rejects").toString(), "report", dir.resolve("report.json").toString()));

    assertThat(client.scan(b -> b.tableName(table).select("COUNT")).count()).isEqualTo(300);
    Map<String, AttributeValue> book = client.getItem(b -> b.tableName(table)
        .key(Map.of("isbn", s("9788493739645")))).item();
    assertThat(book).containsEntry("year", n(1993)).containsEntry("price", AttributeValue.fromN("98.14"))
        .containsEntry("in_stock", AttributeValue.fromBool(false)).containsEntry("edition", n(8))
        .containsEntry("rating", AttributeValue.fromN("3.1"));
    assertThat(new TreeSet<>(book.get("tags").ss())).containsExactly("compilers", "databases", "history");
    assertThat(report().get("status").asText()).isEqualTo("COMPLETED");
  }

  // ---------------------------------------------------------------- helpers

  private DataFrameWriter<Row> writer(Dataset<Row> df, String table) {
    return df.write().format("ddbload").mode("append")
        .option("table", table)
        .option("endpoint", proxy.endpoint().toString())
        .option("region", "us-east-1")
        .option("backoffBase", "5ms")
        .option("backoffMax", "200ms")
        .option("rejects", dir.resolve("rejects").toString())
        .option("report", dir.resolve("report.json").toString())
        .option("stateDir", dir.resolve("state").toString());
  }

  private static String newTable(String pk, ScalarAttributeType pkType, String sk, ScalarAttributeType skType) {
    String table = "spark_" + TABLES.incrementAndGet();
    List<KeySchemaElement> keys = new ArrayList<>();
    List<AttributeDefinition> defs = new ArrayList<>();
    keys.add(KeySchemaElement.builder().attributeName(pk).keyType(KeyType.HASH).build());
    defs.add(AttributeDefinition.builder().attributeName(pk).attributeType(pkType).build());
    if (sk != null) {
      keys.add(KeySchemaElement.builder().attributeName(sk).keyType(KeyType.RANGE).build());
      defs.add(AttributeDefinition.builder().attributeName(sk).attributeType(skType).build());
    }
    client.createTable(b -> b.tableName(table).keySchema(keys).attributeDefinitions(defs)
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }

  private static long writeCapacity(String table) {
    return client.describeTable(b -> b.tableName(table)).table().provisionedThroughput().writeCapacityUnits();
  }

  private JsonNode report() throws IOException {
    return JSON.readTree(dir.resolve("report.json").toFile());
  }

  private List<Path> rejectsFiles() throws IOException {
    Path rejects = dir.resolve("rejects");
    if (!Files.isDirectory(rejects)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(rejects)) {
      return files.sorted().toList();
    }
  }

  private List<JsonNode> readRejects() throws IOException {
    List<JsonNode> rejects = new ArrayList<>();
    for (Path file : rejectsFiles()) {
      assertThat(file.getFileName().toString()).matches("part-\\d{5}-.*\\.jsonl");
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        rejects.add(JSON.readTree(line));
      }
    }
    return rejects;
  }

  /**
   * The writer's metrics of the last SQL execution, by the name the UI shows, once Spark's
   * listener has aggregated them.
   */
  private static Map<String, Long> lastWriteMetrics() {
    SQLAppStatusStore store = spark.sharedState().statusStore();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Map<String, Long> metrics = new LinkedHashMap<>();
    while (System.nanoTime() < deadline) {
      List<SQLExecutionUIData> executions = CollectionConverters.asJava(store.executionsList());
      SQLExecutionUIData last = executions.get(executions.size() - 1);
      if (last.completionTime().isDefined()) {
        Map<Object, String> values = CollectionConverters.asJava(store.executionMetrics(last.executionId()));
        metrics.clear();
        for (SQLPlanMetric m : CollectionConverters.asJava(last.metrics())) {
          String value = values.get(m.accumulatorId());
          if (m.metricType().startsWith("v2Custom") && value != null) {
            metrics.put(m.name(), Long.parseLong(value.trim()));
          }
        }
        if (metrics.size() == WriteMetrics.all().length) {
          return metrics;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return metrics;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
