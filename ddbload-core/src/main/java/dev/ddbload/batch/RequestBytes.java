package dev.ddbload.batch;

import dev.ddbload.item.ItemSize;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An upper bound of the JSON a put request adds to a BatchWriteItem body. DynamoDB refuses a
 * BatchWriteItem request larger than 16 MB; items of many small attributes take several times
 * their stored size on the wire, so the batcher must count wire bytes, not item bytes. Thread-safe.
 */
public final class RequestBytes {

  /** {@code {"PutRequest":{"Item":{}}},} around each item. */
  private static final int PUT_WRAPPER = 30;

  private RequestBytes() {}

  /** Upper bound of the JSON size of a put request holding this item. */
  public static int ofPut(Map<String, AttributeValue> item) {
    return PUT_WRAPPER + mapBytes(item);
  }

  private static int mapBytes(Map<String, AttributeValue> map) {
    int total = 2;
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      total += stringBytes(e.getKey()) + 2 + valueBytes(e.getValue());
    }
    return total;
  }

  /** A JSON string: quotes plus UTF-8 bytes, with room for every escape. */
  private static int stringBytes(String s) {
    int escapes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        escapes++;
      }
    }
    return 2 + ItemSize.utf8Length(s) + escapes * 5;
  }

  private static int valueBytes(AttributeValue v) {
    // {"T":...} is 6 bytes plus the type name plus the value.
    switch (v.type()) {
      case S:
        return 7 + stringBytes(v.s());
      case N:
        return 9 + v.n().length();
      case B:
        return 9 + base64Length(v.b().asByteBuffer().remaining());
      case BOOL:
        return 14;
      case NUL:
        return 13;
      case SS:
        return 10 + v.ss().stream().mapToInt(s -> stringBytes(s) + 1).sum();
      case NS:
        return 10 + v.ns().stream().mapToInt(n -> n.length() + 3).sum();
      case BS:
        return 10 + v.bs().stream().mapToInt(b -> base64Length(b.asByteBuffer().remaining()) + 3).sum();
      case L:
        return 7 + listBytes(v.l());
      case M:
        return 7 + mapBytes(v.m());
      default:
        throw new IllegalArgumentException("unknown attribute value type: " + v.type());
    }
  }

  private static int listBytes(List<AttributeValue> list) {
    int total = 2;
    for (AttributeValue e : list) {
      total += 1 + valueBytes(e);
    }
    return total;
  }

  private static int base64Length(int bytes) {
    return 4 * ((bytes + 2) / 3);
  }
}
