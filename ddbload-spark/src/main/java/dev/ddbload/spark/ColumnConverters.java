package dev.ddbload.spark;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.DynamoNumbers;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import dev.ddbload.spark.SparkWriteOptions.Nulls;
import dev.ddbload.spark.SparkWriteOptions.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Builds the converters of an {@link ItemMapping}, one per column, for one set of options: the
 * type rules of the mapping's table (numbers with every digit, times as ISO-8601 or epoch numbers,
 * sets for the columns named in {@code setColumns}, lists, maps and structs as M).
 */
final class ColumnConverters {

  /** Turns the value at {@code ordinal} (not null) into an attribute, or null to leave it out. */
  @FunctionalInterface
  interface Converter {
    AttributeValue convert(SpecializedGetters data, int ordinal) throws InvalidValueException;
  }

  static final AttributeValue NULL = AttributeValue.fromNul(true);

  private final boolean nullsAsNull;
  private final Timestamps timestamps;

  ColumnConverters(SparkWriteOptions options) {
    this.nullsAsNull = options.nulls() == Nulls.NULL;
    this.timestamps = options.timestamps();
  }

  /** The key type a column's values take, or null when they are not S, N or B. */
  ScalarAttributeType scalarType(DataType type) {
    if (type instanceof StringType) {
      return ScalarAttributeType.S;
    }
    if (isNumber(type)) {
      return ScalarAttributeType.N;
    }
    if (type instanceof BinaryType) {
      return ScalarAttributeType.B;
    }
    if (isTime(type)) {
      return timestamps == Timestamps.ISO ? ScalarAttributeType.S : ScalarAttributeType.N;
    }
    return null;
  }

  Converter compile(String path, DataType type) {
    Converter scalar = scalar(path, type);
    if (scalar != null) {
      return scalar;
    }
    if (type instanceof NullType) {
      return (d, i) -> null;
    }
    if (type instanceof ArrayType a) {
      return list(path, a.elementType());
    }
    if (type instanceof MapType m) {
      if (!(m.keyType() instanceof StringType)) {
        throw unsupported(path, type, "DynamoDB map keys are strings; cast the keys to string");
      }
      return map(path, m.valueType());
    }
    if (type instanceof StructType s) {
      return struct(path, s);
    }
    throw unsupported(path, type, "cast it (to string, for instance) or drop it");
  }

  /** A converter for a scalar type, or null when the type is not one. */
  Converter scalar(String path, DataType type) {
    if (type instanceof StringType) {
      return (d, i) -> AttributeValue.fromS(d.getUTF8String(i).toString());
    }
    if (isNumber(type)) {
      Number n = number(path, type);
      return (d, i) -> AttributeValue.fromN(n.text(d, i));
    }
    if (type instanceof BooleanType) {
      return (d, i) -> AttributeValue.fromBool(d.getBoolean(i));
    }
    if (type instanceof BinaryType) {
      return (d, i) -> AttributeValue.fromB(SdkBytes.fromByteArray(d.getBinary(i)));
    }
    if (type instanceof DateType) {
      return timestamps == Timestamps.ISO
          ? (d, i) -> AttributeValue.fromS(LocalDate.ofEpochDay(d.getInt(i)).toString())
          : (d, i) -> AttributeValue.fromN(epoch(d.getInt(i) * 86_400_000_000L));
    }
    if (type instanceof TimestampType) {
      return timestamps == Timestamps.ISO
          ? (d, i) -> AttributeValue.fromS(instant(d.getLong(i)).toString())
          : (d, i) -> AttributeValue.fromN(epoch(d.getLong(i)));
    }
    if (type instanceof TimestampNTZType) {
      return timestamps == Timestamps.ISO
          ? (d, i) -> AttributeValue.fromS(LocalDateTime.ofInstant(instant(d.getLong(i)), ZoneOffset.UTC).toString())
          : (d, i) -> AttributeValue.fromN(epoch(d.getLong(i)));
    }
    return null;
  }

  /** An array column named in setColumns: SS, NS or BS, duplicates merged. */
  Converter set(String path, DataType type) {
    if (!(type instanceof ArrayType a)) {
      throw new ConfigurationException("Column '" + path + "' is named in setColumns but is of type "
          + type.simpleString() + "; only arrays of strings, numbers or binaries can be sets.");
    }
    DataType e = a.elementType();
    if (e instanceof StringType) {
      return (d, i) -> {
        List<String> values = setElements(path, d.getArray(i), (arr, j) -> arr.getUTF8String(j).toString());
        return values.isEmpty() ? null : AttributeValue.fromSs(values);
      };
    }
    if (isNumber(e)) {
      Number n = number(path + "[]", e);
      return (d, i) -> {
        Map<BigDecimal, String> byValue = new LinkedHashMap<>();
        for (String text : setElements(path, d.getArray(i), n::text)) {
          // DynamoDB compares set numbers by value: 1 and 1.0 are one element.
          byValue.putIfAbsent(new BigDecimal(text).stripTrailingZeros(), text);
        }
        return byValue.isEmpty() ? null : AttributeValue.fromNs(new ArrayList<>(byValue.values()));
      };
    }
    if (e instanceof BinaryType) {
      return (d, i) -> {
        List<SdkBytes> values = setElements(path, d.getArray(i), (arr, j) -> SdkBytes.fromByteArray(arr.getBinary(j)));
        return values.isEmpty() ? null : AttributeValue.fromBs(values);
      };
    }
    throw new ConfigurationException("Column '" + path + "' is named in setColumns but its elements are of type "
        + e.simpleString() + "; only arrays of strings, numbers or binaries can be sets.");
  }

