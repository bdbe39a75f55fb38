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
 * through a double), true/false to BOOL, null to NULL, array to L, object to M. Thread-safe.
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
   * Reads the object whose START_OBJECT is the parser's current token, up to and including its
   * END_OBJECT, calling {@code guard} before each field.
   *
   * @throws InvalidValueException as {@link #parseObject}, or whatever the guard throws
   * @throws IOException when the parser's input fails or is not valid JSON
   */
  public Map<String, AttributeValue> readObject(JsonParser p, SizeGuard guard) throws IOException,
      InvalidValueException {
    return readObjectGuarded(p, guard);
  }

  /**
   * Parses text holding one JSON object into an item.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON or a non-object, BAD_NUMBER for a
   *     number DynamoDB does not accept
   */
  public Map<String, AttributeValue> parseObject(String json) throws InvalidValueException {
    return parse(factory, json, p -> {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new InvalidValueException(RejectReason.MALFORMED, "the line is not a JSON object");
      }
      Map<String, AttributeValue> item = readObjectGuarded(p, SizeGuard.NONE);
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON object");
      }
      return item;
    });
  }

  /**
   * Parses text holding any single JSON value into an attribute value.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON, BAD_NUMBER for a bad number
   */
  public AttributeValue parseValue(String json) throws InvalidValueException {
    return parse(factory, json, p -> {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "no JSON value");
      }
      AttributeValue v = readValue(p, t, SizeGuard.NONE);
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON value");
      }
      return v;
    });
  }

  /** Reads what {@code body} reads from a parser over {@code text}; invalid JSON is MALFORMED. */
  static <T> T parse(JsonFactory factory, String text, ParserBody<T> body) throws InvalidValueException {
    try (JsonParser p = factory.createParser(text)) {
      return body.read(p);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from a string", e);
    }
  }

  /** Reads a value from a parser. */
  @FunctionalInterface
  interface ParserBody<T> {
    T read(JsonParser p) throws IOException, InvalidValueException;
  }

  private Map<String, AttributeValue> readObjectGuarded(JsonParser p, SizeGuard guard) throws IOException,
      InvalidValueException {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      guard.check();
      String name = p.currentName();
      AttributeValue v = readValue(p, p.nextToken(), guard);
      map.put(name, v);
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON object");
    }
    return map;
  }

  private AttributeValue readValue(JsonParser p, JsonToken t, SizeGuard guard) throws IOException,
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
          guard.check();
          list.add(readValue(p, e, guard));
        }
        return AttributeValue.fromL(list);
      case START_OBJECT:
        return AttributeValue.fromM(readObjectGuarded(p, guard));
      default:
        throw new InvalidValueException(RejectReason.MALFORMED, "unexpected JSON token " + t);
    }
  }
}
