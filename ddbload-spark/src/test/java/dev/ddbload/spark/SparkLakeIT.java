package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What Spark writes, read by the CLI as a user runs it ({@code bin/ddbload} in a child process,
 * with its own Parquet reader, not Spark's): a partitioned, Snappy-compressed Parquet dataset of
 * every Spark type ddbload maps, and a Delta table after appends, a partition overwrite and a
 * delete, at its current version and at older ones. The scanned table must equal the expected
 * items exactly, mapped by the rules {@link ItemMapping} follows.
 */
class SparkLakeIT {

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("n", DataTypes.LongType)
      .add("price", DataTypes.createDecimalType(38, 10))
      .add("score", DataTypes.DoubleType)
      .add("flag", DataTypes.BooleanType)
      .add("bin", DataTypes.BinaryType)
      .add("ts", DataTypes.TimestampType)
      .add("day", DataTypes.DateType)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType))
      .add("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
      .add("info", new StructType().add("name", DataTypes.StringType).add("x", DataTypes.IntegerType))
      .add("v", DataTypes.StringType)
      .add("dt", DataTypes.StringType)
      .add("bucket", DataTypes.IntegerType);

  private static LocalDynamo dynamo;
  private static DynamoDbClient client;
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ddbload SparkLakeIT")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // A checkpoint every second commit, so reading the log reads checkpoints too.
        .config("spark.databricks.delta.properties.defaults.checkpointInterval", "2")
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

  /** Rows {@code k<from>..} in partition {@code dt}, with every type; every seventh row's optional columns null. */
  private static List<Row> rows(int from, int count, String dt, String v) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      boolean nulls = i % 7 == 3;
      rows.add(RowFactory.create("k" + i, (long) i,
          nulls ? null : new BigDecimal("1234567890123456789012345678." + String.format("%010d", i)),
          nulls ? null : i / 8.0,
          nulls ? null : i % 2 == 0,
          nulls ? null : new byte[] {1, (byte) i},
          nulls ? null : Instant.ofEpochSecond(1_764_584_130L + i, 123_456_000L),
          nulls ? null : LocalDate.of(2026, 12, 1).plusDays(i % 30),
          nulls ? null : List.of("a", "b" + i),
          nulls ? null : Map.of("x", i),
          nulls ? null : RowFactory.create("n" + i, i % 5),
          v, dt, i % 2));
    }
    return rows;
  }

  /** The item a row of {@link #rows} is, by ItemMapping's rules, with or without its partition columns. */
  private static Map<String, AttributeValue> item(Row r, boolean partitions) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("id", AttributeValue.fromS(r.getString(0)));
    m.put("n", AttributeValue.fromN(Long.toString(r.getLong(1))));
    if (!r.isNullAt(2)) {
      m.put("price", AttributeValue.fromN(((BigDecimal) r.get(2)).toPlainString()));
      m.put("score", AttributeValue.fromN(new BigDecimal(Double.toString(r.getDouble(3))).toPlainString()));
      m.put("flag", AttributeValue.fromBool(r.getBoolean(4)));
      m.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) r.get(5))));
      m.put("ts", AttributeValue.fromS(((Instant) r.get(6)).toString()));
      m.put("day", AttributeValue.fromS(r.get(7).toString()));
      m.put("tags", AttributeValue.fromL(((List<?>) r.get(8)).stream().map(t -> AttributeValue.fromS((String) t))
          .toList()));
      Map<String, AttributeValue> attrs = new HashMap<>();
      ((Map<?, ?>) r.get(9)).forEach((k, x) -> attrs.put((String) k, AttributeValue.fromN(x.toString())));
      m.put("attrs", AttributeValue.fromM(attrs));
      Row info = r.getStruct(10);
      m.put("info", AttributeValue.fromM(Map.of("name", AttributeValue.fromS(info.getString(0)), "x",
          AttributeValue.fromN(Integer.toString(info.getInt(1))))));
    }
    m.put("v", AttributeValue.fromS(r.getString(11)));
    if (partitions) {
      m.put("dt", AttributeValue.fromS(r.getString(12)));
      m.put("bucket", AttributeValue.fromN(Integer.toString(r.getInt(13))));
    }
    return m;
  }

  private static List<Map<String, AttributeValue>> items(List<Row> rows) {
    return rows.stream().map(r -> item(r, true)).toList();
  }

  private Dataset<Row> frame(List<Row> rows) {
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** {@code bin/ddbload load} in a child process; returns its exit code. */
  private int cli(String table, String... more) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("user.dir")).getParent().resolve("bin/ddbload").toString(),
        "load", "--endpoint-url", dynamo.endpoint().toString(), "--table", table, "--create-table", "--key", "id:S",
        "-q", "--rejects", dir.resolve(table + "-rejects.jsonl").toString()));
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve(table + ".out").toFile()).redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", "ddbloadtest");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
    pb.environment().put("AWS_REGION", "us-east-1");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve(table + ".out"))).isZero();
    return p.exitValue();
  }

  @Test
  void aPartitionedSnappyDatasetSparkWroteLoadsExactly() throws Exception {
    List<Row> rows = new ArrayList<>(rows(0, 300, "2026-12-01", "1"));
    rows.addAll(rows(300, 200, "2026-12-02", "1"));
    Path out = dir.resolve("events");
    frame(rows).repartition(3).write().partitionBy("dt", "bucket").option("compression", "snappy")
        .parquet(out.toString());
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.map(Path::toString).filter(f -> f.endsWith(".snappy.parquet"))).hasSizeGreaterThan(3);
    }

    cli("spark_parquet", "--schema", "bucket:N", out.toString());

    assertThat(Items.scan(client, "spark_parquet", "id")).isEqualTo(Items.expected(items(rows), "id"));
  }

  @Test
  void aDeltaTableLoadsItsCurrentVersionAndOlderOnes() throws Exception {
    String table = dir.resolve("delta").toString();
    List<Row> a = rows(0, 100, "a", "1");
    List<Row> b = rows(100, 100, "b", "1");
    List<Row> a2 = rows(0, 50, "a", "2");
    List<Row> c = rows(300, 10, "c", "1");
    frame(a).write().format("delta").partitionBy("dt", "bucket").save(table); // version 0
    frame(b).write().format("delta").mode("append").save(table); // 1
    frame(a2).write().format("delta").mode("overwrite").option("replaceWhere", "dt = 'a'").save(table); // 2
    DeltaTable.forPath(spark, table).delete("n >= 150"); // 3
    frame(c).write().format("delta").mode("append").save(table); // 4
    assertThat(Files.list(dir.resolve("delta/_delta_log")).map(Path::toString)
        .filter(f -> f.endsWith(".checkpoint.parquet"))).isNotEmpty();

    cli("delta_current", table);
    cli("delta_v1", "--table-version", "1", table);
    cli("delta_v3", "--table-version", "3", table);

    List<Row> current = new ArrayList<>(a2);
    current.addAll(b.subList(0, 50));
    current.addAll(c);
    assertThat(Items.scan(client, "delta_current", "id")).isEqualTo(Items.expected(items(current), "id"));
    List<Row> v1 = new ArrayList<>(a);
    v1.addAll(b);
    assertThat(Items.scan(client, "delta_v1", "id")).isEqualTo(Items.expected(items(v1), "id"));
    List<Row> v3 = new ArrayList<>(a2);
    v3.addAll(b.subList(0, 50));
    assertThat(Items.scan(client, "delta_v3", "id")).isEqualTo(Items.expected(items(v3), "id"));
  }
}
