package dev.ddbload.jobs;

import static dev.ddbload.jobs.JobItems.ID;
import static dev.ddbload.jobs.JobItems.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.capacity.RestoreStore;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pending capacity restores in the jobs table, one item per table and target
 * ({@code restore#<target>#<table>}), so a run on any machine restores what a killed run left
 * raised. Like the file ledger, the record is per table, not per job: jobs loading the same table
 * at once share it, and the first to end restores. Thread-safe.
 */
public final class JobRestoreStore implements RestoreStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KIND_RESTORE = "capacity-restore";
  private static final String RESTORE = "restore";

  private final JobLedger ledger;

  /** Restores kept in this ledger's table. */
  public JobRestoreStore(JobLedger ledger) {
    this.ledger = ledger;
  }

  static String idOf(String table, String target) {
    return "restore#" + target + "#" + table;
  }

  @Override
  public Optional<PendingRestore> find(String table, String target) {
    Map<String, AttributeValue> item = ledger.dynamo().getItem(b -> b.tableName(ledger.table())
        .key(Map.of(ID, s(idOf(table, target)))).consistentRead(true)).item();
    if (item == null || !item.containsKey(RESTORE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PendingRestore.fromJson(JSON.readTree(item.get(RESTORE).s()), table, target));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the pending capacity restore of table " + table + " in jobs table "
          + ledger.table() + " cannot be read: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public void save(PendingRestore restore) {
    ObjectNode n = JSON.createObjectNode();
    restore.writeTo(n);
    Map<String, AttributeValue> item = Map.of(ID, s(idOf(restore.table(), restore.target())),
        JobItems.KIND, s(KIND_RESTORE), RESTORE, s(n.toString()));
    ledger.dynamo().putItem(b -> b.tableName(ledger.table()).item(item));
  }

  @Override
  public void clear(String table, String target) {
    ledger.dynamo().deleteItem(b -> b.tableName(ledger.table()).key(Map.of(ID, s(idOf(table, target)))));
  }
}
