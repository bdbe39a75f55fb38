package dev.ddbload.item;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Turns the text fields of one row (CSV) into an item, using column types from an
 * {@link ItemSchema}. Columns the schema does not name are strings, except table key columns,
 * which take the key's type. Bound to one header; immutable and thread-safe.
 */
public final class RowMapper {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);
  private static final AttributeValue EMPTY_STRING = AttributeValue.fromS("");

  private final String[] names;
  private final ColumnType[] types;
  private final EmptyCellPolicy emptyCells;
  private final Pattern setSplitter;
  private final JsonAttributes json;

  private RowMapper(String[] names, ColumnType[] types, EmptyCellPolicy emptyCells, String setDelimiter,
      JsonAttributes json) {
    this.names = names;
    this.types = types;
    this.emptyCells = emptyCells;
    this.setSplitter = Pattern.compile(Pattern.quote(setDelimiter));
    this.json = json;
  }

  /**
   * A mapper for rows under this header.
   *
   * @param header column names in file order
   * @param schema declared column types
   * @param keys the table's key, whose columns default to the key type; may be null
   * @param emptyCells what an empty cell becomes
   * @param setDelimiter separator between set elements in SS and NS cells
   * @param json mapper for JSON cells
   * @throws IllegalArgumentException if the header repeats a name or is empty
   */
  public static RowMapper forHeader(List<String> header, ItemSchema schema, KeySchema keys,
      EmptyCellPolicy emptyCells, String setDelimiter, JsonAttributes json) {
    String[] names = header.toArray(new String[0]);
    ColumnType[] types = new ColumnType[names.length];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i].isEmpty()) {
        throw new IllegalArgumentException("column " + (i + 1) + " of the header has no name");
      }
      if (!seen.add(names[i])) {
        throw new IllegalArgumentException("the header names column '" + names[i] + "' twice");
      }
      String name = names[i];
      types[i] = schema.typeOf(name).orElseGet(() -> keyType(keys, name));
    }
    return new RowMapper(names, types, emptyCells, setDelimiter, json);
  }

  private static ColumnType keyType(KeySchema keys, String column) {
    if (keys == null) {
      return ColumnType.S;
    }
    return keys.typeOf(column).map(t -> t == ScalarAttributeType.N ? ColumnType.N
        : t == ScalarAttributeType.B ? ColumnType.B : ColumnType.S).orElse(ColumnType.S);
  }

  /** Number of columns in the header. */
  public int columnCount() {
    return names.length;
  }

  /** Column names, in file order. */
  public List<String> columnNames() {
    return List.of(names);
  }

  /**
   * Maps one row.
   *
   * @param fields the row's fields, as many as the header has columns
   * @throws InvalidValueException naming the column whose cell cannot be converted
   */
  public Map<String, AttributeValue> map(List<String> fields) throws InvalidValueException {
    if (fields.size() != names.length) {
      throw new InvalidValueException(RejectReason.MALFORMED, "the row has " + fields.size()
          + " fields but the header has " + names.length);
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      String cell = fields.get(i);
      if (cell.isEmpty()) {
        if (emptyCells == EmptyCellPolicy.NULL) {
          item.put(names[i], NULL);
        } else if (emptyCells == EmptyCellPolicy.STRING) {
          item.put(names[i], EMPTY_STRING);
        }
        continue;
      }
      try {
        AttributeValue v = convert(types[i], cell);
        if (v != null) {
          item.put(names[i], v);
        }
      } catch (InvalidValueException e) {
        throw new InvalidValueException(e.reason(), "column '" + names[i] + "': " + e.getMessage());
      }
    }
    return item;
  }

  private AttributeValue convert(ColumnType type, String cell) throws InvalidValueException {
    switch (type) {
      case S:
        return AttributeValue.fromS(cell);
      case N:
        return AttributeValue.fromN(DynamoNumbers.validate(cell));
      case BOOL:
        return AttributeValue.fromBool(parseBoolean(cell));
      case B:
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(decodeBase64(cell)));
      case NULL:
        return NULL;
      case SS:
        List<String> strings = splitSet(cell);
        return strings.isEmpty() ? null : AttributeValue.fromSs(strings);
      case NS:
        return numberSet(cell);
      case JSON:
        return json.parseValue(cell);
      default:
        throw new IllegalStateException("unhandled column type " + type);
    }
  }

  private static boolean parseBoolean(String cell) throws InvalidValueException {
    String lower = cell.toLowerCase(Locale.ROOT);
    if (lower.equals("true")) {
      return true;
    }
    if (lower.equals("false")) {
      return false;
    }
    throw new InvalidValueException(RejectReason.BAD_VALUE, "'" + DynamoNumbers.abbreviate(cell)
        + "' is not true or false");
  }

  private static byte[] decodeBase64(String cell) throws InvalidValueException {
    try {
      return Base64.getDecoder().decode(cell);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(RejectReason.BAD_VALUE, "not valid base64: " + e.getMessage());
    }
  }

  /** Set elements: split, empty elements dropped, duplicates removed (a set holds each once). */
  private List<String> splitSet(String cell) {
    Set<String> elements = new LinkedHashSet<>();
    for (String e : setSplitter.split(cell, -1)) {
      if (!e.isEmpty()) {
        elements.add(e);
      }
    }
    return new ArrayList<>(elements);
  }

  private AttributeValue numberSet(String cell) throws InvalidValueException {
    // Numbers equal in value ("1" and "1.0") are the same set element to DynamoDB.
    Map<BigDecimal, String> byValue = new LinkedHashMap<>();
    for (String e : splitSet(cell)) {
      String n = DynamoNumbers.validate(e.trim());
      byValue.putIfAbsent(new BigDecimal(n).stripTrailingZeros(), n);
    }
    return byValue.isEmpty() ? null : AttributeValue.fromNs(new ArrayList<>(byValue.values()));
  }
}
