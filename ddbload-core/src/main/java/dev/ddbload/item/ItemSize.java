package dev.ddbload.item;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exact DynamoDB item size and write capacity, following "DynamoDB item sizes and formats" in
 * the Amazon DynamoDB developer guide: strings are UTF-8 bytes; numbers their base-100 digits
 * plus one byte (see {@link #numberSize}); binaries their raw
 * bytes; null and booleans one byte; lists and maps three bytes plus one byte per element plus
 * their elements (map keys counted as names); sets the sum of their elements. Every attribute
 * also counts the UTF-8 bytes of its name.
 *
 * <p>Stateless and thread-safe.
 */
public final class ItemSize {

  /** DynamoDB's maximum item size: 400 KB, attribute names included. */
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  private ItemSize() {}

  /**
   * The item's DynamoDB size, at most 400 KB.
   *
   * @throws InvalidValueException ({@code ITEM_TOO_LARGE}) for a larger item
   */
  public static int checked(Map<String, AttributeValue> item) throws InvalidValueException {
    int size = of(item);
    if (size > MAX_ITEM_BYTES) {
      throw new InvalidValueException(RejectReason.ITEM_TOO_LARGE, "the item is " + size
          + " bytes; DynamoDB allows at most " + MAX_ITEM_BYTES + " (400 KB)");
    }
    return size;
  }

  /** The size in bytes of a whole item, attribute names included. */
  public static int of(Map<String, AttributeValue> item) {
    int total = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      total += utf8Length(e.getKey()) + valueSize(e.getValue());
    }
    return total;
  }

  /** Write capacity units one put of an item of {@code bytes} consumes: one per started KB. */
  public static int writeUnits(int bytes) {
    return Math.max(1, (bytes + 1023) / 1024);
  }

  /** The size in bytes of one attribute value, without its name. */
  public static int valueSize(AttributeValue v) {
    switch (v.type()) {
      case S:
        return utf8Length(v.s());
      case N:
        return numberSize(v.n());
      case B:
        return v.b().asByteBuffer().remaining();
      case BOOL:
      case NUL:
        return 1;
      case SS:
        return v.ss().stream().mapToInt(ItemSize::utf8Length).sum();
      case NS:
        return v.ns().stream().mapToInt(ItemSize::numberSize).sum();
      case BS:
        return v.bs().stream().mapToInt(b -> b.asByteBuffer().remaining()).sum();
      case L:
        return listSize(v.l());
      case M:
        return mapSize(v.m());
      default:
        throw new IllegalArgumentException("unknown attribute value type: " + v.type());
    }
  }

  /**
   * Bytes of a number as DynamoDB stores it: one byte per base-100 digit (pairs of decimal
   * digits aligned at the decimal point, leading and trailing zero pairs trimmed), plus one
   * byte, plus one more for a negative number; zero takes one byte. The guide's "1 byte per two
   * significant digits, plus 1 byte" is this rule for digits that align; measured against
   * DynamoDB Local, {@code 1.5} takes 3 bytes and {@code -1} takes 3.
   *
   * @param number a valid decimal number, as accepted by {@link DynamoNumbers#validate}
   */
  public static int numberSize(String number) {
    int length = number.length();
    int exponentAt = length;
    for (int i = 0; i < length; i++) {
      char c = number.charAt(i);
      if (c == 'e' || c == 'E') {
        exponentAt = i;
        break;
      }
    }
    int exponent = exponentAt < length ? Integer.parseInt(number.substring(exponentAt + 1).replace("+", "")) : 0;
    int point = number.indexOf('.');
    if (point < 0 || point > exponentAt) {
      point = exponentAt;
    }
    boolean negative = false;
    int highest = Integer.MIN_VALUE;
    int lowest = Integer.MAX_VALUE;
    for (int i = 0; i < exponentAt; i++) {
      char c = number.charAt(i);
      if (c == '-') {
        negative = true;
      } else if (c >= '1' && c <= '9') {
        // The power of ten this digit stands for.
        int power = (i < point ? point - i - 1 : point - i) + exponent;
        highest = Math.max(highest, power);
        lowest = Math.min(lowest, power);
      }
    }
    if (highest == Integer.MIN_VALUE) {
      return 1;
    }
    int pairs = Math.floorDiv(highest, 2) - Math.floorDiv(lowest, 2) + 1;
    return pairs + 1 + (negative ? 1 : 0);
  }

  /**
   * Significant digits of a decimal number as written: the mantissa without sign, point,
   * leading and trailing zeroes. Zero has one.
   */
  public static int significantDigits(String number) {
    int end = number.length();
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c == 'e' || c == 'E') {
        end = i;
        break;
      }
    }
    int first = -1;
    int last = -1;
    for (int i = 0; i < end; i++) {
      char c = number.charAt(i);
      if (c >= '1' && c <= '9') {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      return 1;
    }
    int digitsBetween = 0;
    for (int i = first; i <= last; i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digitsBetween++;
      }
    }
    return digitsBetween;
  }

  /** UTF-8 length of a string without encoding it. */
  public static int utf8Length(String s) {
    int bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static int listSize(List<AttributeValue> list) {
    int total = 3;
    for (AttributeValue e : list) {
      total += 1 + valueSize(e);
    }
    return total;
  }

  private static int mapSize(Map<String, AttributeValue> map) {
    int total = 3;
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      total += 1 + utf8Length(e.getKey()) + valueSize(e.getValue());
    }
    return total;
  }
}
