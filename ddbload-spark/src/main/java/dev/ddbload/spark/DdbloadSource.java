package dev.ddbload.spark;

import dev.ddbload.config.ConfigurationException;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ddbload} data source: writes a DataFrame into an existing DynamoDB table with the
 * loader's engine running in every task.
 *
 * <pre>{@code
 * df.write().format("ddbload").option("table", "books").mode("append").save();
 * }</pre>
 *
 * <p>The table takes the DataFrame's schema as it is (no inference, no reading). Options and
 * column types are checked here, before Spark plans anything; see {@link SparkWriteOptions} and
 * {@link ItemMapping}. The table is checked against the DataFrame by {@link DdbloadVerify}, a job
 * of its own. Stateless; Spark creates one per use.
 */
public final class DdbloadSource implements TableProvider, DataSourceRegister {

  private static final Logger log = LoggerFactory.getLogger(DdbloadSource.class);

  /** The short name for {@code format(...)}. */
  public static final String SHORT_NAME = "ddbload";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  /** Not supported: ddbload only writes. */
  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    throw new UnsupportedOperationException("The ddbload data source writes to DynamoDB and cannot read:"
        + " use df.write.format(\"ddbload\").");
  }

  /** The DataFrame's schema is the table's: Spark passes it in. */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  /**
   * The write target for this DataFrame schema.
   *
   * @throws ConfigurationException for a missing or bad option, or a column type DynamoDB
   *     cannot hold, naming it
   */
  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(properties);
    if (partitioning.length > 0) {
      throw new ConfigurationException("The ddbload writer does not partition its output; remove partitionBy.");
    }
    if (options.containsKey("verify")) {
      throw new ConfigurationException("The ddbload writer does not verify: after the write, call"
          + " dev.ddbload.spark.DdbloadVerify.verify(df, options) with the same options.");
    }
    SparkWriteOptions parsed = SparkWriteOptions.parse(options);
    Set<String> unknown = SparkWriteOptions.unknown(options);
    if (!unknown.isEmpty()) {
      log.warn("Ignoring options the ddbload writer does not know: {}", unknown);
    }
    ItemMapping.of(schema, parsed);
    return new DdbloadTable(schema, parsed);
  }
}
