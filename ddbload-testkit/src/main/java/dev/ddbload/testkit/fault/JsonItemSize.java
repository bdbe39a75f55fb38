package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * DynamoDB item sizes and write capacity computed from the wire format ({@code {"S":"x"}},
 * {@code {"N":"1"}}, ...), by the rules of "DynamoDB item sizes and formats": names and strings
 * in UTF-8 bytes, binaries raw bytes, numbers one byte per base-100 digit plus one (plus one if
 * negative; zero is one byte), BOOL and NULL one byte, L and M three bytes plus one per element
 * plus the elements, sets the sum of their elements. The testkit's own copy of the engine's
 * sizing, since the testkit cannot depend on the engine. Stateless and thread-safe.
 */
final class JsonItemSize {

  private JsonItemSize() {}

  /**
   * Write capacity units one write request consumes: a put one per started KB of its item, a
   * delete one.
   */
  static int writeUnits(JsonNode writeRequest) {
    JsonNode item = writeRequest.path("PutRequest").path("Item");
    if (item.isMissingNode()) {
      return 1;
    }
    return unitsOf(of(item));
  }

  /** Write capacity units of a write of {@code bytes}: one per started KB, at least one. */
  static int unitsOf(int bytes) {
    return Math.max(1, (bytes + 1023) / 1024);
  }

  /** The size in bytes of an item given as a JSON object of attribute values. */
  static int of(JsonNode item) {
    int total = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      total += utf8(e.getKey()) + valueSize(e.getValue());
    }
    return total;
  }

  /** The size in bytes of the attribute values of a JSON array, e.g. a statement's {@code Parameters}, without names. */
  static int ofValues(JsonNode values) {
    int total = 0;
    for (JsonNode value : values) {
      total += valueSize(value);
    }
    return total;
  }

  /** The size in bytes of a name: its UTF-8 bytes. */
  static int ofName(String name) {
    return utf8(name);
  }

  private static int valueSize(JsonNode value) {
    Map.Entry<String, JsonNode> typed = value.fields().next();
    JsonNode v = typed.getValue();
    switch (typed.getKey()) {
      case "S":
        return utf8(v.asText());
      case "N":
        return numberSize(v.asText());
      case "B":
        return Base64.getDecoder().decode(v.asText()).length;
      case "BOOL":
      case "NULL":
        return 1;
      case "SS":
        return sum(v, "S");
      case "NS":
        return sum(v, "N");
      case "BS":
        return sum(v, "B");
      case "L": {
        int total = 3;
        for (JsonNode element : v) {
          total += 1 + valueSize(element);
        }
        return total;
      }
      case "M":
        return 3 + v.size() + of(v);
      default:
        throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
    }
  }

  private static int sum(JsonNode set, String elementType) {
    int total = 0;
    for (JsonNode element : set) {
      String text = element.asText();
      switch (elementType) {
        case "S":
          total += utf8(text);
          break;
        case "N":
          total += numberSize(text);
          break;
        default:
          total += Base64.getDecoder().decode(text).length;
      }
    }
    return total;
  }

  /** Base-100 digits between the highest and lowest non-zero decimal digit, plus one (and one for a sign). */
  static int numberSize(String number) {
    BigDecimal d = new BigDecimal(number);
    if (d.signum() == 0) {
      return 1;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    int lowest = -stripped.scale();
    int highest = stripped.precision() - stripped.scale() - 1;
    int digits100 = Math.floorDiv(highest, 2) - Math.floorDiv(lowest, 2) + 1;
    return digits100 + 1 + (d.signum() < 0 ? 1 : 0);
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
