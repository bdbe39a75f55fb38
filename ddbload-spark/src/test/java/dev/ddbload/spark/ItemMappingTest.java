package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Spark values to DynamoDB attributes, one type or rule per test, on hand-built internal rows. */
class ItemMappingTest {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);

  private static StructType schema(Object... nameTypePairs) {
    StructField[] fields = new StructField[nameTypePairs.length / 2];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = new StructField((String) nameTypePairs[2 * i], (DataType) nameTypePairs[2 * i + 1], true,
          Metadata.empty());
    }
    return new StructType(fields);
  }

  private static SparkWriteOptions options(String... keyValues) {
    Map<String, String> o = new HashMap<>();
    o.put("table", "books");
    for (int i = 0; i < keyValues.length; i += 2) {
      o.put(keyValues[i], keyValues[i + 1]);
    }
    return SparkWriteOptions.parse(o);
  }

  private static Map<String, AttributeValue> item(StructType schema, SparkWriteOptions options, Object... values)
      throws InvalidValueException {
    return ItemMapping.of(schema, options).toItem(new GenericInternalRow(values));
  }

  private static UTF8String str(String s) {
    return UTF8String.fromString(s);
  }

  private static AttributeValue n(String text) {
    return AttributeValue.fromN(text);
  }

  @Test
  void scalarsKeepEveryDigit() throws InvalidValueException {
    StructType schema = schema("s", DataTypes.StringType, "b", DataTypes.ByteType, "sh", DataTypes.ShortType,
        "i", DataTypes.IntegerType, "l", DataTypes.LongType, "f", DataTypes.FloatType, "d", DataTypes.DoubleType,
        "dec", new DecimalType(38, 0), "money", new DecimalType(10, 2), "ok", DataTypes.BooleanType,
        "bin", DataTypes.BinaryType);
    String digits38 = "-12345678901234567890123456789012345678";

    Map<String, AttributeValue> item = item(schema, options(), str("héllo"), (byte) -7, (short) 300, 42,
        Long.MAX_VALUE, 0.1f, 1e-7, Decimal.apply(new BigDecimal(digits38), 38, 0),
        Decimal.apply(new BigDecimal("-12.50"), 10, 2), true, "raw".getBytes(StandardCharsets.UTF_8));

    assertThat(item).containsExactly(
        Map.entry("s", AttributeValue.fromS("héllo")),
        Map.entry("b", n("-7")),
        Map.entry("sh", n("300")),
        Map.entry("i", n("42")),
        Map.entry("l", n("9223372036854775807")),
        // The float's own digits, not 0.10000000149011612 from widening it to a double.
        Map.entry("f", n("0.1")),
        Map.entry("d", n("0.00000010")),
        Map.entry("dec", n(digits38)),
        Map.entry("money", n("-12.50")),
        Map.entry("ok", AttributeValue.fromBool(true)),
        Map.entry("bin", AttributeValue.fromB(SdkBytes.fromUtf8String("raw"))));
  }

  @Test
  void numbersDynamoDbCannotHoldRejectTheRowNamingTheColumn() {
    StructType schema = schema("pk", DataTypes.StringType, "score", DataTypes.DoubleType);
    ItemMapping mapping = ItemMapping.of(schema, options());

    assertThatThrownBy(() -> mapping.toItem(new GenericInternalRow(new Object[] {str("a"), Double.NaN})))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER))
        .hasMessageContaining("column 'score' is NaN");
    assertThatThrownBy(() -> mapping.toItem(new GenericInternalRow(new Object[] {str("a"), 1e200})))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER))
        .hasMessageContaining("column 'score'").hasMessageContaining("outside DynamoDB's range");
    assertThat(mapping.convertible(new GenericInternalRow(new Object[] {str("a"), Double.NEGATIVE_INFINITY})))
        .containsExactly(Map.entry("pk", AttributeValue.fromS("a")));
  }

  @Test
  void datesAndTimestampsAreIsoStringsOrEpochNumbers() throws InvalidValueException {
    StructType schema = schema("day", DataTypes.DateType, "at", DataTypes.TimestampType, "local",
        DataTypes.TimestampNTZType, "before", DataTypes.TimestampType);
    // 2024-05-01; 2024-05-01T12:00:00.000250Z; 0.5 ms before the epoch.
    Object[] row = {19844, 1_714_564_800_000_250L, 1_714_564_800_000_250L, -500L};

    assertThat(item(schema, options(), row)).containsExactly(
        Map.entry("day", AttributeValue.fromS("2024-05-01")),
        Map.entry("at", AttributeValue.fromS("2024-05-01T12:00:00.000250Z")),
        Map.entry("local", AttributeValue.fromS("2024-05-01T12:00:00.000250")),
        Map.entry("before", AttributeValue.fromS("1969-12-31T23:59:59.999500Z")));
    assertThat(item(schema, options("timestamps", "epochSeconds"), row)).containsExactly(
        Map.entry("day", n("1714521600")),
        Map.entry("at", n("1714564800.00025")),
        Map.entry("local", n("1714564800.00025")),
        Map.entry("before", n("-0.0005")));
    assertThat(item(schema, options("timestamps", "epochMillis"), row)).containsExactly(
        Map.entry("day", n("1714521600000")),
        Map.entry("at", n("1714564800000.25")),
        Map.entry("local", n("1714564800000.25")),
        Map.entry("before", n("-0.5")));
  }

  @Test
  void nullsAreLeftOutOrNullByOptionButAlwaysNullInsideAList() throws InvalidValueException {
    StructType inner = schema("a", DataTypes.StringType, "b", DataTypes.IntegerType);
    StructType schema = schema("pk", DataTypes.StringType, "gone", DataTypes.StringType, "st", inner,
        "m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType),
        "l", DataTypes.createArrayType(DataTypes.IntegerType), "void", DataTypes.NullType);
    Object[] row = {str("k"), null, new GenericInternalRow(new Object[] {str("x"), null}),
        new ArrayBasedMapData(new GenericArrayData(new Object[] {str("one"), str("none")}),
            new GenericArrayData(new Object[] {1, null})),
        new GenericArrayData(new Object[] {1, null, 3}), null};
    AttributeValue list = AttributeValue.fromL(List.of(n("1"), NULL, n("3")));

    assertThat(item(schema, options(), row)).containsExactly(
        Map.entry("pk", AttributeValue.fromS("k")),
        Map.entry("st", AttributeValue.fromM(Map.of("a", AttributeValue.fromS("x")))),
        Map.entry("m", AttributeValue.fromM(Map.of("one", n("1")))),
        Map.entry("l", list));
    assertThat(item(schema, options("nulls", "null"), row)).containsExactly(
        Map.entry("pk", AttributeValue.fromS("k")),
        Map.entry("gone", NULL),
        Map.entry("st", AttributeValue.fromM(Map.of("a", AttributeValue.fromS("x"), "b", NULL))),
        Map.entry("m", AttributeValue.fromM(Map.of("one", n("1"), "none", NULL))),
        Map.entry("l", list),
        Map.entry("void", NULL));
  }

  @Test
  void nestedStructsMapsAndListsBecomeMapsAndLists() throws InvalidValueException {
    StructType point = schema("x", DataTypes.LongType, "tags", DataTypes.createArrayType(DataTypes.StringType));
    StructType schema = schema("info", schema("name", DataTypes.StringType, "at", point),
        "byName", DataTypes.createMapType(DataTypes.StringType, point));
    InternalRow p = new GenericInternalRow(new Object[] {7L, new GenericArrayData(new Object[] {str("a"), str("a")})});
    Object[] row = {new GenericInternalRow(new Object[] {str("n"), p}),
        new ArrayBasedMapData(new GenericArrayData(new Object[] {str("home")}), new GenericArrayData(new Object[] {p}))};
    AttributeValue pointItem = AttributeValue.fromM(Map.of("x", n("7"), "tags",
        AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("a")))));

    assertThat(item(schema, options(), row)).containsExactly(
        Map.entry("info", AttributeValue.fromM(Map.of("name", AttributeValue.fromS("n"), "at", pointItem))),
        Map.entry("byName", AttributeValue.fromM(Map.of("home", pointItem))));
  }

  @Test
  void setColumnsBecomeStringNumberAndBinarySetsWithoutDuplicates() throws InvalidValueException {
    StructType schema = schema("ss", DataTypes.createArrayType(DataTypes.StringType),
        "ns", DataTypes.createArrayType(new DecimalType(5, 2)),
        "bs", DataTypes.createArrayType(DataTypes.BinaryType),
        "empty", DataTypes.createArrayType(DataTypes.IntegerType));
    Object[] row = {new GenericArrayData(new Object[] {str("b"), str("a"), str("b")}),
        new GenericArrayData(new Object[] {Decimal.apply(new BigDecimal("1.00"), 5, 2),
            Decimal.apply(new BigDecimal("1.50"), 5, 2), Decimal.apply(new BigDecimal("1.0"), 5, 2)}),
        new GenericArrayData(new Object[] {new byte[] {1}, new byte[] {2}, new byte[] {1}}),
        new GenericArrayData(new Object[0])};
    SparkWriteOptions sets = options("setColumns", "ss, ns,bs,empty");

    assertThat(item(schema, sets, row)).containsExactly(
        Map.entry("ss", AttributeValue.fromSs(List.of("b", "a"))),
        Map.entry("ns", AttributeValue.fromNs(List.of("1.00", "1.50"))),
        Map.entry("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
            SdkBytes.fromByteArray(new byte[] {2})))));
    assertThat(item(schema, options("setColumns", "empty", "nulls", "null"), row)).containsEntry("empty", NULL);
    Object[] withNull = {new GenericArrayData(new Object[] {str("a"), null}), null, null, null};
    assertThatThrownBy(() -> item(schema, sets, withNull))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE))
        .hasMessageContaining("column 'ss' is a set but holds a null");
  }

  @Test
  void unsupportedTypesAreRefusedWhenCompiledNamingTheColumn() {
    assertThatThrownBy(() -> ItemMapping.of(schema("wait", DataTypes.CalendarIntervalType), options()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Column 'wait' has type interval, which ddbload cannot write to DynamoDB; cast it (to string,"
            + " for instance) or drop it.");
    assertThatThrownBy(() -> ItemMapping.of(schema("info", schema("inner", schema("when",
        DataTypes.createDayTimeIntervalType()))), options()))
        .hasMessageStartingWith("Column 'info.inner.when' has type interval day to second");
    assertThatThrownBy(() -> ItemMapping.of(schema("byId", DataTypes.createMapType(DataTypes.IntegerType,
        DataTypes.StringType)), options()))
        .hasMessageContaining("Column 'byId' has type map<int,string>").hasMessageContaining("map keys are strings");
    assertThatThrownBy(() -> ItemMapping.of(schema("l", DataTypes.createArrayType(DataTypes.createArrayType(
        DataTypes.CalendarIntervalType))), options()))
        .hasMessageStartingWith("Column 'l[][]' has type interval");
  }

  @Test
  void setColumnsMustBeArraysOfStringsNumbersOrBinaries() {
    StructType schema = schema("tags", DataTypes.StringType, "flags", DataTypes.createArrayType(DataTypes.BooleanType));
    assertThatThrownBy(() -> ItemMapping.of(schema, options("setColumns", "missing")))
        .hasMessage("Option setColumns names 'missing', which is not a column of the DataFrame.");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("setColumns", "tags")))
        .hasMessageContaining("Column 'tags' is named in setColumns but is of type string");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("setColumns", "flags")))
        .hasMessageContaining("its elements are of type boolean");
  }

  @Test
  void theTableKeyMustBeAColumnOfItsType() {
    StructType schema = schema("pk", DataTypes.StringType, "at", DataTypes.TimestampType, "n", DataTypes.DoubleType);
    ItemMapping iso = ItemMapping.of(schema, options());

    iso.checkKey(KeySchema.parse("pk:S,at:S"), "books");
    ItemMapping.of(schema, options("timestamps", "epochMillis")).checkKey(KeySchema.parse("pk:S,at:N"), "books");
    assertThatThrownBy(() -> iso.checkKey(KeySchema.parse("id:S"), "books"))
        .hasMessage("Table books has the partition key id:S, which is not a column of the DataFrame (columns: pk, at,"
            + " n).");
    assertThatThrownBy(() -> iso.checkKey(KeySchema.parse("pk:S,n:S"), "books"))
        .hasMessage("Column 'n' is the sort key of table books, of type S, but its values would be N.");
  }

  @Test
  void theVersionAndOperationColumnsMustBeNonKeyColumnsOfAUsableType() {
    StructType schema = schema("pk", DataTypes.StringType, "at", DataTypes.TimestampType, "v", DataTypes.LongType,
        "op", DataTypes.StringType, "flag", DataTypes.BooleanType);

    ItemMapping.of(schema, options("ifNewer", "v", "opField", "op")).checkKey(KeySchema.parse("pk:S"), "books");
    ItemMapping.of(schema, options("ifNewer", "at", "timestamps", "epochMillis")).checkKey(KeySchema.parse("pk:S"),
        "books");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("ifNewer", "at")))
        .hasMessage("Option ifNewer names the timestamp column 'at', whose ISO-8601 text does not compare in time"
            + " order (its fraction has no fixed length): set timestamps to epochMillis or epochSeconds.");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("ifNewer", "version")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Option ifNewer names 'version', which is not a column of the DataFrame.");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("ifNewer", "flag")))
        .hasMessage("Option ifNewer names the column 'flag', whose values would be no scalar type, not a number or an"
            + " ISO-8601 string.");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("opField", "v")))
        .hasMessage("Option opField names the column 'v', whose values would be N, not a string.");
    assertThatThrownBy(() -> ItemMapping.of(schema, options("ifNewer", "v")).checkKey(KeySchema.parse("pk:S,v:N"),
        "books")).hasMessage("Column 'v' is the sort key of table books: options ifNewer and opField name a non-key"
            + " column.");
  }
}
