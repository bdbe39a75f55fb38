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
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(maxBytes)
            .maxNumberLength(maxBytes)
            .build())
        .build();
  }

  /**
   * Parses text holding one JSON object into an item.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON or a non-object, BAD_NUMBER for a
   *     number DynamoDB does not accept
   */
  public Map<String, AttributeValue> parseObject(String json) throws InvalidValueException {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new InvalidValueException(RejectReason.MALFORMED, "the line is not a JSON object");
      }
      Map<String, AttributeValue> item = readObject(p);
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON object");
      }
      return item;
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from a string", e);
    }
  }

  /**
   * Parses text holding any single JSON value into an attribute value.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON, BAD_NUMBER for a bad number
   */
  public AttributeValue parseValue(String json) throws InvalidValueException {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "no JSON value");
      }
      AttributeValue v = readValue(p, t);
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON value");
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from a string", e);
    }
  }

  private Map<String, AttributeValue> readObject(JsonParser p) throws IOException, InvalidValueException {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      AttributeValue v = readValue(p, p.nextToken());
      map.put(name, v);
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON object");
    }
    return map;
  }

  private AttributeValue readValue(JsonParser p, JsonToken t) throws IOException, InvalidValueException {
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
        return AttributeValue.fromM(readObject(p));
      default:
        throw new InvalidValueException(RejectReason.MALFORMED, "unexpected JSON token " + t);
    }
  }
}
