package dev.ddbload.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;

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

  /** Reads a restore written by {@link #writeTo}; {@code table} and {@code target} fill in missing fields. */
  public static PendingRestore fromJson(JsonNode n, String table, String target) {
    Map<String, Long> indexes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("indexWrites").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      indexes.put(e.getKey(), e.getValue().asLong());
    }
    return new PendingRestore(n.path("table").asText(table), n.path("target").asText(target),
        n.path("tableWrite").asLong(), indexes, Instant.parse(n.path("recordedAt").asText(Instant.EPOCH.toString())));
  }

  /** Writes the fields into a JSON object. */
  public void writeTo(ObjectNode n) {
    n.put("table", table);
    n.put("target", target);
    n.put("tableWrite", tableWrite);
    ObjectNode indexes = n.putObject("indexWrites");
    indexWrites.forEach(indexes::put);
    n.put("recordedAt", recordedAt.toString());
  }
}
