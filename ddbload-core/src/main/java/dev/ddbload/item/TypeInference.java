package dev.ddbload.item;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Guesses the type of a text cell ({@code --infer-types}) without ever changing its value: a cell
 * becomes a number only when DynamoDB would give the same text back, i.e. it is written the way
 * DynamoDB writes numbers ({@code 42}, {@code -3.25}, {@code 0.5}) and DynamoDB can store it.
 * {@code 007}, {@code 1e5}, {@code 1.50}, {@code +3}, {@code -0}, {@code .5} and {@code 1.} stay
 * strings, since DynamoDB would return {@code 7}, {@code 100000}, {@code 1.5}, {@code 3},
 * {@code 0}, {@code 0.5} and {@code 1}. {@code true} and {@code false} (lower case) become
 * booleans. Everything else is a string. Stateless and thread-safe.
 */
public final class TypeInference {

  private static final AttributeValue TRUE = AttributeValue.fromBool(true);
  private static final AttributeValue FALSE = AttributeValue.fromBool(false);

  private TypeInference() {}

  /** The attribute a non-empty cell becomes. */
  public static AttributeValue infer(String cell) {
    if (cell.equals("true")) {
      return TRUE;
    }
    if (cell.equals("false")) {
      return FALSE;
    }
    if (isCanonicalNumber(cell)) {
      try {
        return AttributeValue.fromN(DynamoNumbers.validate(cell));
      } catch (InvalidValueException outOfRange) {
        // More digits or a larger magnitude than DynamoDB stores: keep the text.
      }
    }
    return AttributeValue.fromS(cell);
  }

  /**
   * Whether the text is a number in DynamoDB's own notation: an optional minus, an integer part
   * without leading zeros, an optional fraction that does not end in zero, and not {@code -0}.
   */
  static boolean isCanonicalNumber(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int intStart = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
      return false;
    }
    boolean zeroInteger = intDigits == 1 && s.charAt(intStart) == '0';
    if (i == n) {
      return !(zeroInteger && intStart == 1);
    }
    if (s.charAt(i) != '.') {
      return false;
    }
    i++;
    int fracStart = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    return i == n && i > fracStart && s.charAt(n - 1) != '0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
