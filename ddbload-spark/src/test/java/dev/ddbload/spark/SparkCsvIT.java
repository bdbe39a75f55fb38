package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.BulkLoader;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.decode.CsvDialect;
import dev.ddbload.decode.Format;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * CSV written by Spark itself ({@code df.write().csv(...)} with its defaults, in local mode), with
 * quotes, delimiters, line ends, backslashes and unicode in its values, loaded by the core loader
 * into DynamoDB Local: exact with {@code --csv-escape '\'} (the one option the README documents
 * for Spark's CSV); without it, only the rows whose values hold a quote are rejected, each with
 * the hint naming the option, and every other row is loaded exactly.
 */
class SparkCsvIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Values Spark must quote, escape or leave alone; a quote in a value is what breaks RFC 4180 readers. */
  private static final String[] TEXTS = {
      "plain",
      "He said \"hi\"",
      "a, b",
      "line1\nline2",
      "C:\\dir\\file",
      "ends with a backslash\\",
      "quote at the end\"",
      "\\\"",
      "caf\u00e9 \u2713 \ud83d\ude00 \u4e2d\u6587",
      "  spaces  ",
      "#not a comment",
      "tab\there",
      "\r\n crlf",
      "\"\"",
      "x\\,y",
      "multi\nline \"quoted\"\nvalue",
  };

  private static LocalDynamo dynamo;
  private static DynamoDbClient client;
  private static SparkSession spark;
  private static int tables;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ddbload SparkCsvIT")
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

  /** Spark's own CSV of every text (twice, in two part files), with a header. */
  private Path sparkCsv() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.length * 2; i++) {
      rows.add(RowFactory.create(String.format("r%02d", i), TEXTS[i % TEXTS.length], (long) i * 7 - 20));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
        .add("n", DataTypes.LongType);
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
    Path out = dir.resolve("spark-out");
    df.write().option("header", "true").csv(out.toString());
    return out;
  }

  /**
   * What Spark's own reader reads back from its output (escape {@code \\}, values over several
   * lines): the oracle. Spark's writer drops leading and trailing white space of values by default,
   * so this, not the DataFrame, is what the file holds.
   */
  private List<Row> readBack(Path out) {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
        .add("n", DataTypes.LongType);
    return spark.read().option("header", "true").option("multiLine", "true").schema(schema).csv(out.toString())
        .collectAsList();
  }

  private static Map<String, AttributeValue> item(Row row, String text) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS(row.getString(0)));
    item.put("text", AttributeValue.fromS(text));
    item.put("n", AttributeValue.fromN(Long.toString(row.getLong(2))));
    return item;
  }

  private LoadReport load(String table, Path input, CsvDialect dialect, Path rejects) throws Exception {
    List<Source> sources = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]), List.of())
        .resolve(List.of(input.toString()), List.of());
    LoadOptions options = LoadOptions.builder()
        .table(table)
        .client(ClientSettings.builder().endpoint(dynamo.endpoint()).region("us-east-1")
            .credentials(LocalDynamo.CREDENTIALS).build())
        .createTableKey(KeySchema.parse("id:S"))
        .format(Format.CSV)
        .schema(dev.ddbload.item.ItemSchema.parse("n:N"))
        .csvDialect(dialect)
        .rejectsFile(rejects)
        .checkpointing(false)
        .stateDirectory(dir.resolve("state"))
        .build();
    try (BulkLoader loader = BulkLoader.create(options)) {
      return loader.load(sources);
    }
  }

  @Test
  void sparksCsvLoadsExactlyWithTheBackslashEscape() throws Exception {
    Path out = sparkCsv();
    List<Row> oracle = readBack(out);
    String table = "spark_csv_" + ++tables;

    LoadReport report = load(table, out, CsvDialect.rfc4180().withEscape('\\'), dir.resolve("rejects.jsonl"));

    assertThat(oracle).hasSize(TEXTS.length * 2);
    assertThat(report.stats().rejected()).as(partFiles(out)).isZero();
    assertThat(report.stats().written()).isEqualTo(TEXTS.length * 2L);
    assertThat(Items.scan(client, table, "id"))
        .isEqualTo(Items.expected(oracle.stream().map(r -> item(r, r.getString(1))).toList(), "id"));
  }

  /**
   * Without the option, a row whose value holds a quote (Spark writes {@code \"}) is rejected by
   * its first line, with the hint; the lines of a multi-line one are rejected too (never loaded);
   * a value holding a backslash that Spark quoted for another reason reads with its backslash
   * doubled (valid RFC 4180, so loaded) and is counted in the hint. Every other row is exact.
   */
  @Test
  void withoutTheOptionOnlyRowsHoldingQuotesAreRejectedWithTheHint() throws Exception {
    Path out = sparkCsv();
    List<Row> oracle = readBack(out);
    String table = "spark_csv_" + ++tables;
    Path rejects = dir.resolve("rejects-rfc.jsonl");

    LoadReport report = load(table, out, CsvDialect.rfc4180(), rejects);

    List<Map<String, AttributeValue>> loaded = new ArrayList<>();
    Set<String> quoted = new TreeSet<>();
    long doubled = 0;
    for (Row r : oracle) {
      String text = r.getString(1);
      if (text.contains("\"")) {
        quoted.add(r.getString(0));
      } else if (text.contains("\\") && text.matches("(?s).*[,\\n\\r].*")) {
        loaded.add(item(r, text.replace("\\", "\\\\")));
        doubled++;
      } else {
        loaded.add(item(r, text));
      }
    }
    assertThat(Items.scan(client, table, "id")).as(partFiles(out)).isEqualTo(Items.expected(loaded, "id"));
    Set<String> hinted = new TreeSet<>();
    for (String line : Files.readAllLines(rejects)) {
      JsonNode reject = JSON.readTree(line);
      assertThat(reject.get("reason").asText()).isEqualTo("MALFORMED");
      String record = reject.get("record").asText();
      if (reject.get("message").asText().endsWith("it parses with CsvDialect.escape '\\' (quotes escaped by a backslash,"
          + " as Spark and Hive write CSV)")) {
        hinted.add(record.substring(0, record.indexOf(',')));
      } else {
        // The later lines of a multi-line row that holds a quote.
        assertThat(record).doesNotStartWith("r");
      }
    }
    assertThat(hinted).isEqualTo(quoted);
    assertThat(report.stats().recordsHintingEscape()).isEqualTo(quoted.size() + doubled);
  }

  /**
   * A differential test: 3,000 values made at random from quotes, backslashes, commas, line ends
   * (LF, CRLF, CR), spaces and unicode, written by Spark: with the option, every row loads as
   * Spark's own reader reads it.
   */
  @Test
  void randomValuesLoadAsSparksReaderReadsThem() throws Exception {
    String[] pieces = {"a", "b", "\"", "\\", ",", "\n", "\r\n", "\r", " ", "\u00e9", "\ud83d\ude00", "#", "\t", "x"};
    java.util.Random random = new java.util.Random(20261210L);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(10);
      for (int k = 0; k < n; k++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      rows.add(RowFactory.create(String.format("r%04d", i), text.toString(), (long) i));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
        .add("n", DataTypes.LongType);
    Path out = dir.resolve("spark-random");
    spark.createDataFrame(rows, schema).repartition(3).write().option("header", "true").csv(out.toString());
    List<Row> oracle = readBack(out);
    String table = "spark_csv_" + ++tables;

    LoadReport report = load(table, out, CsvDialect.rfc4180().withEscape('\\'), dir.resolve("rejects-random.jsonl"));

    assertThat(oracle).hasSize(3_000);
    assertThat(report.stats().rejected()).isZero();
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (Row r : oracle) {
      Map<String, AttributeValue> item = item(r, r.getString(1) == null ? "" : r.getString(1));
      if (r.getString(1) == null || r.getString(1).isEmpty()) {
        item.remove("text");
      }
      expected.add(item);
    }
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(expected, "id"));
  }

  /** The part files Spark wrote, for a failure's message. */
  private static String partFiles(Path out) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
        sb.append("--- ").append(p.getFileName()).append('\n').append(Files.readString(p));
      }
    }
    return sb.toString();
  }
}
