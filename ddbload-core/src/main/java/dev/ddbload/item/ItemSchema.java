package dev.ddbload.item;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Column types for text formats: columns named here get their type, every other column is a
 * string (or, for a table key, the key's type). Immutable and thread-safe.
 */
public final class ItemSchema {

  private static final ItemSchema EMPTY = new ItemSchema(Map.of());

  private final Map<String, ColumnType> types;

  private ItemSchema(Map<String, ColumnType> types) {
    this.types = types;
  }

  /** No declared columns: everything is a string. */
  public static ItemSchema empty() {
    return EMPTY;
  }

  /** A schema with these column types, in order. */
  public static ItemSchema of(Map<String, ColumnType> types) {
    return new ItemSchema(Map.copyOf(types));
  }

  /**
   * Parses {@code col:TYPE,col:TYPE,...}; see {@link ColumnType} for the types.
   *
   * @throws IllegalArgumentException with a one-sentence message naming the bad part
   */
  public static ItemSchema parse(String spec) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return EMPTY;
    }
    for (String part : spec.split(",", -1)) {
      int colon = part.lastIndexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException("schema entry '" + part + "' is not COLUMN:TYPE");
      }
      String column = part.substring(0, colon).trim();
      ColumnType type;
      try {
        type = ColumnType.parse(part.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("schema entry '" + part + "': " + e.getMessage());
      }
      if (types.put(column, type) != null) {
        throw new IllegalArgumentException("schema names column '" + column + "' twice");
      }
    }
    return new ItemSchema(types);
  }

  /** The declared type of a column, if any. */
  public Optional<ColumnType> typeOf(String column) {
    return Optional.ofNullable(types.get(column));
  }

  /** The declared columns and their types. */
  public Map<String, ColumnType> types() {
    return types;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    types.forEach((c, t) -> sb.append(sb.length() == 0 ? "" : ",").append(c).append(':').append(t));
    return sb.toString();
  }
}
