package dev.ddbload.spark;

/**
 * How many of a job's write tasks run at once, and each one's share of the job's write rate.
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

  /** Each task's ceiling in WCU per second: an equal share ({@code Infinity} stays unlimited). */
  static double perTask(double jobWcuPerSecond, int tasksAtOnce) {
    return Double.isInfinite(jobWcuPerSecond) ? jobWcuPerSecond : jobWcuPerSecond / tasksAtOnce;
  }
}
