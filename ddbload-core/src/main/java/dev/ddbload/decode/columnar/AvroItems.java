package dev.ddbload.decode.columnar;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.TimeEncoding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns Avro records into DynamoDB items, compiled once per writer schema, by the rules Parquet
 * follows ({@link ColumnValues}): int and long to N (date, time and timestamp logical types to
 * ISO-8601 S or epoch N), decimal (bytes or fixed) to N with every digit, float and double to N
 * (NaN and infinities rejected), string, enum and uuid to S, bytes and fixed to B, boolean to
 * BOOL, array to L, map and record to M, unions by the branch each value takes, null left out or
 * NULL (always NULL in an array). Immutable and thread-safe.
 */
final class AvroItems {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);

  /** Converts one value (not null), or returns null to leave it out. */
  @FunctionalInterface
  private interface Converter {
    AttributeValue convert(Object value) throws InvalidValueException;
  }

  private final TimeEncoding time;
  private final boolean nullsAsNull;
  private final String[] names;
  private final Converter[] fields;

  /**
   * @param names the attribute name of each top-level field, null for an excluded one
   * @throws IllegalArgumentException naming a field whose type cannot be written, or a schema
   *     that is not a record
   */
  AvroItems(Schema schema, List<String> names, TimeEncoding time, boolean nullsAsNull) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("its records are of the Avro type " + schema.getType()
          + "; ddbload loads records");
    }
    this.time = time;
    this.nullsAsNull = nullsAsNull;
    this.names = names.toArray(String[]::new);
    this.fields = new Converter[names.size()];
    for (int i = 0; i < fields.length; i++) {
      Schema.Field f = schema.getFields().get(i);
      fields[i] = this.names[i] == null ? null : compile(f.name(), f.schema());
    }
  }

  /** The item for a record. */
  Map<String, AttributeValue> item(IndexedRecord record) throws InvalidValueException {
    Map<String, AttributeValue> item = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      if (fields[i] != null) {
        put(item, names[i], record.get(i), fields[i]);
      }
    }
    return item;
  }

  private void put(Map<String, AttributeValue> m, String name, Object value, Converter c) throws InvalidValueException {
    AttributeValue v = value == null ? null : c.convert(value);
    if (v != null) {
      m.put(name, v);
    } else if (nullsAsNull) {
      m.put(name, NULL);
    }
  }

  private Converter compile(String path, Schema schema) {
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case NULL:
        return v -> null;
      case BOOLEAN:
        return v -> AttributeValue.fromBool((Boolean) v);
      case INT:
        if (logical instanceof LogicalTypes.Date) {
          return v -> ColumnValues.date((Integer) v, time);
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
          return v -> ColumnValues.timeOfDay((Integer) v, 3);
        }
        return v -> AttributeValue.fromN(v.toString());
      case LONG:
        return longs(logical);
      case FLOAT:
        return v -> ColumnValues.floating(path, (Float) v);
      case DOUBLE:
        return v -> ColumnValues.floating(path, (Double) v);
      case STRING:
      case ENUM:
        return v -> AttributeValue.fromS(v.toString());
      case BYTES:
        if (logical instanceof LogicalTypes.Decimal d) {
          return v -> ColumnValues.decimal(path, bytes((ByteBuffer) v), d.getScale());
        }
        return v -> AttributeValue.fromB(SdkBytes.fromByteArray(bytes((ByteBuffer) v)));
      case FIXED:
        if (logical instanceof LogicalTypes.Decimal d) {
          return v -> ColumnValues.decimal(path, ((GenericFixed) v).bytes(), d.getScale());
        }
        if (logical != null && !"uuid".equals(logical.getName())) {
          throw unsupported(path, schema);
        }
        return v -> AttributeValue.fromB(SdkBytes.fromByteArray(((GenericFixed) v).bytes()));
      case ARRAY:
        return list(path, schema.getElementType());
      case MAP:
        return map(path, schema.getValueType());
      case RECORD:
        return record(path, schema);
      case UNION:
        return union(path, schema);
      default:
        throw unsupported(path, schema);
    }
  }

  private Converter longs(LogicalType logical) {
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return v -> ColumnValues.timestamp((Long) v, 3, true, time);
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return v -> ColumnValues.timestamp((Long) v, 6, true, time);
    }
    if (logical instanceof LogicalTypes.TimestampNanos) {
      return v -> ColumnValues.timestamp((Long) v, 9, true, time);
    }
    if (logical instanceof LogicalTypes.LocalTimestampMillis) {
      return v -> ColumnValues.timestamp((Long) v, 3, false, time);
    }
    if (logical instanceof LogicalTypes.LocalTimestampMicros) {
      return v -> ColumnValues.timestamp((Long) v, 6, false, time);
    }
    if (logical instanceof LogicalTypes.LocalTimestampNanos) {
      return v -> ColumnValues.timestamp((Long) v, 9, false, time);
    }
    if (logical instanceof LogicalTypes.TimeMicros) {
      return v -> ColumnValues.timeOfDay((Long) v, 6);
    }
    return v -> AttributeValue.fromN(v.toString());
  }

  private Converter list(String path, Schema elementType) {
    Converter element = compile(path + "[]", elementType);
    return v -> {
      Collection<?> array = (Collection<?>) v;
      List<AttributeValue> values = new ArrayList<>(array.size());
      for (Object e : array) {
        AttributeValue a = e == null ? null : element.convert(e);
        values.add(a == null ? NULL : a);
      }
      return AttributeValue.fromL(values);
    };
  }

  private Converter map(String path, Schema valueType) {
    Converter value = compile(path + "{}", valueType);
    return v -> {
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        put(m, e.getKey().toString(), e.getValue(), value);
      }
      return AttributeValue.fromM(m);
    };
  }

  private Converter record(String path, Schema schema) {
    List<Schema.Field> members = schema.getFields();
    Converter[] converters = new Converter[members.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = compile(path + "." + members.get(i).name(), members.get(i).schema());
    }
    return v -> {
      IndexedRecord r = (IndexedRecord) v;
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (int i = 0; i < converters.length; i++) {
        put(m, members.get(i).name(), r.get(i), converters[i]);
      }
      return AttributeValue.fromM(m);
    };
  }

  private Converter union(String path, Schema union) {
    List<Schema> branches = union.getTypes();
    Converter[] converters = new Converter[branches.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = compile(path, branches.get(i));
    }
    return v -> converters[GenericData.get().resolveUnion(union, v)].convert(v);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static IllegalArgumentException unsupported(String path, Schema schema) {
    return new IllegalArgumentException("field '" + path + "' has the Avro type " + schema
        + ", which ddbload cannot write to DynamoDB; exclude it (LoadOptions.shaping)");
  }
}
