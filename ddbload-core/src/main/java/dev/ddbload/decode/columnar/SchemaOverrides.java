package dev.ddbload.decode.columnar;

import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.item.ColumnType;
import dev.ddbload.item.DynamoNumbers;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code --schema} for typed formats: a top-level column declared with a type has its mapped
 * value converted to it: a list of strings or numbers to SS or NS (duplicates merged, numbers by
 * value as DynamoDB compares them), a string to N, BOOL, B (base64) or a JSON value, a number or
 * boolean to S, anything to NULL. A value that cannot take the type is a reject naming the column.
 * Immutable and thread-safe.
 */
final class SchemaOverrides {

  private final Map<String, ColumnType> types;
  private final DecodeOptions options;

  /** The overrides of these options' schema, by attribute name (after renaming). */
  SchemaOverrides(DecodeOptions options) {
    this.options = options;
    Map<String, ColumnType> byAttribute = new LinkedHashMap<>();
    options.cells().schema().types().forEach((column, type) -> byAttribute.put(options.shaping().nameOf(column), type));
    this.types = byAttribute;
  }

  /** Whether there is nothing to override. */
  boolean isEmpty() {
    return types.isEmpty();
  }

  /** Converts the declared columns of an item, in place. */
  void apply(Map<String, AttributeValue> item) throws InvalidValueException {
    for (Map.Entry<String, ColumnType> e : types.entrySet()) {
      AttributeValue v = item.get(e.getKey());
      if (v != null && v.type() != AttributeValue.Type.NUL) {
        AttributeValue converted = convert(e.getKey(), v, e.getValue());
        if (converted == null) {
          item.remove(e.getKey()); // an empty set: DynamoDB has none
        } else {
          item.put(e.getKey(), converted);
        }
      }
    }
  }

  private AttributeValue convert(String column, AttributeValue v, ColumnType type) throws InvalidValueException {
    AttributeValue.Type t = v.type();
    switch (type) {
      case S:
        return switch (t) {
          case S -> v;
          case N -> AttributeValue.fromS(v.n());
          case BOOL -> AttributeValue.fromS(v.bool().toString());
          default -> throw cannot(column, v, type);
        };
      case N:
        return t == AttributeValue.Type.N ? v : t == AttributeValue.Type.S ? AttributeValue.fromN(number(column, v.s()))
            : fail(column, v, type);
      case BOOL:
        if (t == AttributeValue.Type.BOOL) {
          return v;
        }
        if (t == AttributeValue.Type.S && (v.s().equalsIgnoreCase("true") || v.s().equalsIgnoreCase("false"))) {
          return AttributeValue.fromBool(Boolean.parseBoolean(v.s()));
        }
        throw cannot(column, v, type);
      case B:
        if (t == AttributeValue.Type.B) {
          return v;
        }
        if (t == AttributeValue.Type.S) {
          try {
            return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.s())));
          } catch (IllegalArgumentException e) {
            throw cannot(column, v, type);
          }
        }
        throw cannot(column, v, type);
      case NULL:
        return AttributeValue.fromNul(true);
      case SS:
        return strings(column, v);
      case NS:
        return numbers(column, v);
      case JSON:
        if (t != AttributeValue.Type.S) {
          throw cannot(column, v, type);
        }
        return options.json().parseValue(v.s());
      default:
        throw cannot(column, v, type);
    }
  }

  private AttributeValue strings(String column, AttributeValue v) throws InvalidValueException {
    if (v.type() == AttributeValue.Type.SS) {
      return v;
    }
    if (v.type() != AttributeValue.Type.L) {
      throw cannot(column, v, ColumnType.SS);
    }
    Set<String> set = new LinkedHashSet<>();
    for (AttributeValue e : v.l()) {
      if (e.type() != AttributeValue.Type.S) {
        throw new InvalidValueException(RejectReason.BAD_VALUE, "column '" + column
            + "' is declared SS but holds a " + e.type() + " element; DynamoDB string sets hold strings only");
      }
      set.add(e.s());
    }
    return set.isEmpty() ? null : AttributeValue.fromSs(new ArrayList<>(set));
  }

  private AttributeValue numbers(String column, AttributeValue v) throws InvalidValueException {
    if (v.type() == AttributeValue.Type.NS) {
      return v;
    }
    if (v.type() != AttributeValue.Type.L) {
      throw cannot(column, v, ColumnType.NS);
    }
    Map<BigDecimal, String> byValue = new LinkedHashMap<>();
    for (AttributeValue e : v.l()) {
      String text = e.type() == AttributeValue.Type.N ? e.n() : e.type() == AttributeValue.Type.S ? number(column, e.s())
          : null;
      if (text == null) {
        throw new InvalidValueException(RejectReason.BAD_VALUE, "column '" + column
            + "' is declared NS but holds a " + e.type() + " element; DynamoDB number sets hold numbers only");
      }
      byValue.putIfAbsent(new BigDecimal(text).stripTrailingZeros(), text);
    }
    List<String> values = new ArrayList<>(byValue.values());
    return values.isEmpty() ? null : AttributeValue.fromNs(values);
  }

  private static String number(String column, String text) throws InvalidValueException {
    try {
      return DynamoNumbers.validate(text);
    } catch (InvalidValueException e) {
      throw new InvalidValueException(e.reason(), "column '" + column + "': " + e.getMessage());
    }
  }

  private static AttributeValue fail(String column, AttributeValue v, ColumnType type) throws InvalidValueException {
    throw cannot(column, v, type);
  }

  private static InvalidValueException cannot(String column, AttributeValue v, ColumnType type) {
    return new InvalidValueException(RejectReason.BAD_VALUE, "column '" + column + "' holds a " + v.type()
        + ", which cannot be written as the " + type + " LoadOptions.schema declares");
  }
}
