package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One BatchGetItem request as DynamoDB JSON, split by table into its keys, and the bodies the
 * proxy makes from it: the request with only the first keys of each table, and the target's
 * response with the others added to {@code UnprocessedKeys} (with the table's
 * {@code ConsistentRead} and projection, as DynamoDB returns them). Immutable once parsed;
 * thread-safe.
 */
final class BatchGet {

  /**
   * The keys one table is asked for.
   *
   * @param table the table
   * @param keys the keys, in request order
   * @param consistent whether they are read strongly consistent (a unit per 4 KB, else half)
   */
  record TableKeys(String table, List<JsonNode> keys, boolean consistent) {}

  private final ObjectNode root;
  private final List<TableKeys> tables;

  private BatchGet(ObjectNode root, List<TableKeys> tables) {
    this.root = root;
    this.tables = tables;
  }

  /** Parses a BatchGetItem request body. */
  static BatchGet parse(byte[] body) throws IOException {
    JsonNode tree = BatchWrite.JSON.readTree(body);
    if (!(tree instanceof ObjectNode) || !tree.path("RequestItems").isObject()) {
      throw new IOException("not a BatchGetItem request");
    }
    List<TableKeys> tables = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.path("RequestItems").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> t = it.next();
      List<JsonNode> keys = new ArrayList<>();
      t.getValue().path("Keys").forEach(keys::add);
      tables.add(new TableKeys(t.getKey(), List.copyOf(keys), t.getValue().path("ConsistentRead").asBoolean(false)));
    }
    return new BatchGet((ObjectNode) tree, List.copyOf(tables));
  }

  /** Each table's keys, in request order. */
  List<TableKeys> tables() {
    return tables;
  }

  /** This request's body with only the first {@code kept[i]} keys of table {@code i}; tables left none are left out. */
  byte[] bodyWith(int[] kept) {
    ObjectNode copy = root.deepCopy();
    ObjectNode items = (ObjectNode) copy.path("RequestItems");
    for (int i = 0; i < tables.size(); i++) {
      TableKeys t = tables.get(i);
      if (kept[i] == 0) {
        items.remove(t.table());
        continue;
      }
      ArrayNode keys = ((ObjectNode) items.path(t.table())).putArray("Keys");
      t.keys().subList(0, kept[i]).forEach(keys::add);
    }
    return bytes(copy);
  }

  /** The target's 200 response with the keys after the first {@code kept[i]} of table {@code i} unprocessed. */
  byte[] withUnprocessed(byte[] targetResponse, int[] kept) throws IOException {
    JsonNode tree = BatchWrite.JSON.readTree(targetResponse);
    if (!(tree instanceof ObjectNode response)) {
      throw new IOException("not a BatchGetItem response");
    }
    JsonNode existing = response.path("UnprocessedKeys");
    ObjectNode unprocessed = existing.isObject() ? (ObjectNode) existing : response.putObject("UnprocessedKeys");
    for (int i = 0; i < tables.size(); i++) {
      TableKeys t = tables.get(i);
      if (kept[i] == t.keys().size()) {
        continue;
      }
      JsonNode held = unprocessed.path(t.table());
      ObjectNode keysAndAttributes;
      if (held.isObject()) {
        keysAndAttributes = (ObjectNode) held;
      } else {
        keysAndAttributes = withoutKeys(root.path("RequestItems").path(t.table()));
        unprocessed.set(t.table(), keysAndAttributes);
      }
      JsonNode list = keysAndAttributes.path("Keys");
      ArrayNode keys = list.isArray() ? (ArrayNode) list : keysAndAttributes.putArray("Keys");
      t.keys().subList(kept[i], t.keys().size()).forEach(keys::add);
    }
    return bytes(response);
  }

  private static ObjectNode withoutKeys(JsonNode keysAndAttributes) {
    ObjectNode copy = ((ObjectNode) keysAndAttributes).deepCopy();
    copy.remove("Keys");
    return copy;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return BatchWrite.JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
