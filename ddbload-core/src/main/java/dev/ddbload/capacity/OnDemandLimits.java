package dev.ddbload.capacity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most write request units per second an on-demand table and its global secondary indexes
 * accept ({@code OnDemandThroughput.MaxWriteRequestUnits}), as DescribeTable reports them.
 * Immutable.
 *
 * @param table the table's maximum, or 0 for none
 * @param indexes each index's maximum (0 for none), by index name
 */
public record OnDemandLimits(long table, Map<String, Long> indexes) {

  /** No maximum anywhere. */
  public static final OnDemandLimits NONE = new OnDemandLimits(0, Map.of());

  /** Copies the index map; a negative maximum (DynamoDB's -1) means none. */
  public OnDemandLimits {
    table = Math.max(0, table);
    Map<String, Long> copy = new LinkedHashMap<>();
    indexes.forEach((name, max) -> copy.put(name, Math.max(0, max)));
    indexes = Map.copyOf(copy);
  }

  /**
   * The write rate a load must stay under, in units per second, as ConsumedCapacity TOTAL counts
   * it (the table's writes plus its indexes'): the table's maximum plus each index's, an index
   * without one counted at the table's (it receives at most the table's writes). 0 when the table
   * has no maximum: an index's alone cannot bound the writes that do not reach it.
   */
  public long writeCeiling() {
    if (table == 0) {
      return 0;
    }
    long total = table;
    for (long max : indexes.values()) {
      total += max > 0 ? max : table;
    }
    return total;
  }

  /** Each maximum set, as {@code "table T"} and {@code "index I"} to units per second, table first. */
  public Map<String, Long> describe(String tableName) {
    Map<String, Long> all = new LinkedHashMap<>();
    if (table > 0) {
      all.put("table " + tableName, table);
    }
    indexes.forEach((name, max) -> {
      if (max > 0) {
        all.put("index " + name, max);
      }
    });
    return all;
  }
}
