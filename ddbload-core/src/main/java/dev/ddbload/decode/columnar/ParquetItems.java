package dev.ddbload.decode.columnar;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.TimeEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
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

  private final boolean nullsAsNull;
  private final ParquetPrimitives primitives;
  private final Struct root;
  private Map<String, AttributeValue> current;
  private InvalidValueException error;

  /**
   * @param schema the columns to read (the file's, less excluded ones)
   * @param names the attribute name of each top-level column, in order
   * @throws IllegalArgumentException naming a column whose type cannot be written to DynamoDB
   */
  ParquetItems(MessageType schema, List<String> names, TimeEncoding time, boolean nullsAsNull) {
    this.nullsAsNull = nullsAsNull;
    this.primitives = new ParquetPrimitives(time, this::fail);
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

  private Converter compile(Type type, String path, ParquetPrimitives.Sink sink) {
    if (type.isPrimitive()) {
      return primitives.primitive(type.asPrimitiveType(), path, sink);
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
    private final ParquetPrimitives.Sink sink;

    /**
     * @param prefix the column path before a member's name in messages
     * @param sink where the M goes; null for the root, whose map is the item
     */
    Struct(GroupType type, List<String> names, String prefix, ParquetPrimitives.Sink sink) {
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

  private Converter list(GroupType group, String path, ParquetPrimitives.Sink sink) {
    if (group.getFieldCount() != 1 || !group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw unsupported(path, group);
    }
    Type repeatedType = group.getType(0);
    List<List<AttributeValue>> items = new ArrayList<>(1);
    items.add(null);
    ParquetPrimitives.Sink add = v -> items.get(0).add(v);
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
    private final ParquetPrimitives.Sink add;
    private AttributeValue v;

    Element(GroupType repeated, String path, ParquetPrimitives.Sink add) {
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

  private Converter map(GroupType group, String path, ParquetPrimitives.Sink sink) {
    if (group.getFieldCount() != 1 || group.getType(0).isPrimitive()) {
      throw unsupported(path, group);
    }
    GroupType kv = group.getType(0).asGroupType();
    Type keyType = kv.getType(0);
    if (!keyType.isPrimitive() || keyType.asPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
        || !(keyType.getLogicalTypeAnnotation() == null || ParquetPrimitives.isText(keyType.getLogicalTypeAnnotation()))) {
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

  static IllegalArgumentException unsupported(String path, Type type) {
    return new IllegalArgumentException("column '" + path + "' has the Parquet type " + type.toString().trim()
        + ", which ddbload cannot write to DynamoDB; cast it (to a string, for instance) or exclude it (LoadOptions.shaping)");
  }
}
