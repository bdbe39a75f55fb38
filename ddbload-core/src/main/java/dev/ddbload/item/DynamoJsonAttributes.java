package dev.ddbload.item;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps DynamoDB JSON, the typed notation of DynamoDB's API and of its S3 export
 * ({@code {"S":"x"}}, {@code {"N":"1.5"}}, {@code {"B":"base64"}}, {@code {"BOOL":true}},
 * {@code {"NULL":true}}, {@code {"SS":[...]}}, {@code {"NS":[...]}}, {@code {"BS":[...]}},
 * {@code {"L":[...]}}, {@code {"M":{...}}}), to attributes. Numbers keep every digit as written.
 * Names given twice in one map and strings holding half a surrogate pair are refused, as in
 * {@link JsonAttributes}. Thread-safe.
 */
public final class DynamoJsonAttributes {

  private static final String EXPORT_WRAPPER = "Item";
  /** The parts of an incremental export's line that are read; the others are passed over. */
  private static final Set<String> CHANGE_IMAGES = Set.of("Keys", "NewImage");
  private static final AttributeValue NULL = AttributeValue.fromNul(true);
  /** Thrown (without a stack trace) when a line is not shaped like an export line. */
  private static final InvalidValueException NOT_EXPORT =
      new InvalidValueException(RejectReason.MALFORMED, "not an export line");

  private final JsonFactory factory;

  /** A mapper that accepts strings and numbers of up to {@code maxBytes}. */
  public DynamoJsonAttributes(int maxBytes) {
    this.factory = JsonAttributes.factory(maxBytes);
  }

  /**
   * Parses one line: an export line {@code {"Item":{...}}} (an object whose only field is
   * {@code Item}) or a bare typed item.
   *
   * @throws InvalidValueException MALFORMED for invalid JSON or typed values, BAD_NUMBER and
   *     BAD_VALUE for values DynamoDB does not accept
   */
  public Map<String, AttributeValue> parseItem(String line) throws InvalidValueException {
    Map<String, AttributeValue> item = parseEitherShape(line);
    if (JsonAttributes.holdsUnicodeEscape(line)) {
      JsonAttributes.checkUnicode(item);
    }
    return item;
  }

