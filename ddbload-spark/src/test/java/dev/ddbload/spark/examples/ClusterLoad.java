package dev.ddbload.spark.examples;

import org.apache.spark.sql.SparkSession;

/**
 * A driver program for {@code spark-submit}: writes {@code ROWS} generated rows in four
 * partitions into a provisioned table, raising its write capacity for the job. SparkClusterIT
 * submits it to a standalone cluster with ddbload's shaded jar in {@code --jars}.
 *
 * <pre>
 * ClusterLoad TABLE ENDPOINT ROWS REPORT STATE_DIR
 * </pre>
 */
public final class ClusterLoad {

  private ClusterLoad() {}

  /** {@code TABLE ENDPOINT ROWS REPORT STATE_DIR}; the master comes from spark-submit. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("ddbload cluster load").getOrCreate();
    try {
      spark.range(0, Long.parseLong(args[2]), 1, 4)
          .selectExpr("concat('k', id) AS pk", "id AS n", "concat('v-', id % 97) AS s", "cast(id AS double) / 8 AS d")
          .write().format("ddbload")
          .option("table", args[0])
          .option("endpoint", args[1])
          .option("region", "us-east-1")
          .option("maxWriteCapacity", "1000")
          .option("report", args[3])
          .option("stateDir", args[4])
          .mode("append")
          .save();
    } finally {
      spark.stop();
    }
  }
}