  private Converter list(String path, DataType elementType) {
    Converter element = compile(path + "[]", elementType);
    return (d, i) -> {
      ArrayData array = d.getArray(i);
      List<AttributeValue> values = new ArrayList<>(array.numElements());
      for (int j = 0; j < array.numElements(); j++) {
        AttributeValue v = array.isNullAt(j) ? null : element.convert(array, j);
        // A list keeps its positions: a missing element is NULL whatever the nulls option.
        values.add(v == null ? NULL : v);
      }
      return AttributeValue.fromL(values);
    };
  }

  private Converter map(String path, DataType valueType) {
    Converter value = compile(path + "{}", valueType);
    return (d, i) -> {
      MapData map = d.getMap(i);
      ArrayData keys = map.keyArray();
      ArrayData values = map.valueArray();
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (int j = 0; j < map.numElements(); j++) {
        put(m, keys.getUTF8String(j).toString(), values.isNullAt(j) ? null : value.convert(values, j));
      }
      return AttributeValue.fromM(m);
    };
  }

  private Converter struct(String path, StructType type) {
    StructField[] fields = type.fields();
    Converter[] members = new Converter[fields.length];
    for (int f = 0; f < fields.length; f++) {
      members[f] = compile(path + "." + fields[f].name(), fields[f].dataType());
    }
    return (d, i) -> {
      InternalRow struct = d.getStruct(i, fields.length);
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (int f = 0; f < fields.length; f++) {
        put(m, fields[f].name(), struct.isNullAt(f) ? null : members[f].convert(struct, f));
      }
      return AttributeValue.fromM(m);
    };
  }

  private void put(Map<String, AttributeValue> m, String name, AttributeValue v) {
    if (v != null) {
      m.put(name, v);
    } else if (nullsAsNull) {
      m.put(name, NULL);
    }
  }

  private String epoch(long micros) {
    BigDecimal value = timestamps == Timestamps.EPOCH_MILLIS ? BigDecimal.valueOf(micros, 3)
        : BigDecimal.valueOf(micros, 6);
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  /** Reads one element of an array. */
  @FunctionalInterface
  private interface ElementReader<T> {
    T read(ArrayData array, int index) throws InvalidValueException;
  }

  private static <T> List<T> setElements(String path, ArrayData array, ElementReader<T> reader)
      throws InvalidValueException {
    List<T> values = new ArrayList<>(array.numElements());
    for (int j = 0; j < array.numElements(); j++) {
      if (array.isNullAt(j)) {
        throw new InvalidValueException(RejectReason.BAD_VALUE, "column '" + path + "' is a set but holds a null;"
            + " DynamoDB sets cannot");
      }
      T v = reader.read(array, j);
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    return values;
  }

  /** The number text of one numeric value, checked against what DynamoDB stores. */
  @FunctionalInterface
  private interface Number {
    String text(SpecializedGetters data, int ordinal) throws InvalidValueException;
  }

  private static Number number(String path, DataType type) {
    if (type instanceof ByteType) {
      return (d, i) -> Byte.toString(d.getByte(i));
    }
    if (type instanceof ShortType) {
      return (d, i) -> Short.toString(d.getShort(i));
    }
    if (type instanceof IntegerType) {
      return (d, i) -> Integer.toString(d.getInt(i));
    }
    if (type instanceof LongType) {
      return (d, i) -> Long.toString(d.getLong(i));
    }
    if (type instanceof FloatType) {
      // Float.toString: the float's own shortest digits, not those of its widening to double.
      return (d, i) -> floating(path, d.getFloat(i), Float.toString(d.getFloat(i)));
    }
    if (type instanceof DoubleType) {
      return (d, i) -> floating(path, d.getDouble(i), Double.toString(d.getDouble(i)));
    }
    DecimalType decimal = (DecimalType) type;
    int precision = decimal.precision();
    int scale = decimal.scale();
    return (d, i) -> checked(path, d.getDecimal(i, precision, scale).toJavaBigDecimal().toPlainString());
  }

  private static String floating(String path, double value, String text) throws InvalidValueException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new InvalidValueException(RejectReason.BAD_NUMBER, "column '" + path + "' is " + text
          + ", which DynamoDB cannot store as a number");
    }
    return checked(path, value == 0 ? "0" : new BigDecimal(text).toPlainString());
  }

  private static String checked(String path, String number) throws InvalidValueException {
    try {
      return DynamoNumbers.validate(number);
    } catch (InvalidValueException e) {
      throw new InvalidValueException(e.reason(), "column '" + path + "': " + e.getMessage());
    }
  }

  private static boolean isNumber(DataType type) {
    return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof LongType || type instanceof FloatType || type instanceof DoubleType
        || type instanceof DecimalType;
  }

  private static boolean isTime(DataType type) {
    return type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType;
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private static ConfigurationException unsupported(String path, DataType type, String hint) {
    return new ConfigurationException("Column '" + path + "' has type " + type.simpleString()
        + ", which ddbload cannot write to DynamoDB; " + hint + ".");
  }
}
