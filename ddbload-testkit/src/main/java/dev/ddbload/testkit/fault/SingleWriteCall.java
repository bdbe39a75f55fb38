package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * One PutItem, UpdateItem or DeleteItem request as the proxy sees it: its table, the put's item
 * or the key, and the write units it is charged. A put is charged by its item's size; an update
 * by its key and {@code ExpressionAttributeValues} (the proxy does not know the stored item it
 * changes, so this is an estimate); a delete one unit. Immutable; thread-safe.
 *
 * @param table the table it writes to
 * @param attributes the put's {@code Item} or the update's or delete's {@code Key}
 * @param writeUnits the write capacity units it consumes, at least one
 * @param wantsCapacity whether the caller asked for {@code ConsumedCapacity}
 */
record SingleWriteCall(String table, JsonNode attributes, int writeUnits, boolean wantsCapacity) {

  /** The operations that are single writes. */
  static final Set<String> OPERATIONS = Set.of("PutItem", "UpdateItem", "DeleteItem");

  /**
   * Parses the body of {@code operation}, one of {@link #OPERATIONS}.
   *
   * @throws IOException when the body is not such a request
   */
  static SingleWriteCall parse(String operation, byte[] body) throws IOException {
    JsonNode tree = BatchWrite.JSON.readTree(body);
    if (!(tree instanceof ObjectNode) || !tree.path("TableName").isTextual()) {
      throw new IOException("not a " + operation + " request");
    }
    boolean put = operation.equals("PutItem");
    JsonNode attributes = tree.path(put ? "Item" : "Key");
    if (!attributes.isObject()) {
      throw new IOException(operation + " without " + (put ? "Item" : "Key"));
    }
    int units;
    try {
      units = switch (operation) {
        case "PutItem" -> JsonItemSize.unitsOf(JsonItemSize.of(attributes));
        case "UpdateItem" -> JsonItemSize.unitsOf(JsonItemSize.of(attributes)
            + JsonItemSize.of(tree.path("ExpressionAttributeValues")));
        default -> 1;
      };
    } catch (RuntimeException unsized) {
      throw new IOException(operation + " with an unreadable attribute value: " + unsized.getMessage(), unsized);
    }
    String mode = tree.path("ReturnConsumedCapacity").asText("NONE");
    return new SingleWriteCall(tree.path("TableName").asText(), attributes, units, !mode.equals("NONE"));
  }

  /** The value of a top-level attribute of the item or key as written (S, N or B), or null. */
  String textOf(String attribute) {
    return BatchWrite.textOf(attributes, attribute);
  }

  /** Whether a top-level S attribute of the item or key holds one of {@code values}. */
  boolean holdsString(Set<String> values) {
    return BatchWrite.holdsString(attributes, values);
  }

  /** The 200 response of a write done: its {@code ConsumedCapacity} if the caller asked for it. */
  byte[] response() {
    ObjectNode response = BatchWrite.JSON.createObjectNode();
    if (wantsCapacity) {
      response.putObject("ConsumedCapacity").put("TableName", table).put("CapacityUnits", (double) writeUnits);
    }
    return BatchWrite.bytes(response);
  }
}
