package dev.ddbload.decode.columnar;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Parquet files written by parquet-java's own example writer, with the items ddbload must make of
 * them: every primitive and logical type, nested lists, maps and structs, 38-digit decimals, a
 * legacy INT96 timestamp, nulls (every optional column of every fifth row).
 */
public final class LakeFixtures {

  /** Every type the mapping knows. */
  public static final MessageType ALL_TYPES = MessageTypeParser.parseMessageType("""
      message row {
        required binary id (STRING);
        optional boolean flag;
        optional int32 i32;
        optional int64 i64;
        optional int32 u32 (INTEGER(32,false));
        optional int64 u64 (INTEGER(64,false));
        optional float f;
        optional double d;
        optional int64 dec18 (DECIMAL(18,4));
        optional fixed_len_byte_array(16) dec38 (DECIMAL(38,10));
        optional binary decbin (DECIMAL(38,0));
        optional binary bin;
        optional binary e (ENUM);
        optional int32 day (DATE);
        optional int64 ts_micros (TIMESTAMP(MICROS,true));
        optional int64 ts_local (TIMESTAMP(MILLIS,false));
        optional int64 ts_nanos (TIMESTAMP(NANOS,true));
        optional int32 t_millis (TIME(MILLIS,true));
        optional int64 t_micros (TIME(MICROS,true));
        optional int96 legacy_ts;
        optional fixed_len_byte_array(16) uid (UUID);
        optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
        optional group nums (LIST) { repeated group list { required int32 element; } }
        optional group attrs (MAP) { repeated group key_value { required binary key (STRING); optional int64 value; } }
        optional group info {
          optional binary name (STRING);
          optional group inner {
            optional double score;
            optional group points (LIST) { repeated group list { optional group element { optional int32 x; optional int32 y; } } }
          }
        }
        repeated int32 legacy;
      }
      """);

  /** Rows of {@code id}, {@code n} and {@code pad}, for loads. */
  public static final MessageType SIMPLE = MessageTypeParser.parseMessageType(
      "message row { required binary id (STRING); required int64 n; optional binary pad (STRING); }");

  private static final AttributeValue NULL = AttributeValue.fromNul(true);
  private static final String DEC38 = "12345678901234567890123456789012345678";
  private static final String NINES = "-99999999999999999999999999999999999999";

  private LakeFixtures() {}

