package dev.ddbload.spark;

import dev.ddbload.capacity.TableCapacity;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.item.KeySchema;
import dev.ddbload.table.TableSetup;
import dev.ddbload.write.DynamoClients;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The Spark counterpart of {@code ddbload verify}: checks that a table holds what a DataFrame
 * says, each row mapped to an item exactly as {@code df.write.format("ddbload")} maps it, with
 * the writer's options. It only reads the table.
 *
 * <pre>{@code
 * SparkVerifyReport report = DdbloadVerify.verify(df, Map.of("table", "Books", "region", "eu-west-1"));
 * }</pre>
 *
 * <p>A Spark job of two stages: each partition's rows are mapped to items (rows the writer would
 * reject are counted not checkable) and shuffled by key, sorted, so that all rows of a key meet in
 * one task; each task then checks its keys with the core's verification (BatchGetItem, 100 keys a
 * call, unprocessed keys read again after backoff, its share of the read rate adapting to
 * throttling, attribute-by-attribute comparison). A key of several rows has no last row in Spark:
 * when its rows map to equal items it is checked once, else it is counted ambiguous and not
 * checked. The tasks' differences are written on the driver to the differences file (readable by
 * its owner only); with {@code failOnDifference} (default) a difference fails the call with a
 * {@link SparkException}. Stateless; call from the driver, from any thread.
 */
public final class DdbloadVerify {

  private static final Logger log = LoggerFactory.getLogger(DdbloadVerify.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private DdbloadVerify() {}

  /**
   * Verifies the table against the DataFrame. The DataFrame is computed once more (cache it, or
   * read the same files, for the same rows as the write).
   *
   * @param df the rows the table should hold
   * @param options the writer's options ({@code table}, connection, mapping, {@code mode}, retries)
   *     and {@code maxRcu}, {@code consistentRead}, {@code differences}, {@code failOnDifference},
   *     {@code memory}, {@code report}; in any case
   * @return the counts and the differences file
   * @throws ConfigurationException before any task, for a bad option, a missing table, a key that
   *     does not fit the DataFrame, or a differences file that cannot be written
   * @throws SparkException when a task failed (the table deleted, access denied), or, with
   *     {@code failOnDifference}, when a key is not as the rows say: one sentence with the counts
   */
  public static SparkVerifyReport verify(Dataset<Row> df, Map<String, String> options) throws SparkException {
    SparkVerifyOptions o = SparkVerifyOptions.parse(options);
    Set<String> unknown = SparkVerifyOptions.unknown(options);
    if (!unknown.isEmpty()) {
      log.warn("Ignoring options ddbload verify does not know: {}", unknown);
    }
    String table = o.write().table();
    StructType schema = df.schema();
    ItemMapping mapping = ItemMapping.of(schema, o.write());
    TableDescription description = describe(o);
    KeySchema keys = KeySchema.from(description);
    mapping.checkKey(keys, table);
    Path differences = Path.of(o.differences().orElseGet(() -> "ddbload-differences-" + table + "-"
        + LocalDateTime.now(Clock.systemUTC()).format(STAMP) + ".jsonl"));
    PrivateFiles.checkWritable(differences, "differences file");

    JavaRDD<InternalRow> rows = df.queryExecution().toRdd().toJavaRDD();
    int partitions = Math.max(1, rows.getNumPartitions());
    int atOnce = TaskShare.tasksAtOnce(df.sparkSession().sparkContext(), partitions);
    double perTask = TaskShare.perTask(readCeiling(o, TableCapacity.from(description)), atOnce);
    log.info("ddbload: verifying table {} against {} partitions, {} tasks at once, {} RCU/s each", table, partitions,
        atOnce, Double.isInfinite(perTask) ? "no limit on" : String.format("%.1f", perTask));
    VerifyJob job = new VerifyJob(schema, o, keys.toString(), perTask);
    JavaRDD<VerifyOutput> outputs = rows
        .mapPartitionsWithIndex((partition, it) -> job.entries(partition, it), true)
        .mapToPair(t -> t)
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
        .mapPartitions(it -> PartitionVerifier.run(job, it))
        .persist(StorageLevel.MEMORY_AND_DISK_SER());
    SparkVerifyReport report;
    try {
      // Every task at once; then the driver takes their outputs one partition after another.
      outputs.count();
      report = collect(table, outputs.toLocalIterator(), differences);
    } finally {
      outputs.unpersist(false);
    }
    if (report.matched()) {
      log.info("{}", report);
    } else {
      log.warn("{}", report);
    }
    o.write().report().ifPresent(file -> ReportFiles.write(Path.of(file), report.toJson(), "verify report"));
    if (o.failOnDifference() && !report.matched()) {
      throw new SparkException(report.sentence());
    }
    return report;
  }

  /** Sums the tasks' counts and writes their lines to the differences file, created at the first. */
  private static SparkVerifyReport collect(String table, Iterator<VerifyOutput> outputs, Path differences) {
    TaskCounts counts = TaskCounts.NONE;
    Writer out = null;
    try {
      try {
        while (outputs.hasNext()) {
          VerifyOutput o = outputs.next();
          if (o.counts() != null) {
            counts = counts.plus(o.counts());
          } else {
            if (out == null) {
              out = new BufferedWriter(Channels.newWriter(PrivateFiles.openForWriting(differences, false),
                  StandardCharsets.UTF_8), 64 * 1024);
            }
            out.write(o.line());
            out.write('\n');
          }
        }
      } finally {
        if (out != null) {
          out.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the differences file " + differences + ": " + e.getMessage(), e);
    }
    return SparkVerifyReport.of(table, counts, Optional.ofNullable(out == null ? null : differences.toString()));
  }

  private static TableDescription describe(SparkVerifyOptions o) {
    String table = o.write().table();
    String target = o.write().client().describeTarget();
    try (DynamoDbClient control = DynamoClients.controlPlane(o.write().client())) {
      return new TableSetup(control).describeExisting(table, target);
    }
  }

  /** {@code maxRcu}, else 90 % of a provisioned table's read capacity, else none; never raised. */
  private static double readCeiling(SparkVerifyOptions o, TableCapacity capacity) {
    if (o.maxRcu() > 0) {
      return o.maxRcu();
    }
    long read = capacity.capacity().read();
    return !capacity.onDemand() && read > 0 ? Math.max(1, SparkWriteOptions.CAPACITY_FRACTION * read)
        : Double.POSITIVE_INFINITY;
  }

}
