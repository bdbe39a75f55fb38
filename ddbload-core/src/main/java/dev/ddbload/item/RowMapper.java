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
 * Turns the text fields of one row (CSV, TSV, text lines) into an item, using column types from
 * an {@link ItemSchema}. Columns the schema does not name are strings (or, with type inference,
 * what {@link TypeInference} makes of each cell), except table key columns, which take the
 * key's type. Columns are renamed and excluded by an {@link AttributeShaping}: the schema names
 * input columns, the key names attributes. Bound to one header; immutable and thread-safe.
 */
public final class RowMapper {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);
  private static final AttributeValue EMPTY_STRING = AttributeValue.fromS("");

  private final String[] names;
  /** Per column: its type; null means inferred per cell; excluded columns are skipped. */
  private final ColumnType[] types;
  private final boolean[] excluded;
  private final EmptyCellPolicy emptyCells;
  private final Pattern setSplitter;
  private final JsonAttributes json;

  private RowMapper(String[] names, ColumnType[] types, boolean[] excluded, TextCells cells, JsonAttributes json) {
    this.names = names;
    this.types = types;
    this.excluded = excluded;
    this.emptyCells = cells.emptyCells();
    this.setSplitter = Pattern.compile(Pattern.quote(cells.setDelimiter()));
    this.json = json;
  }

  /**
   * A mapper for rows under this header.
   *
   * @param header input column names in file order
   * @param cells column types and cell rules
   * @param keys the table's key, whose columns default to the key type; may be null
   * @param shaping renames and excluded columns
   * @param json mapper for JSON cells
   * @throws IllegalArgumentException if the header repeats a name or is empty, or renaming makes
   *     two columns of one name
   */
  public static RowMapper forHeader(List<String> header, TextCells cells, KeySchema keys, AttributeShaping shaping,
      JsonAttributes json) {
    String[] names = new String[header.size()];
    ColumnType[] types = new ColumnType[names.length];
    boolean[] excluded = new boolean[names.length];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.length; i++) {
      String input = header.get(i);
      if (input.isEmpty()) {
        throw new IllegalArgumentException("column " + (i + 1) + " of the header has no name");
      }
      if (!seen.add(input)) {
        throw new IllegalArgumentException("the header names column '" + input + "' twice");
      }
      names[i] = shaping.nameOf(input);
      excluded[i] = shaping.excludes(input);
      types[i] = cells.schema().typeOf(input).orElse(keyType(keys, names[i], cells.inferTypes()));
    }
    shaping.checkNames(header);
    return new RowMapper(names, types, excluded, cells, json);
  }

  /** The key's type for a key column; otherwise S, or null (inferred) with type inference. */
  private static ColumnType keyType(KeySchema keys, String attribute, boolean inferTypes) {
    ScalarAttributeType t = keys == null ? null : keys.typeOf(attribute).orElse(null);
    if (t == null) {
      return inferTypes ? null : ColumnType.S;
    }
    return t == ScalarAttributeType.N ? ColumnType.N : t == ScalarAttributeType.B ? ColumnType.B : ColumnType.S;
  }

  /** Number of columns in the header. */
  public int columnCount() {
    return names.length;
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
          + (fields.size() == 1 ? " field" : " fields") + " but the header has " + names.length);
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      if (excluded[i]) {
        continue;
      }
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
    if (type == null) {
      return TypeInference.infer(cell);
    }
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
