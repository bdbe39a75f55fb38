package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code BatchExecuteStatement} request (PartiQL) as DynamoDB JSON, split into its
 * statements, and the bodies the proxy makes from it once the {@link DynamoModel} has decided
 * which statements are admitted: the request with only those, and a response with, in each
 * statement's place, the target's answer, the proxy's own {@code {"TableName":t}} (sink mode) or
 * an error ({@code ProvisionedThroughputExceeded} for a statement not admitted, {@code
 * ValidationError} for an invalid one). Immutable once parsed; thread-safe.
 */
final class StatementBatch {

  static final String THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceeded";
  static final String VALIDATION_ERROR = "ValidationError";
  private static final String THROUGHPUT_MESSAGE = "The level of configured provisioned throughput for the"
      + " table was exceeded. Consider increasing your provisioning level with the UpdateTable API.";
  private static final String VALIDATION_MESSAGE =
      "One or more parameter values were invalid: refused by the FaultProxy's invalid keys";

  /**
   * One statement.
   *
   * @param request {@code {"Statement":…,"Parameters":[…],…}} as received
   * @param write what the proxy reads of it
   */
  record Entry(JsonNode request, PartiqlWrite write) {

    /** The table it writes to, empty when not known. */
    String table() {
      return write.table();
    }
  }

  private final ObjectNode root;
  private final List<Entry> entries;

  private StatementBatch(ObjectNode root, List<Entry> entries) {
    this.root = root;
    this.entries = entries;
  }

  /**
   * Parses a BatchExecuteStatement request body.
   *
   * @throws IOException when the body is not such a request (no statements, or one without its
   *     {@code Statement} text), or its statements are all reads ({@code SELECT}), which the
   *     proxy does not model
   */
  static StatementBatch parse(byte[] body) throws IOException {
    JsonNode tree = BatchWrite.JSON.readTree(body);
    JsonNode statements = tree == null ? null : tree.path("Statements");
    if (!(tree instanceof ObjectNode) || !statements.isArray() || statements.isEmpty()) {
      throw new IOException("not a BatchExecuteStatement request");
    }
    List<Entry> entries = new ArrayList<>(statements.size());
    boolean reads = true;
    for (JsonNode statement : statements) {
      JsonNode text = statement.path("Statement");
      if (!text.isTextual()) {
        throw new IOException("a statement without its Statement text");
      }
      reads &= PartiqlParser.isRead(text.asText());
      entries.add(new Entry(statement, PartiqlWrite.of(text.asText(), statement.get("Parameters"))));
    }
    if (reads) {
      throw new IOException("a BatchExecuteStatement of reads");
    }
    return new StatementBatch((ObjectNode) tree, List.copyOf(entries));
  }

  /** The statements, in request order. */
  List<Entry> entries() {
    return entries;
  }

  /** Whether the caller asked for {@code ConsumedCapacity} in the response. */
  boolean wantsCapacity() {
    return !root.path("ReturnConsumedCapacity").asText("NONE").equals("NONE");
  }

  /** This request's body with only the statements {@code outcome} processed, in order. */
  byte[] bodyWithProcessed(CallOutcome outcome) {
    ObjectNode copy = root.deepCopy();
    ArrayNode kept = copy.putArray("Statements");
    for (int i = 0; i < entries.size(); i++) {
      if (outcome.isProcessed(i)) {
        kept.add(entries.get(i).request());
      }
    }
    return BatchWrite.bytes(copy);
  }

  /**
   * The proxy's own 200 response: {@code {"TableName":t}} for each processed statement, the
   * error for each other one, and per table the units of the processed statements in {@code
   * ConsumedCapacity} if the caller asked for it.
   */
  byte[] responseWithoutTarget(CallOutcome outcome) {
    ObjectNode response = BatchWrite.JSON.createObjectNode();
    ArrayNode responses = response.putArray("Responses");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      responses.add(outcome.isProcessed(i) ? tableOnly(e) : error(e, outcome.items().get(i)));
    }
    if (wantsCapacity()) {
      response.set("ConsumedCapacity", capacityOf(outcome));
    }
    return BatchWrite.bytes(response);
  }

  /** Per table, in request order, the units of the statements {@code outcome} processed. */
  private ArrayNode capacityOf(CallOutcome outcome) {
    Map<String, Integer> units = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      units.merge(e.table(), outcome.isProcessed(i) ? e.write().writeUnits() : 0, Integer::sum);
    }
    ArrayNode capacity = BatchWrite.JSON.createArrayNode();
    units.forEach((table, wcu) -> capacity.addObject().put("TableName", table).put("CapacityUnits", (double) wcu));
    return capacity;
  }

  /**
   * The target's 200 response to {@link #bodyWithProcessed} (or to the whole request, when all
   * statements were processed) turned into the answer to the whole request: its {@code
   * Responses} put back in the processed statements' places, the error in each other's; the rest
   * of it kept. Its {@code ConsumedCapacity} passes through; when the caller asked for it and the
   * target gave none (DynamoDB Local gives none for this call), the proxy's estimate for the
   * processed statements is added, as in sink mode. The target's own bytes when nothing changes.
   *
   * @throws IOException when it is not such a response, or answers another number of statements
   */
  byte[] merged(byte[] targetResponse, CallOutcome outcome) throws IOException {
    JsonNode tree = BatchWrite.JSON.readTree(targetResponse);
    JsonNode answered = tree == null ? null : tree.path("Responses");
    int processed = outcome.processedCount();
    if (!(tree instanceof ObjectNode) || !answered.isArray() || answered.size() != processed) {
      throw new IOException("not a BatchExecuteStatement response to " + processed + " statements");
    }
    ObjectNode response = (ObjectNode) tree;
    boolean addCapacity = wantsCapacity() && response.path("ConsumedCapacity").isEmpty();
    if (processed == entries.size() && !addCapacity) {
      return targetResponse;
    }
    ArrayNode responses = BatchWrite.JSON.createArrayNode();
    int next = 0;
    for (int i = 0; i < entries.size(); i++) {
      responses.add(outcome.isProcessed(i) ? answered.get(next++) : error(entries.get(i), outcome.items().get(i)));
    }
    response.set("Responses", responses);
    if (addCapacity) {
      response.set("ConsumedCapacity", capacityOf(outcome));
    }
    return BatchWrite.bytes(response);
  }

  private static ObjectNode tableOnly(Entry e) {
    ObjectNode answer = BatchWrite.JSON.createObjectNode();
    if (!e.table().isEmpty()) {
      answer.put("TableName", e.table());
    }
    return answer;
  }

  /** The answer in the place of a statement not processed: an invalid one's or one held back. */
  private static ObjectNode error(Entry e, ItemResult result) {
    ObjectNode answer = tableOnly(e);
    ObjectNode error = answer.putObject("Error");
    if (result == ItemResult.INVALID) {
      error.put("Code", VALIDATION_ERROR).put("Message", VALIDATION_MESSAGE);
    } else {
      error.put("Code", THROUGHPUT_EXCEEDED).put("Message", THROUGHPUT_MESSAGE);
    }
    return answer;
  }
}
