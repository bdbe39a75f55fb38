package dev.ddbload;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonTextWriterBuilder;
import com.amazon.ion.system.IonWriterBuilder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.decode.Format;
import dev.ddbload.item.ItemJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items for round-trip tests and their text in each format. Text formats carry what text can
 * (strings, and with type inference numbers and booleans); JSON adds lists and maps; DynamoDB
 * JSON and Ion carry every type: sets, binaries, nested maps, 38-digit numbers.
 */
final class SampleItems {

  private SampleItems() {}

  /** {@code n} items of the richest shape the format carries, keyed {@code id}. */
  static List<Map<String, AttributeValue>> forFormat(Format format, int n) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("id", AttributeValue.fromS(String.format("id-%04d", i)));
      item.put("n", AttributeValue.fromN(Integer.toString(i * 7 - 50)));
      item.put("note", AttributeValue.fromS("note " + i + (format == Format.TSV || format == Format.TEXT ? " x y"
          : ", with \"quotes\" and ünïcødé")));
      switch (format) {
        case CSV:
        case TSV:
        case TEXT:
          break;
        case JSONL:
        case JSON:
          item.put("flag", AttributeValue.fromBool(i % 2 == 0));
          item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1.50"), AttributeValue.fromNul(true))));
          item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v" + i))));
          break;
        default:
          item.put("big", AttributeValue.fromN("1234567890123456789012345678901234567" + (i % 10)));
          item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) i, (byte) 0xff})));
          item.put("ss", AttributeValue.fromSs(List.of("a", "b" + i)));
          item.put("ns", AttributeValue.fromNs(List.of("1", "-2.5", "1E+3")));
          item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
              SdkBytes.fromByteArray(new byte[] {2, (byte) i}))));
          item.put("flag", AttributeValue.fromBool(i % 3 == 0));
          item.put("nothing", AttributeValue.fromNul(true));
          item.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of(
              "l", AttributeValue.fromL(List.of(AttributeValue.fromS("deep"), AttributeValue.fromN("0.001"))))))));
      }
      items.add(item);
    }
    return items;
  }

  /** The items written in a format (text formats: columns id, n, note). */
  static String write(Format format, List<Map<String, AttributeValue>> items) {
    StringBuilder sb = new StringBuilder();
    switch (format) {
      case CSV:
        sb.append("id,n,note\r\n");
        items.forEach(i -> sb.append(i.get("id").s()).append(',').append(i.get("n").n()).append(",\"")
            .append(i.get("note").s().replace("\"", "\"\"")).append("\"\r\n"));
        break;
      case TSV:
        sb.append("id\tn\tnote\n");
        items.forEach(i -> sb.append(i.get("id").s()).append('\t').append(i.get("n").n()).append('\t')
            .append(i.get("note").s()).append('\n'));
        break;
      case TEXT:
        items.forEach(i -> sb.append(i.get("id").s()).append("  ").append(i.get("n").n()).append(' ')
            .append(i.get("note").s()).append('\n'));
        break;
      case JSONL:
        items.forEach(i -> sb.append(plainJson(i)).append('\n'));
        break;
      case JSON:
        sb.append("[\n");
        for (int k = 0; k < items.size(); k++) {
          sb.append(k == 0 ? "  " : ", ").append(plainJson(items.get(k))).append('\n');
        }
        sb.append("]\n");
        break;
      case DDB_JSON:
        items.forEach(i -> sb.append("{\"Item\":").append(ItemJson.toJson(i)).append("}\n"));
        break;
      case ION:
        items.forEach(i -> sb.append(ionLine(i)).append('\n'));
        break;
      case DDB_CHANGES:
        // An incremental export's lines, every item inserted.
        items.forEach(i -> sb.append("{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1700000000000000\"}},\"Keys\":")
            .append(ItemJson.toJson(Map.of("id", i.get("id")))).append(",\"NewImage\":").append(ItemJson.toJson(i))
            .append("}\n"));
        break;
      default:
        throw new IllegalArgumentException("no writer for " + format);
    }
    return sb.toString();
  }

  /** Plain JSON: numbers as numbers, lists, maps; nothing else is used for JSON formats. */
  private static String plainJson(Map<String, AttributeValue> item) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      writePlain(g, AttributeValue.fromM(item));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writePlain(JsonGenerator g, AttributeValue v) throws IOException {
    switch (v.type()) {
      case S -> g.writeString(v.s());
      case N -> g.writeNumber(v.n());
      case BOOL -> g.writeBoolean(v.bool());
      case NUL -> g.writeNull();
      case L -> {
        g.writeStartArray();
        for (AttributeValue e : v.l()) {
          writePlain(g, e);
        }
        g.writeEndArray();
      }
      case M -> {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
          g.writeFieldName(e.getKey());
          writePlain(g, e.getValue());
        }
        g.writeEndObject();
      }
      default -> throw new IllegalArgumentException("not plain JSON: " + v.type());
    }
  }

  /** One line of DynamoDB's Ion export: {@code $ion_1_0 {Item:{...}}}. */
  static String ionLine(Map<String, AttributeValue> item) {
    return ionStructLine(Map.of("Item", AttributeValue.fromM(item)));
  }

  /** One line of DynamoDB's Ion export holding these fields: {@code $ion_1_0 {Keys:{...},...}}. */
  static String ionStructLine(Map<String, AttributeValue> fields) {
    StringBuilder sb = new StringBuilder("$ion_1_0 ");
    try (IonWriter w = IonTextWriterBuilder.standard().withInitialIvmHandling(IonWriterBuilder.InitialIvmHandling.SUPPRESS).build(sb)) {
      w.stepIn(IonType.STRUCT);
      for (Map.Entry<String, AttributeValue> f : fields.entrySet()) {
        w.setFieldName(f.getKey());
        writeIon(w, f.getValue());
      }
      w.stepOut();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  private static void writeIon(IonWriter w, AttributeValue v) throws IOException {
    switch (v.type()) {
      case S -> w.writeString(v.s());
      case N -> w.writeDecimal(new BigDecimal(v.n()));
      case B -> w.writeBlob(v.b().asByteArray());
      case BOOL -> w.writeBool(v.bool());
      case NUL -> w.writeNull();
      case SS, NS, BS -> {
        w.setTypeAnnotations("$dynamodb_" + v.type());
        w.stepIn(IonType.LIST);
        if (v.hasSs()) {
          for (String s : v.ss()) {
            w.writeString(s);
          }
        } else if (v.hasNs()) {
          for (String n : v.ns()) {
            w.writeDecimal(new BigDecimal(n));
          }
        } else {
          for (SdkBytes b : v.bs()) {
            w.writeBlob(b.asByteArray());
          }
        }
        w.stepOut();
      }
      case L -> {
        w.stepIn(IonType.LIST);
        for (AttributeValue e : v.l()) {
          writeIon(w, e);
        }
        w.stepOut();
      }
      case M -> {
        w.stepIn(IonType.STRUCT);
        for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
          w.setFieldName(e.getKey());
          writeIon(w, e.getValue());
        }
        w.stepOut();
      }
      default -> throw new IllegalArgumentException("unexpected " + v.type());
    }
  }

  /** Base64 of bytes, for building expected text. */
  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
