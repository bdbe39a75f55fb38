package dev.ddbload.spark;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.KeySchema;
import dev.ddbload.table.TableSetup;
import dev.ddbload.write.DynamoClients;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One planned write of a DataFrame into a table whose key has been checked against the
 * DataFrame's columns. Immutable.
 */
final class DdbloadWrite implements Write {

  private final StructType schema;
  private final SparkWriteOptions options;
  private final KeySchema keys;
  private final String queryId;

  private DdbloadWrite(StructType schema, SparkWriteOptions options, KeySchema keys, String queryId) {
    this.schema = schema;
    this.options = options;
    this.keys = keys;
    this.queryId = queryId;
  }

  /**
   * Describes the table and checks that its key attributes are columns of the right type; runs
   * on the driver while Spark plans the query, before any task.
   *
   * @throws ConfigurationException when the table is missing or unreachable, or its key does
   *     not fit the DataFrame
   */
  static DdbloadWrite plan(StructType schema, SparkWriteOptions options, String queryId) {
    ItemMapping mapping = ItemMapping.of(schema, options);
    String target = options.client().describeTarget();
    KeySchema keys;
    try (DynamoDbClient control = DynamoClients.controlPlane(options.client())) {
      keys = new TableSetup(control).prepare(options.table(), null, target, false);
    } catch (SdkException e) {
      throw TableSetup.refused(options.table(), target, e);
    }
    mapping.checkKey(keys, options.table());
    return new DdbloadWrite(schema, options, keys, queryId);
  }

  @Override
  public String description() {
    return "ddbload " + options.mode().name().toLowerCase(java.util.Locale.ROOT) + " into DynamoDB table "
        + options.table();
  }

  @Override
  public BatchWrite toBatch() {
    return new DynamoBatchWrite(schema, options, keys, queryId);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return WriteMetrics.all();
  }
}
