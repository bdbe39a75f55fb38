package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One BatchWriteItem request as DynamoDB JSON, split into its write requests, and the bodies the
 * proxy makes from it: the request with only some of its items, and responses that return items
 * in {@code UnprocessedItems}. Immutable once parsed; thread-safe.
 */
final class BatchWrite {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One write request.
   *
   * @param table the table it writes to
   * @param request {@code {"PutRequest":{"Item":...}}} or {@code {"DeleteRequest":{"Key":...}}}
   * @param writeUnits the write capacity it consumes
   */
  record Entry(String table, JsonNode request, int writeUnits) {

    /** The put's item or the delete's key: attribute name to typed value. */
    JsonNode attributes() {
      JsonNode put = request.path("PutRequest");
      return put.isMissingNode() ? request.path("DeleteRequest").path("Key") : put.path("Item");
    }

    /** The value of a top-level attribute as written (S, N or B), or null. */
    String textOf(String attribute) {
      return BatchWrite.textOf(attributes(), attribute);
    }

    /** Whether a top-level S attribute holds one of {@code values}. */
    boolean holdsString(Set<String> values) {
      return BatchWrite.holdsString(attributes(), values);
    }
  }

  private final ObjectNode root;
  private final List<Entry> entries;

  private BatchWrite(ObjectNode root, List<Entry> entries) {
    this.root = root;
    this.entries = entries;
  }

  /** Parses a BatchWriteItem request body. */
  static BatchWrite parse(byte[] body) throws IOException {
    JsonNode tree = JSON.readTree(body);
    if (!(tree instanceof ObjectNode) || !tree.path("RequestItems").isObject()) {
      throw new IOException("not a BatchWriteItem request");
    }
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.path("RequestItems").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> table = it.next();
      for (JsonNode request : table.getValue()) {
        entries.add(new Entry(table.getKey(), request, JsonItemSize.writeUnits(request)));
      }
    }
    return new BatchWrite((ObjectNode) tree, List.copyOf(entries));
  }

  /** The write requests, in request order. */
  List<Entry> entries() {
    return entries;
  }

  /** Whether the caller asked for {@code ConsumedCapacity} in the response. */
  boolean wantsCapacity() {
    String mode = root.path("ReturnConsumedCapacity").asText("NONE");
    return !mode.equals("NONE");
  }

  /** This request's body with only {@code kept} as its items. */
  byte[] bodyWith(List<Entry> kept) {
    ObjectNode copy = root.deepCopy();
    copy.set("RequestItems", byTable(kept));
    return bytes(copy);
  }

  /**
   * A 200 response body returning {@code heldBack} unprocessed, with {@code ConsumedCapacity}
   * for {@code written} if the caller asked for it.
   */
  byte[] responseReturning(List<Entry> heldBack, List<Entry> written) {
    ObjectNode response = JSON.createObjectNode();
    response.set("UnprocessedItems", byTable(heldBack));
    if (wantsCapacity()) {
      Map<String, Integer> units = new LinkedHashMap<>();
      for (String table : tablesOf(entries)) {
        units.put(table, 0);
      }
      for (Entry e : written) {
        units.merge(e.table(), e.writeUnits(), Integer::sum);
      }
      ArrayNode capacity = response.putArray("ConsumedCapacity");
      units.forEach((table, wcu) -> capacity.addObject().put("TableName", table).put("CapacityUnits", (double) wcu));
    }
    return bytes(response);
  }

  /** The target's 200 response body with {@code heldBack} added to its {@code UnprocessedItems}. */
  static byte[] withUnprocessed(byte[] targetResponse, List<Entry> heldBack) throws IOException {
    JsonNode tree = JSON.readTree(targetResponse);
    if (!(tree instanceof ObjectNode)) {
      throw new IOException("not a BatchWriteItem response");
    }
    ObjectNode response = (ObjectNode) tree;
    JsonNode existing = response.path("UnprocessedItems");
    ObjectNode unprocessed = existing.isObject() ? (ObjectNode) existing : response.putObject("UnprocessedItems");
    for (Entry e : heldBack) {
      add(unprocessed, e);
    }
    return bytes(response);
  }

  /** The value of a top-level attribute of {@code attributes} as written (S, N or B), or null. */
  static String textOf(JsonNode attributes, String attribute) {
    JsonNode typed = attributes.path(attribute);
    if (!typed.isObject() || typed.size() != 1) {
      return null;
    }
    JsonNode v = typed.elements().next();
    return v.isTextual() ? v.asText() : null;
  }

  /** Whether a top-level S attribute of {@code attributes} holds one of {@code values}. */
  static boolean holdsString(JsonNode attributes, Set<String> values) {
    for (Iterator<JsonNode> it = attributes.elements(); it.hasNext(); ) {
      JsonNode s = it.next().path("S");
      if (s.isTextual() && values.contains(s.asText())) {
        return true;
      }
    }
    return false;
  }

  /** A DynamoDB JSON-protocol error body, e.g. type {@code com.amazon.coral.validate#ValidationException}. */
  static byte[] errorBody(String type, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", type);
    error.put("message", message);
    return bytes(error);
  }

  private static ObjectNode byTable(Collection<Entry> entries) {
    ObjectNode items = JSON.createObjectNode();
    for (Entry e : entries) {
      add(items, e);
    }
    return items;
  }

  /** Appends the entry's request to its table's list in a {@code RequestItems}-shaped object. */
  private static void add(ObjectNode byTable, Entry e) {
    JsonNode list = byTable.path(e.table());
    ArrayNode array = list.isArray() ? (ArrayNode) list : byTable.putArray(e.table());
    array.add(e.request());
  }

  private static Set<String> tablesOf(List<Entry> entries) {
    Set<String> tables = new LinkedHashSet<>();
    for (Entry e : entries) {
      tables.add(e.table());
    }
    return tables;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
