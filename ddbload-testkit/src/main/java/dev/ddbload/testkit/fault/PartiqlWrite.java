package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * One statement of a {@code BatchExecuteStatement} as the proxy sees it: its table, the
 * attributes whose values it gives whole (an INSERT's item, an UPDATE's key) and the write units
 * it is charged. Units: the size of its parameters plus its attribute names, one per started KB,
 * at least one; an estimate, as for an UpdateItem, since the proxy does not know the stored item
 * an UPDATE changes. A statement {@link PartiqlParser} cannot read, or whose parameters do not
 * match its {@code ?}s, has no known attributes and one unit; its table is still taken when the
 * statement starts as a write does. Immutable; thread-safe.
 *
 * @param table the table it writes to, empty when not known
 * @param attributes attribute name to the parameter's typed value, for the INSERT's tuple keys or
 *     the UPDATE's {@code WHERE} equalities; empty when the statement was not read
 * @param writeUnits the write capacity units it is charged, at least one
 */
record PartiqlWrite(String table, ObjectNode attributes, int writeUnits) {

  /** Reads a statement and binds its parameters ({@code null} or missing for none). */
  static PartiqlWrite of(String statement, JsonNode parameters) {
    PartiqlParser.Shape shape;
    try {
      shape = PartiqlParser.parse(statement);
    } catch (ParseException unreadable) {
      return unknown(statement);
    }
    int given = parameters != null && parameters.isArray() ? parameters.size() : 0;
    if (given != shape.parameterCount()) {
      return unknown(statement);
    }
    ObjectNode attributes = BatchWrite.JSON.createObjectNode();
    for (Map.Entry<String, Integer> key : shape.keyParameters().entrySet()) {
      attributes.set(key.getKey(), parameters.get(key.getValue()));
    }
    int bytes;
    try {
      bytes = given == 0 ? 0 : JsonItemSize.ofValues(parameters);
    } catch (RuntimeException unsized) {
      return unknown(statement);
    }
    for (String name : shape.names()) {
      bytes += JsonItemSize.ofName(name);
    }
    return new PartiqlWrite(shape.table(), attributes, JsonItemSize.unitsOf(bytes));
  }

  private static PartiqlWrite unknown(String statement) {
    String table = PartiqlParser.tableOf(statement);
    return new PartiqlWrite(table == null ? "" : table, BatchWrite.JSON.createObjectNode(), 1);
  }

  /** The value of attribute {@code attribute} as written (S, N or B), or null when not given whole. */
  String textOf(String attribute) {
    return BatchWrite.textOf(attributes, attribute);
  }

  /** Whether an attribute given whole is an S value in {@code values}. */
  boolean holdsString(Set<String> values) {
    return BatchWrite.holdsString(attributes, values);
  }
}