  /** A writer of these rows with this codec and row group size (bytes). */
  public static ParquetWriter<Group> writer(Path file, MessageType schema, CompressionCodecName codec, int rowGroupBytes)
      throws IOException {
    Files.deleteIfExists(file);
    return ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).withCompressionCodec(codec)
        .withRowGroupSize((long) rowGroupBytes).withPageSize(Math.min(rowGroupBytes, 64 * 1024))
        .withDictionaryEncoding(true).build();
  }

  /** Writes {@code rows} rows of {@link #ALL_TYPES}; returns the items they are (ISO times, nulls left out). */
  public static List<Map<String, AttributeValue>> writeAllTypes(Path file, int rows, CompressionCodecName codec)
      throws IOException {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    SimpleGroupFactory groups = new SimpleGroupFactory(ALL_TYPES);
    try (ParquetWriter<Group> w = writer(file, ALL_TYPES, codec, 8 * 1024)) {
      for (int i = 0; i < rows; i++) {
        Group g = groups.newGroup().append("id", "r" + i);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("r" + i));
        if (i % 5 != 1) {
          fill(g, item, i);
        }
        w.write(g);
        items.add(item);
      }
    }
    return items;
  }

  private static void fill(Group g, Map<String, AttributeValue> item, int i) {
    g.append("flag", i % 2 == 0);
    item.put("flag", AttributeValue.fromBool(i % 2 == 0));
    g.append("i32", i * 7 - 3);
    item.put("i32", n(Integer.toString(i * 7 - 3)));
    long big = -9_000_000_000_000_000_000L + i;
    g.append("i64", big);
    item.put("i64", n(Long.toString(big)));
    g.append("u32", -1);
    item.put("u32", n("4294967295"));
    g.append("u64", -1L);
    item.put("u64", n("18446744073709551615"));
    g.append("f", 1.5f + i);
    item.put("f", n(new BigDecimal(Float.toString(1.5f + i)).toPlainString()));
    g.append("d", 0.1 + i);
    item.put("d", n(new BigDecimal(Double.toString(0.1 + i)).toPlainString()));
    g.append("dec18", 123456789012345678L);
    item.put("dec18", n("12345678901234.5678"));
    g.append("dec38", Binary.fromConstantByteArray(fixed(new BigInteger(DEC38), 16)));
    item.put("dec38", n(new BigDecimal(new BigInteger(DEC38), 10).toPlainString()));
    g.append("decbin", Binary.fromConstantByteArray(new BigInteger(NINES).toByteArray()));
    item.put("decbin", n(NINES));
    byte[] bin = {0, 1, 2, (byte) i};
    g.append("bin", Binary.fromConstantByteArray(bin));
    item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(bin)));
    g.append("e", "RED");
    item.put("e", AttributeValue.fromS("RED"));
    g.append("day", 20_000 + i);
    item.put("day", AttributeValue.fromS(LocalDate.ofEpochDay(20_000 + i).toString()));
    long micros = 1_764_584_130_123_456L + i;
    g.append("ts_micros", micros);
    item.put("ts_micros", AttributeValue.fromS(Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000)
        .toString()));
    long millis = 1_764_584_130_123L;
    g.append("ts_local", millis);
    item.put("ts_local", AttributeValue.fromS(LocalDateTime.ofEpochSecond(millis / 1000, 123_000_000, ZoneOffset.UTC)
        .toString()));
    long nanos = 1_764_584_130_123_456_789L;
    g.append("ts_nanos", nanos);
    item.put("ts_nanos", AttributeValue.fromS(Instant.ofEpochSecond(0, nanos).toString()));
    g.append("t_millis", 37_230_123);
    item.put("t_millis", AttributeValue.fromS("10:20:30.123"));
    g.append("t_micros", 37_230_123_456L);
    item.put("t_micros", AttributeValue.fromS("10:20:30.123456"));
    // Julian day 2,440,588 is 1970-01-01; 01:02:03 into the day.
    g.append("legacy_ts", new NanoTime(2_461_011, 3_723_000_000_000L));
    item.put("legacy_ts", AttributeValue.fromS(LocalDate.ofEpochDay(2_461_011 - 2_440_588).atTime(1, 2, 3)
        .toInstant(ZoneOffset.UTC).toString()));
    UUID uuid = new UUID(0x1234_5678_9abc_def0L, i);
    g.append("uid", Binary.fromConstantByteArray(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array()));
    item.put("uid", AttributeValue.fromS(uuid.toString()));
    Group tags = g.addGroup("tags");
    tags.addGroup("list").append("element", "a");
    tags.addGroup("list").append("element", "b");
    tags.addGroup("list");
    item.put("tags", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b"), NULL)));
    Group nums = g.addGroup("nums");
    nums.addGroup("list").append("element", 1);
    nums.addGroup("list").append("element", 1);
    nums.addGroup("list").append("element", 2);
    item.put("nums", AttributeValue.fromL(List.of(n("1"), n("1"), n("2"))));
    Group attrs = g.addGroup("attrs");
    attrs.addGroup("key_value").append("key", "x").append("value", 1L);
    attrs.addGroup("key_value").append("key", "y");
    item.put("attrs", AttributeValue.fromM(Map.of("x", n("1"))));
    Group info = g.addGroup("info").append("name", "n" + i);
    Group inner = info.addGroup("inner").append("score", 2.5);
    Group points = inner.addGroup("points");
    points.addGroup("list").addGroup("element").append("x", 1).append("y", 2);
    points.addGroup("list").addGroup("element").append("x", 3);
    item.put("info", AttributeValue.fromM(Map.of("name", AttributeValue.fromS("n" + i), "inner",
        AttributeValue.fromM(Map.of("score", n("2.5"), "points", AttributeValue.fromL(List.of(
            AttributeValue.fromM(Map.of("x", n("1"), "y", n("2"))), AttributeValue.fromM(Map.of("x", n("3"))))))))));
    g.append("legacy", 5).append("legacy", 6);
    item.put("legacy", AttributeValue.fromL(List.of(n("5"), n("6"))));
  }

  /** Writes rows {@code k<from>..} of {@link #SIMPLE} with n = i; returns their items. */
  public static List<Map<String, AttributeValue>> writeSimple(Path file, int from, int count, CompressionCodecName codec,
      int rowGroupBytes) throws IOException {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    SimpleGroupFactory groups = new SimpleGroupFactory(SIMPLE);
    try (ParquetWriter<Group> w = writer(file, SIMPLE, codec, rowGroupBytes)) {
      for (int i = from; i < from + count; i++) {
        String pad = "p".repeat(i % 50);
        w.write(groups.newGroup().append("id", "k" + i).append("n", (long) i).append("pad", pad));
        items.add(Map.of("id", AttributeValue.fromS("k" + i), "n", n(Long.toString(i)), "pad", AttributeValue.fromS(pad)));
      }
    }
    return items;
  }

  private static AttributeValue n(String text) {
    return AttributeValue.fromN(text);
  }

  private static byte[] fixed(BigInteger unscaled, int length) {
    byte[] b = unscaled.toByteArray();
    byte[] out = new byte[length];
    Arrays.fill(out, unscaled.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(b, 0, out, length - b.length, b.length);
    return out;
  }
}
