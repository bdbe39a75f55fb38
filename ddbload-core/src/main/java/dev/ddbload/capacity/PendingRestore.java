package dev.ddbload.capacity;

import java.time.Instant;
import java.util.Map;

/**
 * The write capacity a table and its indexes must be brought back to after a load: recorded
 * before capacity is raised, so that a run killed before restoring can be restored by the next
 * run or by {@code ddbload restore-capacity}.
 *
 * @param table the table name
 * @param target where the table lives (endpoint or region), so the record applies to this table only
 * @param tableWrite the table's write capacity to restore
 * @param indexWrites each index's write capacity to restore, by index name
 * @param recordedAt when the record was made
 */
public record PendingRestore(String table, String target, long tableWrite, Map<String, Long> indexWrites,
    Instant recordedAt) {

  /** Copies the index map. */
  public PendingRestore {
    indexWrites = Map.copyOf(indexWrites);
  }
}
