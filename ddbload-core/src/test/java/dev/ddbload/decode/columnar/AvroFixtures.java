package dev.ddbload.decode.columnar;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
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
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Avro container files written by Apache Avro's own writer, with the items ddbload must make of them. */
public final class AvroFixtures {

  /** Every Avro type and logical type the mapping knows. */
  public static final Schema ALL_TYPES = new Schema.Parser().parse("""
      {"type": "record", "name": "Row", "fields": [
        {"name": "id", "type": "string"},
        {"name": "flag", "type": "boolean"},
        {"name": "i", "type": "int"},
        {"name": "l", "type": "long"},
        {"name": "f", "type": "float"},
        {"name": "d", "type": "double"},
        {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 10}},
        {"name": "fixdec", "type": {"type": "fixed", "name": "D16", "size": 16, "logicalType": "decimal",
          "precision": 38, "scale": 2}},
        {"name": "b", "type": "bytes"},
        {"name": "e", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN"]}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "tsm", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "lts", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
        {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
        {"name": "uid", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "arr", "type": {"type": "array", "items": ["null", "string"]}},
        {"name": "m", "type": {"type": "map", "values": ["null", "long"]}},
        {"name": "rec", "type": ["null", {"type": "record", "name": "Inner", "fields": [
          {"name": "name", "type": "string"},
          {"name": "inner", "type": {"type": "record", "name": "Deeper", "fields": [{"name": "score", "type": "double"}]}}
        ]}]},
        {"name": "opt", "type": ["null", "int"]},
        {"name": "multi", "type": ["string", "long"]}
      ]}
      """);

  private static final String DIGITS = "12345678901234567890123456789012345678";

  private AvroFixtures() {}

  /** Writes {@code rows} records with this codec; returns the items they are (ISO times, nulls left out). */
  public static List<Map<String, AttributeValue>> write(Path file, int rows, CodecFactory codec) throws IOException {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(ALL_TYPES))) {
      w.setCodec(codec);
      w.create(ALL_TYPES, file.toFile());
      for (int i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(ALL_TYPES);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        put(r, item, "id", "a" + i, AttributeValue.fromS("a" + i));
        put(r, item, "flag", i % 2 == 1, AttributeValue.fromBool(i % 2 == 1));
        put(r, item, "i", -i, n(Integer.toString(-i)));
        put(r, item, "l", Long.MAX_VALUE - i, n(Long.toString(Long.MAX_VALUE - i)));
        put(r, item, "f", 0.25f + i, n(new BigDecimal(Float.toString(0.25f + i)).toPlainString()));
        put(r, item, "d", 1e-7 * (i + 1), n(new BigDecimal(Double.toString(1e-7 * (i + 1))).toPlainString()));
        BigInteger unscaled = new BigInteger(DIGITS).negate();
        put(r, item, "dec", ByteBuffer.wrap(unscaled.toByteArray()), n(new BigDecimal(unscaled, 10).toPlainString()));
        byte[] fixed = new byte[16];
        Arrays.fill(fixed, (byte) 0);
        byte[] small = BigInteger.valueOf(123_456L + i).toByteArray();
        System.arraycopy(small, 0, fixed, 16 - small.length, small.length);
        Schema fixedSchema = ALL_TYPES.getField("fixdec").schema();
        put(r, item, "fixdec", new GenericData.Fixed(fixedSchema, fixed), n(BigDecimal.valueOf(123_456L + i, 2).toPlainString()));
        byte[] b = {9, 8, (byte) i};
        put(r, item, "b", ByteBuffer.wrap(b), AttributeValue.fromB(SdkBytes.fromByteArray(b)));
        put(r, item, "e", new GenericData.EnumSymbol(ALL_TYPES.getField("e").schema(), "GREEN"), AttributeValue.fromS("GREEN"));
        put(r, item, "day", 19_000 + i, AttributeValue.fromS(LocalDate.ofEpochDay(19_000 + i).toString()));
        put(r, item, "tsm", 1_700_000_000_123L, AttributeValue.fromS(Instant.ofEpochMilli(1_700_000_000_123L).toString()));
        long micros = 1_700_000_000_123_456L + i;
        put(r, item, "tsu", micros, AttributeValue.fromS(Instant.ofEpochSecond(0, micros * 1000).toString()));
        put(r, item, "lts", micros, AttributeValue.fromS(LocalDateTime.ofEpochSecond(micros / 1_000_000,
            (int) (micros % 1_000_000) * 1000, ZoneOffset.UTC).toString()));
        put(r, item, "tm", 3_600_000, AttributeValue.fromS("01:00"));
        put(r, item, "uid", "0e2b1c48-24c5-4bbf-8d45-0c8f2a8e5d2" + (i % 10), AttributeValue.fromS(
            "0e2b1c48-24c5-4bbf-8d45-0c8f2a8e5d2" + (i % 10)));
        List<String> arr = new ArrayList<>(Arrays.asList("x", null));
        put(r, item, "arr", arr, AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromNul(true))));
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("k", 7L);
        m.put("gone", null);
        put(r, item, "m", m, AttributeValue.fromM(Map.of("k", n("7"))));
        if (i % 3 != 0) {
          GenericRecord inner = new GenericData.Record(ALL_TYPES.getField("rec").schema().getTypes().get(1));
          inner.put("name", "in" + i);
          GenericRecord deeper = new GenericData.Record(inner.getSchema().getField("inner").schema());
          deeper.put("score", 0.5);
          inner.put("inner", deeper);
          put(r, item, "rec", inner, AttributeValue.fromM(Map.of("name", AttributeValue.fromS("in" + i), "inner",
              AttributeValue.fromM(Map.of("score", n("0.5"))))));
          put(r, item, "opt", i, n(Integer.toString(i)));
        }
        if (i % 2 == 0) {
          put(r, item, "multi", "s" + i, AttributeValue.fromS("s" + i));
        } else {
          put(r, item, "multi", (long) i, n(Integer.toString(i)));
        }
        w.append(r);
        items.add(item);
      }
    }
    return items;
  }

  private static void put(GenericRecord r, Map<String, AttributeValue> item, String name, Object value,
      AttributeValue expected) {
    r.put(name, value);
    item.put(name, expected);
  }

  private static AttributeValue n(String text) {
    return AttributeValue.fromN(text);
  }
}
