package dev.ddbload.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.execution.metric.CustomMetrics;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.util.AccumulatorV2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The writer's task metrics, summed by Spark over the tasks and shown in the SQL tab of the
 * Spark UI on the write's node. The metric classes are public with a no-argument constructor:
 * Spark creates them by name on the driver.
 *
 * <p>Spark 3.5 takes a writer's last metric values just before it commits the task, when rows
 * may still be in flight; {@link #publishFinal} sets the task's metrics again once the commit
 * has waited for every row.
 */
public final class WriteMetrics {

  private static final Logger log = LoggerFactory.getLogger(WriteMetrics.class);

  static final String WRITTEN = "ddbloadWritten";
  static final String SKIPPED = "ddbloadSkipped";
  static final String REJECTED = "ddbloadRejected";
  static final String SUPERSEDED = "ddbloadSuperseded";
  static final String RETRIED = "ddbloadRetried";

  private WriteMetrics() {}

  static CustomMetric[] all() {
    return new CustomMetric[] {new Written(), new Skipped(), new Rejected(), new Superseded(), new Retried()};
  }

  /** The current values of one task. */
  static CustomTaskMetric[] values(long written, long skipped, long rejected, long superseded, long retried) {
    return new CustomTaskMetric[] {value(WRITTEN, written), value(SKIPPED, skipped), value(REJECTED, rejected),
        value(SUPERSEDED, superseded), value(RETRIED, retried)};
  }

  /**
   * Sets this task's custom SQL metrics to the final values, after the commit: Spark 3.5 reads
   * {@code currentMetricsValues} for the last time before {@code commit} (WritingSparkTask.run),
   * and sends the task's accumulators to the driver only when the task ends. Uses the task's
   * accumulators (a Spark-internal list, public in the bytecode); when that is not available the
   * UI keeps the values from before the commit and the job report stays exact.
   */
  static void publishFinal(CustomTaskMetric[] values) {
    TaskContext context = TaskContext.get();
    if (context == null) {
      return;
    }
    Map<String, Long> byType = new HashMap<>();
    CustomMetric[] metrics = all();
    for (int i = 0; i < metrics.length; i++) {
      byType.put(CustomMetrics.buildV2CustomMetricTypeName(metrics[i]), values[i].value());
    }
    try {
      for (AccumulatorV2<?, ?> accumulator : CollectionConverters.asJava(context.taskMetrics().accumulators())) {
        if (accumulator instanceof SQLMetric metric && byType.containsKey(metric.metricType())) {
          metric.set(byType.get(metric.metricType()));
        }
      }
    } catch (LinkageError | RuntimeException e) {
      log.debug("Cannot update the task's final metrics: {}", e.toString());
    }
  }

  private static CustomTaskMetric value(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }

  /** Items DynamoDB acknowledged. */
  public static final class Written extends CustomSumMetric {
    @Override
    public String name() {
      return WRITTEN;
    }

    @Override
    public String description() {
      return "items written to DynamoDB";
    }
  }

  /** Rows not written because their write's condition was refused (key exists, not newer). */
  public static final class Skipped extends CustomSumMetric {
    @Override
    public String name() {
      return SKIPPED;
    }

    @Override
    public String description() {
      return "rows skipped: key exists or not newer";
    }
  }

  /** Rows in the rejects location. */
  public static final class Rejected extends CustomSumMetric {
    @Override
    public String name() {
      return REJECTED;
    }

    @Override
    public String description() {
      return "rows rejected (see the rejects location)";
    }
  }

  /** Rows a later row with the same key replaced before they were sent. */
  public static final class Superseded extends CustomSumMetric {
    @Override
    public String name() {
      return SUPERSEDED;
    }

    @Override
    public String description() {
      return "rows superseded by a later row with the same key";
    }
  }

  /** Item sends beyond each item's first. */
  public static final class Retried extends CustomSumMetric {
    @Override
    public String name() {
      return RETRIED;
    }

    @Override
    public String description() {
      return "item sends retried";
    }
  }
}
