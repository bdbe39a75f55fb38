package dev.ddbload.spark;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.capacity.CapacityControl;
import dev.ddbload.capacity.CapacityManager;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.RestoreLedger;
import dev.ddbload.item.KeySchema;
import dev.ddbload.write.DynamoClients;
import dev.ddbload.write.ErrorClassifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The driver's side of one write job: raises provisioned capacity and splits the write rate
 * before the tasks start ({@link #createBatchWriterFactory}), then restores capacity and reports
 * when the job commits or aborts, whichever happens. Spark calls it from one driver thread.
 */
final class DynamoBatchWrite implements BatchWrite {

  private static final Logger log = LoggerFactory.getLogger(DynamoBatchWrite.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final Duration CAPACITY_WAIT = Duration.ofMinutes(30);

  private final StructType schema;
  private final SparkWriteOptions options;
  private final KeySchema keys;
  private final String queryId;
  private DynamoDbClient control;
  private CapacityControl capacity;
  private JobReport report;

  DynamoBatchWrite(StructType schema, SparkWriteOptions options, KeySchema keys, String queryId) {
    this.schema = schema;
    this.options = options;
    this.keys = keys;
    this.queryId = queryId;
  }

  /**
   * Raises capacity (recording the restore first), works out how many tasks run at once and
   * each one's share of the write rate, and hands the tasks what they need.
   */
  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    double ceiling = prepareCapacity();
    int atOnce = TaskShare.tasksAtOnce(SparkSession.active().sparkContext(), info.numPartitions());
    double perTask = TaskShare.perTask(ceiling, atOnce);
    log.info("ddbload: writing {} partitions into table {}, {} tasks at once, {} WCU/s each", info.numPartitions(),
        options.table(), atOnce, Double.isInfinite(perTask) ? "no limit on" : String.format("%.1f", perTask));
    String job = LocalDateTime.now(Clock.systemUTC()).format(STAMP) + "-" + queryId.substring(0, Math.min(8,
        queryId.length()));
    return new TaskWriterFactory(schema, options, keys.toString(), perTask, job);
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    finish(false, messages);
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    finish(true, messages);
  }

  /** The report of the finished job, once committed or aborted. */
  Optional<JobReport> report() {
    return Optional.ofNullable(report);
  }

  private double prepareCapacity() {
    control = DynamoClients.controlPlane(options.client());
    CapacityManager manager = new CapacityManager(control, new RestoreLedger(Path.of(options.stateDir())),
        options.client().describeTarget(), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), CAPACITY_WAIT);
    capacity = new CapacityControl(manager, options.table(), options.capacity(), SparkWriteOptions.CAPACITY_FRACTION,
        options.maxWcu());
    try {
      return capacity.prepare(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      restoreAfterFailedStart();
      throw new ConfigurationException("Interrupted while raising the capacity of table " + options.table() + ".", e);
    } catch (SdkException e) {
      restoreAfterFailedStart();
      throw new ConfigurationException("DynamoDB refused to describe or update table " + options.table() + ": "
          + ErrorClassifier.describe(e) + ".", e);
    } catch (RuntimeException e) {
      restoreAfterFailedStart();
      throw e;
    }
  }

  /** Spark does not call abort when the factory cannot be made: restore here. */
  private void restoreAfterFailedStart() {
    finish(true, new WriterCommitMessage[0]);
  }

  private void finish(boolean failed, WriterCommitMessage[] messages) {
    CapacityReport restored = CapacityReport.NONE;
    try {
      if (capacity != null) {
        restored = capacity.finish(false, false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      restored = unrestored("interrupted");
    } catch (RuntimeException e) {
      log.error("Restoring capacity failed", e);
      restored = unrestored(e.getMessage());
    } finally {
      capacity = null;
      if (control != null) {
        control.close();
        control = null;
      }
    }
    report = JobReport.of(options.table(), failed, messages, restored);
    if (failed || restored.restoreFailed()) {
      log.warn("{}", report);
    } else {
      log.info("{}", report);
    }
    options.report().ifPresent(file -> report.writeTo(Path.of(file)));
  }

  private CapacityReport unrestored(String why) {
    return new CapacityReport(false, List.of(), List.of(), Optional.of("The write capacity of table "
        + options.table() + " could not be restored: " + why + ". Run `ddbload restore-capacity --table "
        + options.table() + " --state-dir " + options.stateDir() + "`."));
  }
}
