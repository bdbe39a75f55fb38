package dev.ddbload.spark;

import dev.ddbload.ItemWriter;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.KeySchema;
import dev.ddbload.report.LoadStats;
import dev.ddbload.write.DynamoClients;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One task's writer: each row becomes an item and goes through the core engine
 * ({@link ItemWriter}: the write mode, validation, last writer wins by key within the task,
 * batching, paced retries, rejects). {@link #commit} waits until every row is written or rejected, then moves
 * the attempt's rejects file to its final name, so the rejects location holds the rejects of the
 * attempts that committed only. {@link #abort} stops sending and deletes the attempt's rejects.
 * Spark calls it from the task's thread.
 */
final class TaskWriter implements DataWriter<InternalRow> {

  private static final Logger log = LoggerFactory.getLogger(TaskWriter.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final int partition;
  private final ItemMapping mapping;
  private final DynamoDbAsyncClient client;
  private final Path rejectsFile;
  private final ItemWriter writer;

  private TaskWriter(TaskWriterFactory job, int partition, int attempt, DynamoDbAsyncClient client) {
    SparkWriteOptions options = job.options();
    this.partition = partition;
    this.mapping = ItemMapping.of(job.schema(), options);
    this.client = client;
    String name = String.format("part-%05d-%s", partition, job.job());
    Path dir = Path.of(options.rejects());
    this.rejectsFile = dir.resolve(name + ".jsonl");
    this.writer = ItemWriter.builder(client, options.table(), KeySchema.parse(job.keySpec()))
        .mode(options.mode())
        .onConflict(options.onConflict())
        .removeNulls(options.removeNulls())
        .ifNewer(options.ifNewer().orElse(null))
        .opField(options.opField().orElse(null))
        .concurrency(options.concurrency())
        .maxAttempts(options.maxAttempts())
        .backoff(options.backoffBase(), options.backoffMax())
        .maxWcuPerSecond(job.wcuPerTask())
        .rejectsFile(dir.resolve("." + name + "-attempt-" + attempt + ".jsonl.tmp"))
        .sourceName("partition " + partition)
        .build();
  }

  /** A writer for one task attempt, with its own DynamoDB client (credentials from the default chain). */
  static TaskWriter open(TaskWriterFactory job, int partition, long taskId) {
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    DynamoDbAsyncClient client = DynamoClients.dataPlane(job.options().client(), job.options().concurrency().max());
    try {
      return new TaskWriter(job, partition, attempt, client);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public void write(InternalRow row) throws IOException {
    failOnFatalError();
    Map<String, AttributeValue> item;
    try {
      item = mapping.toItem(row);
    } catch (InvalidValueException e) {
      writer.reject(ItemJson.toJson(mapping.convertible(row)), e.reason(), e.getMessage());
      return;
    }
    try {
      writer.add(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing to DynamoDB");
    }
  }

  /**
   * Waits until every row is written or rejected, then publishes the rejects file.
   *
   * @throws IOException when a fatal error (table gone, access denied, ...) stopped the writes:
   *     the task fails and Spark may retry it
   */
  @Override
  public WriterCommitMessage commit() throws IOException {
    Optional<Path> written;
    try {
      written = writer.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for DynamoDB");
    }
    failOnFatalError();
    String published = null;
    if (written.isPresent()) {
      Files.move(written.get(), rejectsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      published = rejectsFile.toAbsolutePath().toString();
    }
    LoadStats s = writer.stats();
    WriteMetrics.publishFinal(currentMetricsValues());
    return new TaskReport(partition, s.recordsRead(), s.written(), s.skippedExists(), s.skippedNotNewer(),
        s.rejected(), s.superseded(), s.retriedItems(), s.writeUnits(), published);
  }

  /** Stops sending; this attempt's rejects are dropped (a retry of the task rejects them again). */
  @Override
  public void abort() throws IOException {
    try {
      if (!writer.stop(STOP_GRACE)) {
        log.warn("Some BatchWriteItem calls of partition {} had not come back {} s after the task was aborted.",
            partition, STOP_GRACE.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writer.close();
      Files.deleteIfExists(writer.rejectsFile());
    }
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    LoadStats s = writer.stats();
    return WriteMetrics.values(s.written(), s.skippedOnCondition(), s.rejected(), s.superseded(), s.retriedItems());
  }

  @Override
  public void close() throws IOException {
    try {
      writer.close();
    } finally {
      client.close();
    }
  }

  private void failOnFatalError() throws IOException {
    if (writer.fatalError().isPresent()) {
      throw new IOException("Writing to DynamoDB table stopped: " + writer.fatalError().get());
    }
  }
}
