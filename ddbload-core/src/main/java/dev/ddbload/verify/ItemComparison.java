package dev.ddbload.verify;

import dev.ddbload.item.DynamoNumbers;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares an item as the input says it must be with the item the table holds, attribute by
 * attribute, the way DynamoDB tells values apart: numbers by value ({@code 1.50} is {@code 1.5},
 * {@code 1e2} is {@code 100}), sets as sets (order-free, numbers in number sets by value),
 * binaries by their bytes, lists element by element in order, maps by their entries, recursively;
 * a value of another type differs. Public for the Spark data source's verification (which judges
 * rows of one key against each other); no compatibility promise. Stateless and thread-safe.
 */
public final class ItemComparison {

  private ItemComparison() {}

  /**
   * The names of the top-level attributes that differ: present in one item only, or with values
   * that differ; in the expected item's order, then the actual item's extra attributes.
   */
  public static List<String> differences(Map<String, AttributeValue> expected, Map<String, AttributeValue> actual) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
      AttributeValue a = actual.get(e.getKey());
      if (a == null || !same(e.getValue(), a)) {
        names.add(e.getKey());
      }
    }
    for (String name : actual.keySet()) {
      if (!expected.containsKey(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Whether two values are the same value to DynamoDB. */
  public static boolean same(AttributeValue a, AttributeValue b) {
    if (a.type() != b.type()) {
      return false;
    }
    return switch (a.type()) {
      case S -> a.s().equals(b.s());
      case N -> sameNumber(a.n(), b.n());
      case B -> bytes(a.b()).equals(bytes(b.b()));
      case BOOL -> a.bool().equals(b.bool());
      case NUL -> true;
      case SS -> new HashSet<>(a.ss()).equals(new HashSet<>(b.ss()));
      case NS -> numbers(a.ns()).equals(numbers(b.ns()));
      case BS -> binaries(a.bs()).equals(binaries(b.bs()));
      case L -> sameList(a.l(), b.l());
      case M -> sameMap(a.m(), b.m());
      default -> a.equals(b);
    };
  }

  private static boolean sameList(List<AttributeValue> a, List<AttributeValue> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameMap(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<String, AttributeValue> e : a.entrySet()) {
      AttributeValue other = b.get(e.getKey());
      if (other == null || !same(e.getValue(), other)) {
        return false;
      }
    }
    return true;
  }

  /** Numbers by value; text that is not a number (never stored by DynamoDB) only as written. */
  static boolean sameNumber(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return DynamoNumbers.compare(a, b) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A number set's values in one form each, so that equal numbers compare equal. */
  private static Set<Object> numbers(List<String> ns) {
    Set<Object> values = new LinkedHashSet<>();
    for (String n : ns) {
      try {
        BigDecimal v = new BigDecimal(n.trim());
        values.add(v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros());
      } catch (NumberFormatException e) {
        values.add(n);
      }
    }
    return values;
  }

  private static Set<ByteBuffer> binaries(List<SdkBytes> bs) {
    Set<ByteBuffer> values = new HashSet<>();
    for (SdkBytes b : bs) {
      values.add(bytes(b));
    }
    return values;
  }

  private static ByteBuffer bytes(SdkBytes b) {
    return ByteBuffer.wrap(b.asByteArrayUnsafe());
  }
}
