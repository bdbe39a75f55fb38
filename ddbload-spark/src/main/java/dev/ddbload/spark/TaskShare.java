package dev.ddbload.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * How many of a job's tasks run at once, and each one's share of the job's write (or read) rate.
 * Stateless.
 */
final class TaskShare {

  private TaskShare() {}

  /**
   * Tasks running at the same time: the partitions, at most the task slots.
   *
   * @param partitions the write's partitions
   * @param cores cores the job may use: {@code spark.default.parallelism} when set, else the
   *     executors' cores (with dynamic allocation, those of its maximum executors)
   * @param coresPerTask {@code spark.task.cpus}
   */
  static int tasksAtOnce(int partitions, long cores, int coresPerTask) {
    long slots = Math.max(1, cores / Math.max(1, coresPerTask));
    return (int) Math.max(1, Math.min(partitions, slots));
  }

  /**
   * Tasks of a stage of {@code partitions} running at the same time on this cluster: the cores
   * are {@code spark.default.parallelism} when set, else the executors' cores (with dynamic
   * allocation, those of {@code spark.dynamicAllocation.maxExecutors}).
   */
  static int tasksAtOnce(SparkContext sc, int partitions) {
    SparkConf conf = sc.getConf();
    long cores = sc.defaultParallelism();
    if (!conf.contains("spark.default.parallelism") && conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      long executors = conf.getLong("spark.dynamicAllocation.maxExecutors", Integer.MAX_VALUE);
      cores = Math.max(cores, executors * conf.getInt("spark.executor.cores", 1));
    }
    return tasksAtOnce(partitions, cores, conf.getInt("spark.task.cpus", 1));
  }

  /** Each task's ceiling in units per second: an equal share ({@code Infinity} stays unlimited). */
  static double perTask(double jobUnitsPerSecond, int tasksAtOnce) {
    return Double.isInfinite(jobUnitsPerSecond) ? jobUnitsPerSecond : jobUnitsPerSecond / tasksAtOnce;
  }
}
