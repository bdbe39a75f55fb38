package dev.ddbload.spark.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The README's example: reads {@code examples/books.csv} into a DataFrame and writes it into a
 * DynamoDB table with the {@code ddbload} data source, in Spark local mode. SparkWriteIT runs
 * {@link #write} against DynamoDB Local.
 *
 * <pre>
 * LoadBooks CSV TABLE [ENDPOINT]
 * </pre>
 */
public final class LoadBooks {

  /** Column types for the CSV; {@code tags} is split into an array below. */
  static final String SCHEMA = "isbn STRING, title STRING, author STRING, publisher STRING, year INT, pages INT,"
      + " price DECIMAL(8,2), in_stock BOOLEAN, tags STRING, rating DOUBLE, edition INT, description STRING";

  private LoadBooks() {}

  /** Runs in local mode: {@code CSV TABLE [ENDPOINT]}. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[*]").appName("load books").getOrCreate();
    try {
      write(spark, args[0], args[1], args.length > 2 ? Map.of("endpoint", args[2]) : Map.of());
    } finally {
      spark.stop();
    }
  }

  /** Reads the CSV and appends its rows to the table; {@code options} go to the writer as they are. */
  public static void write(SparkSession spark, String csv, String table, Map<String, String> options) {
    Dataset<Row> books = spark.read().option("header", "true").schema(SCHEMA).csv(csv)
        .withColumn("tags", split(col("tags"), ";"));
    books.write().format("ddbload")
        .option("table", table)
        .option("setColumns", "tags")
        .option("maxWcu", "500")
        .options(options)
        .mode("append")
        .save();
  }
}
