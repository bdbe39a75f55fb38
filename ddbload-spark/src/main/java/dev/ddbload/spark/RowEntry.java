package dev.ddbload.spark;

import java.io.Serializable;

/**
 * One row on its way from its partition to the task that checks its key, or a partition's count
 * of rows that cannot be checked.
 *
 * @param partition the row's partition in the DataFrame
 * @param index the row's position in its partition (0 first)
 * @param json the row's item in DynamoDB JSON, or its key in {@code delete} mode; null for a count
 * @param notCheckable for a count: the partition's rows the writer would reject; else 0
 */
record RowEntry(int partition, long index, String json, long notCheckable) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A row. */
  static RowEntry row(int partition, long index, String json) {
    return new RowEntry(partition, index, json, 0);
  }

  /** A partition's count of rows that cannot be checked. */
  static RowEntry counts(int partition, long notCheckable) {
    return new RowEntry(partition, -1, null, notCheckable);
  }

  /** Whether this row comes before {@code other} in the DataFrame: partition, then index. */
  boolean before(RowEntry other) {
    return partition != other.partition ? partition < other.partition : index < other.index;
  }
}
