package dev.ddbload.spark;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key as one string that is equal for keys DynamoDB holds as one item: each key attribute in
 * the table's order as its type, the length of its value and the value ({@code S} as written,
 * {@code N} by value: {@code 1.50} and {@code 1.5} are one key, {@code B} in Base64). The string
 * is what a verification shuffles and sorts rows by, so all rows of a key meet in one task, next
 * to each other. It never starts with {@link #MARKER}, which tags the rows-not-checkable counts
 * that travel in the same shuffle. Stateless.
 */
final class KeyText {

  /** Starts the shuffle keys that carry counts rather than a key. */
  static final char MARKER = '\u0000';

  private KeyText() {}

  /**
   * The key's text.
   *
   * @param key the key attributes in the table's order, as {@code KeySchema.keyOf} gives them
   */
  static String of(Map<String, AttributeValue> key) {
    StringBuilder sb = new StringBuilder(64);
    for (AttributeValue v : key.values()) {
      String value = switch (v.type()) {
        case S -> v.s();
        case N -> number(v.n());
        case B -> Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe());
        default -> throw new IllegalArgumentException("a key attribute must be S, N or B, not " + v.type());
      };
      sb.append(v.type().name()).append(value.length()).append(':').append(value);
    }
    return sb.toString();
  }

  /** The shuffle key carrying partition {@code partition}'s count of rows that cannot be checked. */
  static String countsOf(int partition) {
    return MARKER + Integer.toString(partition);
  }

  /** Whether a shuffle key carries counts. */
  static boolean isCounts(String text) {
    return !text.isEmpty() && text.charAt(0) == MARKER;
  }

  private static String number(String n) {
    try {
      BigDecimal v = new BigDecimal(n.trim());
      return v.signum() == 0 ? "0" : v.stripTrailingZeros().toString();
    } catch (NumberFormatException e) {
      return n;
    }
  }
}
