package dev.ddbload.spark;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.KeyAttribute;
import dev.ddbload.item.KeySchema;
import dev.ddbload.spark.SparkWriteOptions.Nulls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Turns Spark rows into DynamoDB items, compiled once per schema:
 *
 * <table>
 * <caption>Spark type to DynamoDB type</caption>
 * <tr><th>Spark</th><th>DynamoDB</th></tr>
 * <tr><td>string</td><td>S</td></tr>
 * <tr><td>byte, short, int, long, decimal</td><td>N, every digit kept (decimals never pass through a double)</td></tr>
 * <tr><td>float, double</td><td>N, the shortest digits that give the value back; NaN and infinities are rejected</td></tr>
 * <tr><td>boolean</td><td>BOOL</td></tr>
 * <tr><td>binary</td><td>B</td></tr>
 * <tr><td>date, timestamp, timestamp_ntz</td><td>ISO-8601 S, or epoch seconds/milliseconds N (option {@code timestamps})</td></tr>
 * <tr><td>array</td><td>L; SS, NS or BS for a column named in {@code setColumns}</td></tr>
 * <tr><td>map with string keys, struct</td><td>M</td></tr>
 * <tr><td>null</td><td>left out, or NULL (option {@code nulls}); always NULL inside a list</td></tr>
 * </table>
 *
 * <p>Any other type (intervals, maps with non-string keys, user-defined types) is refused when the
 * mapping is compiled, naming the column, so a job fails at planning time rather than in its
 * tasks. A value DynamoDB cannot hold (NaN, a number out of its range, a null in a set) makes its
 * row a reject. Immutable and thread-safe.
 */
public final class ItemMapping {

  private static final AttributeValue NULL = ColumnConverters.NULL;

  private final String[] names;
  private final ColumnConverters.Converter[] converters;
  private final ScalarAttributeType[] scalarTypes;
  private final boolean nullsAsNull;
  private final SparkWriteOptions options;

  private ItemMapping(StructType schema, SparkWriteOptions options) {
    this.options = options;
    StructField[] fields = schema.fields();
    names = new String[fields.length];
    converters = new ColumnConverters.Converter[fields.length];
    scalarTypes = new ScalarAttributeType[fields.length];
    nullsAsNull = options.nulls() == Nulls.NULL;
    Set<String> sets = options.setColumns();
    for (String set : sets) {
      if (!List.of(schema.fieldNames()).contains(set)) {
        throw new ConfigurationException("Option setColumns names '" + set + "', which is not a column of the"
            + " DataFrame.");
      }
    }
    ColumnConverters compiler = new ColumnConverters(options);
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].name();
      DataType type = fields[i].dataType();
      converters[i] = sets.contains(names[i]) ? compiler.set(names[i], type) : compiler.compile(names[i], type);
      scalarTypes[i] = compiler.scalarType(type);
    }
    options.ifNewer().ifPresent(c -> {
      checkColumn("ifNewer", c, "a number or an ISO-8601 string", ScalarAttributeType.N, ScalarAttributeType.S);
      DataType type = schema.apply(c).dataType();
      if ((type instanceof TimestampType || type instanceof TimestampNTZType)
          && options.timestamps() == SparkWriteOptions.Timestamps.ISO) {
        // ISO text drops a fraction's trailing zeros: "…00.5Z" sorts before "…00Z" as DynamoDB compares strings.
        throw new ConfigurationException("Option ifNewer names the timestamp column '" + c + "', whose ISO-8601 text"
            + " does not compare in time order (its fraction has no fixed length): set timestamps to epochMillis or"
            + " epochSeconds.");
      }
    });
    options.opField().ifPresent(c -> checkColumn("opField", c, "a string", ScalarAttributeType.S,
        ScalarAttributeType.S));
  }

  /** The column an option names exists, and its values are of one of two types. */
  private void checkColumn(String option, String column, String what, ScalarAttributeType one,
      ScalarAttributeType other) {
    int i = List.of(names).indexOf(column);
    if (i < 0) {
      throw new ConfigurationException("Option " + option + " names '" + column + "', which is not a column of the"
          + " DataFrame.");
    }
    if (scalarTypes[i] != one && scalarTypes[i] != other) {
      throw new ConfigurationException("Option " + option + " names the column '" + column + "', whose values would"
          + " be " + (scalarTypes[i] == null ? "no scalar type" : scalarTypes[i].toString()) + ", not " + what + ".");
    }
  }

  /**
   * Compiles the mapping of a schema.
   *
   * @throws ConfigurationException naming the first column whose type cannot be written, or a
   *     {@code setColumns} entry that is not an array of strings, numbers or binaries
   */
  public static ItemMapping of(StructType schema, SparkWriteOptions options) {
    return new ItemMapping(schema, options);
  }

  /**
   * Checks that every key attribute of the table is a column whose values have the key's type.
   *
   * @throws ConfigurationException naming the key attribute otherwise
   */
  public void checkKey(KeySchema keys, String table) {
    for (KeyAttribute key : keys.attributes()) {
      int i = List.of(names).indexOf(key.name());
      String role = key.equals(keys.partitionKey()) ? "partition key" : "sort key";
      if (i < 0) {
        throw new ConfigurationException("Table " + table + " has the " + role + " " + key + ", which is not a column"
            + " of the DataFrame (columns: " + String.join(", ", names) + ").");
      }
      if (key.name().equals(options.ifNewer().orElse(null)) || key.name().equals(options.opField().orElse(null))) {
        throw new ConfigurationException("Column '" + key.name() + "' is the " + role + " of table " + table
            + ": options ifNewer and opField name a non-key column.");
      }
      if (scalarTypes[i] != key.type()) {
        throw new ConfigurationException("Column '" + key.name() + "' is the " + role + " of table " + table
            + ", of type " + key.type() + ", but its values would be "
            + (scalarTypes[i] == null ? "no scalar type" : scalarTypes[i].toString()) + ".");
      }
    }
  }

  /**
   * The item for a row.
   *
   * @throws InvalidValueException naming the column whose value DynamoDB cannot hold
   */
  public Map<String, AttributeValue> toItem(InternalRow row) throws InvalidValueException {
    Map<String, AttributeValue> item = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      AttributeValue v = value(row, i);
      if (v != null) {
        item.put(names[i], v);
      }
    }
    return item;
  }

  /** The attributes of a row that can be converted, for a reject's record text. */
  public Map<String, AttributeValue> convertible(InternalRow row) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      try {
        AttributeValue v = value(row, i);
        if (v != null) {
          item.put(names[i], v);
        }
      } catch (InvalidValueException e) {
        // Left out: the message names it.
      }
    }
    return item;
  }

  private AttributeValue value(InternalRow row, int i) throws InvalidValueException {
    if (row.isNullAt(i)) {
      return nullsAsNull ? NULL : null;
    }
    AttributeValue v = converters[i].convert(row, i);
    return v == null && nullsAsNull ? NULL : v;
  }
}