  /**
   * Parses one line of a DynamoDB incremental export:
   * {@code {"Metadata":{...},"Keys":{...},"NewImage":{...},"OldImage":{...}}}. Returns the typed
   * {@code Keys} and, when present, {@code NewImage} as map attributes under those names;
   * {@code Metadata}, {@code OldImage} and any other field are passed over (still checked to be
   * JSON). Whether the parts make a change is the caller's to judge.
   *
   * @throws InvalidValueException as {@link #parseItem}, and MALFORMED for a field given twice
   */
  public Map<String, AttributeValue> parseChange(String line) throws InvalidValueException {
    Map<String, AttributeValue> parts = JsonAttributes.parse(factory, line, p -> {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidValueException(RejectReason.MALFORMED, "the line is not a JSON object");
      }
      Map<String, AttributeValue> read = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (!seen.add(name)) {
          throw JsonAttributes.duplicate(name);
        }
        JsonToken value = p.nextToken();
        if (CHANGE_IMAGES.contains(name)) {
          if (value != JsonToken.START_OBJECT) {
            throw new InvalidValueException(RejectReason.MALFORMED, name + " is not an object of typed values");
          }
          read.put(name, AttributeValue.fromM(readItem(p)));
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON object");
      }
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON object");
      }
      return read;
    });
    if (JsonAttributes.holdsUnicodeEscape(line)) {
      JsonAttributes.checkUnicode(parts);
    }
    return parts;
  }

  private Map<String, AttributeValue> parseEitherShape(String line) throws InvalidValueException {
    try {
      return parse(line, true);
    } catch (InvalidValueException asExport) {
      if (asExport == NOT_EXPORT) {
        return parse(line, false);
      }
      try {
        // {"Item":{...}} may also be a bare item with one attribute named Item.
        return parse(line, false);
      } catch (InvalidValueException asBareItem) {
        throw asExport;
      }
    }
  }

  private Map<String, AttributeValue> parse(String line, boolean export) throws InvalidValueException {
    return JsonAttributes.parse(factory, line, p -> {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidValueException(RejectReason.MALFORMED, "the line is not a JSON object");
      }
      Map<String, AttributeValue> item;
      if (export) {
        if (p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals(EXPORT_WRAPPER)
            || p.nextToken() != JsonToken.START_OBJECT) {
          throw NOT_EXPORT;
        }
        item = readItem(p);
        if (p.nextToken() != JsonToken.END_OBJECT) {
          throw NOT_EXPORT;
        }
      } else {
        item = readItem(p);
      }
      if (p.nextToken() != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "text follows the JSON object");
      }
      return item;
    });
  }

  /** Reads {@code name: typed value} pairs up to the END_OBJECT of the current object. */
  private Map<String, AttributeValue> readItem(JsonParser p) throws IOException, InvalidValueException {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidValueException(RejectReason.MALFORMED, "attribute '" + name
            + "' is not a typed value such as {\"S\":\"text\"}");
      }
      if (item.put(name, readTyped(p, name)) != null) {
        throw JsonAttributes.duplicate(name);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidValueException(RejectReason.MALFORMED, "invalid JSON object");
    }
    return item;
  }

  /** Reads {@code {"T": value}} whose START_OBJECT is the current token. */
  private AttributeValue readTyped(JsonParser p, String name) throws IOException, InvalidValueException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      throw new InvalidValueException(RejectReason.MALFORMED, "attribute '" + name + "' has no type");
    }
    String type = p.currentName();
    JsonToken t = p.nextToken();
    AttributeValue v;
    switch (type) {
      case "S":
        v = AttributeValue.fromS(text(p, t, name));
        break;
      case "N":
        v = AttributeValue.fromN(number(p, t, name));
        break;
      case "B":
        v = AttributeValue.fromB(binary(text(p, t, name), name));
        break;
      case "BOOL":
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw bad(name, "BOOL must be true or false");
        }
        v = AttributeValue.fromBool(t == JsonToken.VALUE_TRUE);
        break;
      case "NULL":
        if (t != JsonToken.VALUE_TRUE) {
          throw bad(name, "NULL must be true");
        }
        v = NULL;
        break;
      case "SS":
        v = AttributeValue.fromSs(nonEmpty(elements(p, t, name, this::text), name));
        break;
      case "NS":
        v = AttributeValue.fromNs(nonEmpty(elements(p, t, name, this::number), name));
        break;
      case "BS":
        v = AttributeValue.fromBs(nonEmpty(elements(p, t, name, (q, e, n) -> binary(text(q, e, n), n)), name));
        break;
      case "L":
        v = AttributeValue.fromL(elements(p, t, name, (q, e, n) -> {
          if (e != JsonToken.START_OBJECT) {
            throw bad(n, "a list element is not a typed value");
          }
          return readTyped(q, n);
        }));
        break;
      case "M":
        if (t != JsonToken.START_OBJECT) {
          throw bad(name, "M must be an object");
        }
        v = AttributeValue.fromM(readItem(p));
        break;
      default:
        throw bad(name, "unknown type '" + type + "'");
    }
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw bad(name, "a typed value has exactly one type");
    }
    return v;
  }

  private String text(JsonParser p, JsonToken t, String name) throws IOException, InvalidValueException {
    if (t != JsonToken.VALUE_STRING) {
      throw bad(name, "expected a string");
    }
    return p.getText();
  }

  private String number(JsonParser p, JsonToken t, String name) throws IOException, InvalidValueException {
    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw bad(name, "expected a number");
    }
    return DynamoNumbers.validate(p.getText());
  }

  private static SdkBytes binary(String base64, String name) throws InvalidValueException {
    try {
      return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(RejectReason.BAD_VALUE, "attribute '" + name + "': not valid base64");
    }
  }

  private static <T> List<T> elements(JsonParser p, JsonToken t, String name, Element<T> element)
      throws IOException, InvalidValueException {
    if (t != JsonToken.START_ARRAY) {
      throw bad(name, "expected an array");
    }
    List<T> list = new ArrayList<>();
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      list.add(element.read(p, e, name));
    }
    return list;
  }

  private static <T> List<T> nonEmpty(List<T> set, String name) throws InvalidValueException {
    if (set.isEmpty()) {
      throw new InvalidValueException(RejectReason.BAD_VALUE, "attribute '" + name
          + "' is an empty set, which DynamoDB does not store");
    }
    return set;
  }

  private static InvalidValueException bad(String name, String problem) {
    return new InvalidValueException(RejectReason.MALFORMED, "attribute '" + name + "': " + problem);
  }

  @FunctionalInterface
  private interface Element<T> {
    T read(JsonParser p, JsonToken t, String name) throws IOException, InvalidValueException;
  }
}
