package dev.ddbload.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Generated JSON records, each a good object (with the item it must become) or broken in a known
 * way, rendered as JSON Lines or as a JSON array with random white space. Records can be dropped
 * (shrinking) without changing how the others are written.
 */
record JsonModel(List<Element> elements, List<String> separators, boolean array, int maxRecordBytes) {

  /** How a record is broken, if it is. */
  enum Kind { GOOD, BROKEN_SYNTAX, NOT_OBJECT, BAD_UTF8, TOO_LARGE, DUPLICATE_NAME, LONE_SURROGATE }

  /** A record: its bytes and, when good, its item. */
  record Element(Kind kind, byte[] bytes, Map<String, AttributeValue> item) {
    @Override
    public String toString() {
      return kind + " " + CsvModel.show(bytes);
    }
  }

  /** Where a record is in the rendered input. */
  record Placed(Element element, long line, long offset, int index) {}

  /** The rendered input, the records' places, and where the array's closing bracket is (-1 for lines). */
  record Rendered(byte[] bytes, List<Placed> placed, int closingBracket) {}

  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] NUMBERS = {"0", "1", "-7", "42", "3.25", "-0.5", "12345678901234567890", "1E+3"};
  private static final String[] PIECES = {"a", "b", "z", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u00e9", "\u20ac",
      "\u4e2d", "\ud83d\ude00", "\u2028", "{", "}", "[", "]", ","};
  private static final String[] SPACE = {"", " ", "\n", "\r\n", "\n  ", "\t"};

  static JsonModel generate(SplittableRandom r) {
    boolean array = r.nextBoolean();
    int max = 1024 + r.nextInt(1024);
    List<Element> elements = new ArrayList<>();
    List<String> separators = new ArrayList<>();
    int n = r.nextInt(25);
    for (int i = 0; i <= n; i++) {
      separators.add(array ? SPACE[r.nextInt(SPACE.length)] : r.nextInt(5) == 0 ? "\n\n" : r.nextBoolean() ? "\n" : "\r\n");
      if (i < n) {
          elements.add(element(r, max, array));
      }
    }
    return new JsonModel(elements, separators, array, max);
  }

  /** Smaller models: one record fewer each. */
  List<JsonModel> shrink() {
    List<JsonModel> smaller = new ArrayList<>();
    for (int i = elements.size() - 1; i >= 0; i--) {
      List<Element> e = new ArrayList<>(elements);
      e.remove(i);
      List<String> s = new ArrayList<>(separators);
      s.remove(i);
      smaller.add(new JsonModel(e, s, array, maxRecordBytes));
    }
    return smaller;
  }

  private static Element element(SplittableRandom r, int max, boolean array) {
    int pick = r.nextInt(16);
    Kind kind = pick < 10 ? Kind.GOOD : Kind.values()[1 + pick % 6];
    Map<String, Object> object = object(r, 0);
    switch (kind) {
      case BROKEN_SYNTAX:
        String good = new String(render(object), StandardCharsets.UTF_8);
        String[] broken = {"{\"a\":1 \"b\":2}", "{\"a\":tru}", "{\"a\":1,}", "{\"a\":01}", "{\"a\" 1}", "{a:1}",
            "{\"a\":[1,2}", "{\"a\":1}}", good.substring(0, good.length() - 1) + "]"};
        // In an array, a ']' that closes nothing the element opened is the array's end: no reader can tell.
        return new Element(kind, CsvModel.bytes(broken[r.nextInt(broken.length - (array ? 1 : 0))]), null);
      case NOT_OBJECT:
        String[] values = {"7", "\"text\"", "[1,2]", "null", "true"};
        return new Element(kind, CsvModel.bytes(values[r.nextInt(values.length)]), null);
      case BAD_UTF8:
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CsvModel.bytes("{\"id\":\"a"));
        out.write(0xff);
        out.writeBytes(CsvModel.bytes("b\"}"));
        return new Element(kind, out.toByteArray(), null);
      case TOO_LARGE:
        object.put("big", "y".repeat(max + r.nextInt(3 * max)));
        return new Element(kind, render(object), null);
      case DUPLICATE_NAME:
        return new Element(kind, CsvModel.bytes("{\"id\":1,\"v\":2,\"id\":3}"), null);
      case LONE_SURROGATE:
        return new Element(kind, CsvModel.bytes("{\"id\":\"x\\ud800y\"}"), null);
      default:
        return new Element(kind, render(object), item(object));
    }
  }

  private static Map<String, Object> object(SplittableRandom r, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (depth == 0) {
      m.put("id", "k" + r.nextInt(12));
    }
    int fields = r.nextInt(depth == 0 ? 5 : 3);
    for (int i = 0; i < fields; i++) {
      m.put("f" + i + text(r), value(r, depth));
    }
    return m;
  }

  private static Object value(SplittableRandom r, int depth) {
    int k = r.nextInt(depth < 2 ? 7 : 5);
    switch (k) {
      case 0:
        return new Num(NUMBERS[r.nextInt(NUMBERS.length)]);
      case 1:
        return r.nextBoolean();
      case 2:
        return null;
      case 5:
        return object(r, depth + 1);
      case 6:
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          l.add(value(r, depth + 1));
        }
        return l;
      default:
        return text(r);
    }
  }

  /** A number kept as its text. */
  record Num(String text) {}

  private static String text(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static byte[] render(Map<String, Object> object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Num n) {
      g.writeNumber(n.text());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeStartArray();
      for (Object o : (List<Object>) v) {
        write(g, o);
      }
      g.writeEndArray();
    }
  }

  @SuppressWarnings("unchecked")
  private static AttributeValue attribute(Object v) {
    if (v == null) {
      return AttributeValue.fromNul(true);
    }
    if (v instanceof Num n) {
      return AttributeValue.fromN(n.text());
    }
    if (v instanceof Boolean b) {
      return AttributeValue.fromBool(b);
    }
    if (v instanceof String s) {
      return AttributeValue.fromS(s);
    }
    if (v instanceof Map<?, ?> m) {
      return AttributeValue.fromM(item((Map<String, Object>) m));
    }
    return AttributeValue.fromL(((List<Object>) v).stream().map(JsonModel::attribute).toList());
  }

  private static Map<String, AttributeValue> item(Map<String, Object> object) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    object.forEach((k, v) -> item.put(k, attribute(v)));
    return item;
  }

  /** The reject reason a broken record must get. */
  static RejectReason reason(Kind kind) {
    switch (kind) {
      case BAD_UTF8:
      case LONE_SURROGATE:
        return RejectReason.BAD_ENCODING;
      case TOO_LARGE:
        return RejectReason.TOO_LARGE;
      default:
        return RejectReason.MALFORMED;
    }
  }

  /** The input, as JSON Lines or as an array. */
  Rendered render() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Placed> placed = new ArrayList<>();
    long line = 1;
    if (array) {
      out.write('[');
    }
    for (int i = 0; i < elements.size(); i++) {
      String sep = separators.get(i);
      if (array && i > 0) {
        out.write(',');
      }
      out.writeBytes(CsvModel.bytes(sep));
      line += CsvModel.lineEnds(CsvModel.bytes(sep));
      placed.add(new Placed(elements.get(i), line, out.size(), i));
      out.writeBytes(elements.get(i).bytes());
      line += CsvModel.lineEnds(elements.get(i).bytes());
      if (!array) {
        out.write('\n');
        line++;
      }
    }
    int closing = -1;
    if (array) {
      out.writeBytes(CsvModel.bytes(separators.get(elements.size())));
      closing = out.size();
      out.write(']');
      out.write('\n');
    }
    return new Rendered(out.toByteArray(), placed, closing);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder((array ? "array" : "lines") + ", max " + maxRecordBytes + "\n");
    for (Element e : elements) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }
}
