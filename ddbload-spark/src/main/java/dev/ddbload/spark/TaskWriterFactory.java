package dev.ddbload.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/**
 * What every task of one job needs, serialized from the driver to the executors.
 *
 * @param schema the DataFrame's schema, compiled into an {@link ItemMapping} by each task
 * @param options the writer's options
 * @param keySpec the table's key as {@code NAME:TYPE[,NAME:TYPE]}
 * @param wcuPerTask each task's write-rate ceiling in WCU per second ({@code Infinity}: none)
 * @param job names this job's rejects files
 */
record TaskWriterFactory(StructType schema, SparkWriteOptions options, String keySpec, double wcuPerTask, String job)
    implements DataWriterFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return TaskWriter.open(this, partitionId, taskId);
  }
}
