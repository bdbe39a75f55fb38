package dev.ddbload.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/** A DynamoDB table as Spark sees it: batch writes only (append). Immutable. */
final class DdbloadTable implements SupportsWrite {

  private final StructType schema;
  private final SparkWriteOptions options;

  DdbloadTable(StructType schema, SparkWriteOptions options) {
    this.schema = schema;
    this.options = options;
  }

  @Override
  public String name() {
    return "ddbload:" + options.table();
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_WRITE);
  }

  /** Builds the write at planning time, which checks the table and its key against the DataFrame. */
  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new WriteBuilder() {
      @Override
      public Write build() {
        return DdbloadWrite.plan(info.schema(), options, info.queryId());
      }
    };
  }
}
