package dev.ddbload.item;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps JSON to DynamoDB attributes: string to S, number to N with every digit as written (never
 * through a double), true/false to BOOL, null to NULL, array to L, object to M. An object that
 * names an attribute twice, and a string holding half a surrogate pair (an escape such as
 * {@code \ud800} alone, which is not Unicode text), are refused. Thread-safe.
 */
public final class JsonAttributes {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);
  private static final AttributeValue TRUE = AttributeValue.fromBool(true);
  private static final AttributeValue FALSE = AttributeValue.fromBool(false);

  private final JsonFactory factory;

  /** A mapper that accepts JSON values of up to {@code maxBytes} per string or number. */
  public JsonAttributes(int maxBytes) {
    this.factory = factory(maxBytes);
  }

  /** A JSON factory whose parsers refuse strings and numbers longer than {@code maxBytes}. */
  public static JsonFactory factory(int maxBytes) {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(maxBytes)
            .maxNumberLength(maxBytes)
            .build())
        .build();
  }

  /** The factory this mapper parses text with. */
  public JsonFactory factory() {
    return factory;
  }

  /**
   * Parses text holding one JSON object into an item.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON or a non-object, BAD_NUMBER for a
   *     number DynamoDB does not accept
   */
  public Map<String, AttributeValue> parseObject(String json) throws InvalidValueException {
    Map<String, AttributeValue> item = parse(factory, json, this::readWholeObject);
    if (holdsUnicodeEscape(json)) {
      checkUnicode(item);
    }
    return item;
  }

  /**
   * Parses UTF-8 bytes holding one JSON object into an item, as {@link #parseObject(String)}.
   *
   * @param text the same bytes decoded (by which it is quick to tell whether they hold an escape)
   * @throws InvalidValueException as {@link #parseObject(String)}
   */
  public Map<String, AttributeValue> parseObject(byte[] utf8, int offset, int length, String text)
      throws InvalidValueException {
    Map<String, AttributeValue> item;
    try (JsonParser p = factory.createParser(utf8, offset, length)) {
      item = readWholeObject(p);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(RejectReason.MALFORMED, JsonErrors.sentence(e));
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory", e);
    }
    if (holdsUnicodeEscape(text)) {
      checkUnicode(item);
    }
    return item;
  }

  private Map<String, AttributeValue> readWholeObject(JsonParser p) throws IOException, InvalidValueException {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new InvalidValueException(RejectReason.MALFORMED, first == null ? "no JSON value"
          : "the value is " + describe(first) + ", not a JSON object");
    }
    Map<String, AttributeValue> item = readObjectFields(p);
    if (p.nextToken() != null) {
      throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON object at column "
          + p.currentTokenLocation().getColumnNr());
    }
    return item;
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NULL:
        return "null";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      default:
        return "a number";
    }
  }

  /** Whether the text holds {@code \\u}: most hold no backslash at all, which is quick to tell. */
  static boolean holdsUnicodeEscape(String json) {
    int backslash = json.indexOf('\\');
    return backslash >= 0 && json.indexOf("\\u", backslash) >= 0;
  }

  /**
   * Refuses names and strings (in maps, lists and sets, at any depth) holding half a surrogate
   * pair: they can only come from {@code \\u} escapes, and are not Unicode text.
   *
   * @throws InvalidValueException BAD_ENCODING naming the top-level attribute
   */
  static void checkUnicode(Map<String, AttributeValue> item) throws InvalidValueException {
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      if (!isUnicode(e.getKey()) || !isUnicode(e.getValue())) {
        String which = e.getKey().isEmpty() ? "the value" : "attribute '" + e.getKey() + "'";
        throw new InvalidValueException(RejectReason.BAD_ENCODING, which
            + " holds half a surrogate pair (an escape such as \\ud800 alone), which is not Unicode text");
      }
    }
  }

  private static boolean isUnicode(AttributeValue v) {
    if (v.s() != null) {
      return isUnicode(v.s());
    }
    if (v.hasSs()) {
      return v.ss().stream().allMatch(JsonAttributes::isUnicode);
    }
    if (v.hasL()) {
      return v.l().stream().allMatch(JsonAttributes::isUnicode);
    }
    if (v.hasM()) {
      return v.m().entrySet().stream().allMatch(e -> isUnicode(e.getKey()) && isUnicode(e.getValue()));
    }
    return true;
  }

  private static boolean isUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Parses text holding any single JSON value into an attribute value.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON, BAD_NUMBER for a bad number
   */
  public AttributeValue parseValue(String json) throws InvalidValueException {
    AttributeValue value = parse(factory, json, p -> {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "no JSON value");
      }
      AttributeValue v = readValue(p, t);
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON value");
      }
      return v;
    });
    if (holdsUnicodeEscape(json)) {
      checkUnicode(Map.of("", value));
    }
    return value;
  }

  /** Reads what {@code body} reads from a parser over {@code text}; invalid JSON is MALFORMED. */
  static <T> T parse(JsonFactory factory, String text, ParserBody<T> body) throws InvalidValueException {
    try (JsonParser p = factory.createParser(text)) {
      return body.read(p);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(RejectReason.MALFORMED, JsonErrors.sentence(e));
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from a string", e);
    }
  }

  /** Reads a value from a parser. */
  @FunctionalInterface
  interface ParserBody<T> {
    T read(JsonParser p) throws IOException, InvalidValueException;
  }

  private Map<String, AttributeValue> readObjectFields(JsonParser p) throws IOException,
      InvalidValueException {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      AttributeValue v = readValue(p, p.nextToken());
      if (map.put(name, v) != null) {
        throw duplicate(name);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON object");
    }
    return map;
  }

  /** An object names an attribute twice: which value is meant is not known. */
  static InvalidValueException duplicate(String name) {
    return new InvalidValueException(RejectReason.MALFORMED, "the name '" + name + "' appears twice in one object");
  }

  private AttributeValue readValue(JsonParser p, JsonToken t) throws IOException,
      InvalidValueException {
    switch (t) {
      case VALUE_STRING:
        return AttributeValue.fromS(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return AttributeValue.fromN(DynamoNumbers.validate(p.getText()));
      case VALUE_TRUE:
        return TRUE;
      case VALUE_FALSE:
        return FALSE;
      case VALUE_NULL:
        return NULL;
      case START_ARRAY:
        List<AttributeValue> list = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(readValue(p, e));
        }
        return AttributeValue.fromL(list);
      case START_OBJECT:
        return AttributeValue.fromM(readObjectFields(p));
      default:
        throw new InvalidValueException(RejectReason.MALFORMED, "unexpected JSON token " + t);
    }
  }
}
