package dev.ddbload.decode.columnar;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.TimeEncoding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * parquet-java converters, compiled once per file schema, that assemble each row straight into a
 * DynamoDB item (no intermediate row objects): primitives by {@link ColumnValues}' rules, LIST
 * groups (three-level and the legacy two-level forms) to L, MAP groups with string keys to M,
 * other groups (structs) to M, unannotated repeated fields to L. A missing value is left out, or
 * NULL when {@code nullsAsNull}, in the item and in structs and maps; always NULL in a list, where
 * positions matter. A value DynamoDB cannot hold makes the row's {@link #error()}.
 *
 * <p>Not thread-safe: one reader per instance.
 */
final class ParquetItems extends RecordMaterializer<Map<String, AttributeValue>> {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);

  /** Takes a converted value. */
  @FunctionalInterface
  private interface Sink {
    void accept(AttributeValue value);
  }

  /** Converts one primitive value, which may be invalid for DynamoDB. */
  @FunctionalInterface
  private interface ValueOf<T> {
    AttributeValue convert(T value) throws InvalidValueException;
  }

  private final TimeEncoding time;
  private final boolean nullsAsNull;
  private final Struct root;
  private Map<String, AttributeValue> current;
  private InvalidValueException error;

  /**
   * @param schema the columns to read (the file's, less excluded ones)
   * @param names the attribute name of each top-level column, in order
   * @throws IllegalArgumentException naming a column whose type cannot be written to DynamoDB
   */
  ParquetItems(MessageType schema, List<String> names, TimeEncoding time, boolean nullsAsNull) {
    this.time = time;
    this.nullsAsNull = nullsAsNull;
    this.root = new Struct(schema, names, "", null);
  }

  /** The first value of the current row that DynamoDB cannot hold, or null. */
  InvalidValueException error() {
    return error;
  }

  @Override
  public Map<String, AttributeValue> getCurrentRecord() {
    return current;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private void fail(InvalidValueException e) {
    if (error == null) {
      error = e;
    }
  }

  private Converter compile(Type type, String path, Sink sink) {
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType(), path, sink);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation a = group.getLogicalTypeAnnotation();
    if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return list(group, path, sink);
    }
    if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
      return map(group, path, sink);
    }
    if (a != null) {
      throw unsupported(path, type);
    }
    List<String> names = new ArrayList<>();
    for (Type f : group.getFields()) {
      names.add(f.getName());
    }
    return new Struct(group, names, path + ".", sink);
  }

  /** A group as M (a struct), or the root as the item. */
  private final class Struct extends GroupConverter {
    private final String[] names;
    private final Converter[] members;
    private final boolean[] repeated;
    private final AttributeValue[] values;
    private final List<List<AttributeValue>> lists;
    private final Sink sink;

    /**
     * @param prefix the column path before a member's name in messages
     * @param sink where the M goes; null for the root, whose map is the item
     */
    Struct(GroupType type, List<String> names, String prefix, Sink sink) {
      int n = type.getFieldCount();
      this.names = names.toArray(String[]::new);
      this.members = new Converter[n];
      this.repeated = new boolean[n];
      this.values = new AttributeValue[n];
      this.lists = new ArrayList<>(n);
      this.sink = sink;
      for (int i = 0; i < n; i++) {
        Type f = type.getType(i);
        int at = i;
        lists.add(null);
        repeated[i] = f.isRepetition(Type.Repetition.REPEATED);
        String path = prefix + f.getName();
        members[i] = repeated[i] ? compile(f, path + "[]", v -> listAt(at).add(v))
            : compile(f, path, v -> values[at] = v);
      }
    }

    private List<AttributeValue> listAt(int i) {
      List<AttributeValue> l = lists.get(i);
      if (l == null) {
        l = new ArrayList<>();
        lists.set(i, l);
      }
      return l;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return members[fieldIndex];
    }

    @Override
    public void start() {
      if (sink == null) {
        error = null;
      }
      Arrays.fill(values, null);
      for (int i = 0; i < lists.size(); i++) {
        lists.set(i, null);
      }
    }

    @Override
    public void end() {
      Map<String, AttributeValue> m = new LinkedHashMap<>(names.length * 2);
      for (int i = 0; i < names.length; i++) {
        AttributeValue v = repeated[i] ? (lists.get(i) == null ? null : AttributeValue.fromL(lists.get(i))) : values[i];
        if (v != null) {
          m.put(names[i], v);
        } else if (nullsAsNull) {
          m.put(names[i], NULL);
        }
      }
      if (sink == null) {
        current = m;
      } else {
        sink.accept(AttributeValue.fromM(m));
      }
    }
  }

  private Converter list(GroupType group, String path, Sink sink) {
    if (group.getFieldCount() != 1 || !group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw unsupported(path, group);
    }
    Type repeatedType = group.getType(0);
    List<List<AttributeValue>> items = new ArrayList<>(1);
    items.add(null);
    Sink add = v -> items.get(0).add(v);
    boolean twoLevel = repeatedType.isPrimitive() || repeatedType.asGroupType().getFieldCount() > 1
        || repeatedType.getName().equals("array") || repeatedType.getName().equals(group.getName() + "_tuple");
    Converter element = twoLevel ? compile(repeatedType, path + "[]", add) : new Element(repeatedType.asGroupType(),
        path + "[]", add);
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return element;
      }

      @Override
      public void start() {
        items.set(0, new ArrayList<>());
      }

      @Override
      public void end() {
        sink.accept(AttributeValue.fromL(items.get(0)));
      }
    };
  }

  /** The repeated group of a three-level list: one element each, NULL when it holds none. */
  private final class Element extends GroupConverter {
    private final Converter value;
    private final Sink add;
    private AttributeValue v;

    Element(GroupType repeated, String path, Sink add) {
      this.add = add;
      this.value = compile(repeated.getType(0), path, x -> v = x);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return value;
    }

    @Override
    public void start() {
      v = null;
    }

    @Override
    public void end() {
      add.accept(v == null ? NULL : v);
    }
  }

  private Converter map(GroupType group, String path, Sink sink) {
    if (group.getFieldCount() != 1 || group.getType(0).isPrimitive()) {
      throw unsupported(path, group);
    }
    GroupType kv = group.getType(0).asGroupType();
    Type keyType = kv.getType(0);
    if (!keyType.isPrimitive() || keyType.asPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
        || !(keyType.getLogicalTypeAnnotation() == null || isText(keyType.getLogicalTypeAnnotation()))) {
      throw new IllegalArgumentException("column '" + path + "' is a map with keys of type " + keyType
          + ", but DynamoDB map keys are strings; cast the keys to string");
    }
    List<Map<String, AttributeValue>> holder = new ArrayList<>(1);
    holder.add(null);
    String[] key = new String[1];
    AttributeValue[] value = new AttributeValue[1];
    Converter keyConverter = new PrimitiveConverter() {
      @Override
      public void addBinary(Binary b) {
        key[0] = b.toStringUsingUTF8();
      }
    };
    Converter valueConverter = kv.getFieldCount() > 1 ? compile(kv.getType(1), path + "{}", v -> value[0] = v) : null;
    GroupConverter entry = new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return fieldIndex == 0 ? keyConverter : valueConverter;
      }

      @Override
      public void start() {
        key[0] = null;
        value[0] = null;
      }

      @Override
      public void end() {
        if (value[0] != null) {
          holder.get(0).put(key[0], value[0]);
        } else if (nullsAsNull) {
          holder.get(0).put(key[0], NULL);
        }
      }
    };
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return entry;
      }

      @Override
      public void start() {
        holder.set(0, new LinkedHashMap<>());
      }

      @Override
      public void end() {
        sink.accept(AttributeValue.fromM(holder.get(0)));
      }
    };
  }

  private static boolean isText(LogicalTypeAnnotation a) {
    return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
  }

  private Converter primitive(PrimitiveType type, String path, Sink sink) {
    LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return new PrimitiveConverter() {
          @Override
          public void addBoolean(boolean value) {
            sink.accept(AttributeValue.fromBool(value));
          }
        };
      case INT32:
        return ints(type, path, sink, a);
      case INT64:
        return longs(type, path, sink, a);
      case INT96:
        return binaries(sink, b -> ColumnValues.int96(b.getBytes(), time), false);
      case FLOAT:
        return new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            try {
              sink.accept(ColumnValues.floating(path, value));
            } catch (InvalidValueException e) {
              fail(e);
            }
          }
        };
      case DOUBLE:
        return new PrimitiveConverter() {
          @Override
          public void addDouble(double value) {
            try {
              sink.accept(ColumnValues.floating(path, value));
            } catch (InvalidValueException e) {
              fail(e);
            }
          }
        };
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (a == null || a instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
          return binaries(sink, b -> AttributeValue.fromB(SdkBytes.fromByteArray(b.getBytes())), false);
        }
        if (isText(a)) {
          return binaries(sink, b -> AttributeValue.fromS(b.toStringUsingUTF8()), true);
        }
        if (a instanceof DecimalLogicalTypeAnnotation d) {
          return binaries(sink, b -> ColumnValues.decimal(path, b.getBytes(), d.getScale()), false);
        }
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          return binaries(sink, b -> {
            ByteBuffer u = b.toByteBuffer();
            return AttributeValue.fromS(new UUID(u.getLong(u.position()), u.getLong(u.position() + 8)).toString());
          }, false);
        }
        throw unsupported(path, type);
      default:
        throw unsupported(path, type);
    }
  }

  private Converter ints(PrimitiveType type, String path, Sink sink, LogicalTypeAnnotation a) {
    ValueOf<Integer> f;
    if (a == null || (a instanceof IntLogicalTypeAnnotation i && i.isSigned())) {
      f = v -> AttributeValue.fromN(Integer.toString(v));
    } else if (a instanceof IntLogicalTypeAnnotation) {
      f = v -> AttributeValue.fromN(Integer.toUnsignedString(v));
    } else if (a instanceof DecimalLogicalTypeAnnotation d) {
      f = v -> ColumnValues.decimal(path, v, d.getScale());
    } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      f = v -> ColumnValues.date(v, time);
    } else if (a instanceof TimeLogicalTypeAnnotation t && t.getUnit() == TimeUnit.MILLIS) {
      f = v -> ColumnValues.timeOfDay(v, 3);
    } else {
      throw unsupported(path, type);
    }
    return new PrimitiveConverter() {
      @Override
      public void addInt(int value) {
        try {
          sink.accept(f.convert(value));
        } catch (InvalidValueException e) {
          fail(e);
        }
      }
    };
  }

  private Converter longs(PrimitiveType type, String path, Sink sink, LogicalTypeAnnotation a) {
    ValueOf<Long> f;
    if (a == null || (a instanceof IntLogicalTypeAnnotation i && i.isSigned())) {
      f = v -> AttributeValue.fromN(Long.toString(v));
    } else if (a instanceof IntLogicalTypeAnnotation) {
      f = v -> AttributeValue.fromN(Long.toUnsignedString(v));
    } else if (a instanceof DecimalLogicalTypeAnnotation d) {
      f = v -> ColumnValues.decimal(path, v, d.getScale());
    } else if (a instanceof TimestampLogicalTypeAnnotation t) {
      int digits = digits(t.getUnit());
      boolean utc = t.isAdjustedToUTC();
      f = v -> ColumnValues.timestamp(v, digits, utc, time);
    } else if (a instanceof TimeLogicalTypeAnnotation t) {
      int digits = digits(t.getUnit());
      f = v -> ColumnValues.timeOfDay(v, digits);
    } else {
      throw unsupported(path, type);
    }
    return new PrimitiveConverter() {
      @Override
      public void addLong(long value) {
        try {
          sink.accept(f.convert(value));
        } catch (InvalidValueException e) {
          fail(e);
        }
      }
    };
  }

  private static int digits(TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> 3;
      case MICROS -> 6;
      case NANOS -> 9;
    };
  }

  /** Binary values; text ones through the page's dictionary, converted once per entry. */
  private Converter binaries(Sink sink, ValueOf<Binary> f, boolean dictionary) {
    return new PrimitiveConverter() {
      private AttributeValue[] entries;

      @Override
      public void addBinary(Binary value) {
        try {
          sink.accept(f.convert(value));
        } catch (InvalidValueException e) {
          fail(e);
        }
      }

      @Override
      public boolean hasDictionarySupport() {
        return dictionary;
      }

      @Override
      public void setDictionary(Dictionary d) {
        entries = new AttributeValue[d.getMaxId() + 1];
        for (int id = 0; id <= d.getMaxId(); id++) {
          try {
            entries[id] = f.convert(d.decodeToBinary(id));
          } catch (InvalidValueException e) {
            entries[id] = null;
          }
        }
      }

      @Override
      public void addValueFromDictionary(int id) {
        sink.accept(entries[id]);
      }
    };
  }

  private static IllegalArgumentException unsupported(String path, Type type) {
    return new IllegalArgumentException("column '" + path + "' has the Parquet type " + type.toString().trim()
        + ", which ddbload cannot write to DynamoDB; cast it (to a string, for instance) or --exclude it");
  }
}
