package dev.ddbload.item;

import java.math.BigDecimal;

/**
 * Checks numbers against what DynamoDB stores: at most 38 significant digits, magnitude zero or
 * between 1E-130 and 9.9999999999999999999999999999999999999E+125 (developer guide, "Supported
 * data types and naming rules"). Stateless and thread-safe.
 */
public final class DynamoNumbers {

  /** DynamoDB keeps at most this many significant digits. */
  public static final int MAX_SIGNIFICANT_DIGITS = 38;

  private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
  private static final BigDecimal MAX_MAGNITUDE =
      new BigDecimal("9.9999999999999999999999999999999999999E+125");

  private DynamoNumbers() {}

  /**
   * Compares two numbers by value, as DynamoDB does ({@code 1}, {@code 1.0} and {@code 1e0} are
   * equal).
   *
   * @throws NumberFormatException when either is not a number
   */
  public static int compare(String a, String b) {
    return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim()));
  }

  /**
   * Returns {@code text} unchanged if DynamoDB accepts it as a number.
   *
   * @throws InvalidValueException with {@link RejectReason#BAD_NUMBER} otherwise
   */
  public static String validate(String text) throws InvalidValueException {
    if (isPlainDecimal(text)) {
      return text;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(RejectReason.BAD_NUMBER, "'" + abbreviate(text) + "' is not a number");
    }
    if (value.signum() == 0) {
      return text;
    }
    int digits = ItemSize.significantDigits(text);
    if (digits > MAX_SIGNIFICANT_DIGITS) {
      throw new InvalidValueException(RejectReason.BAD_NUMBER, "number " + abbreviate(text) + " has " + digits
          + " significant digits; DynamoDB keeps at most " + MAX_SIGNIFICANT_DIGITS);
    }
    BigDecimal magnitude = value.abs();
    if (magnitude.compareTo(MIN_MAGNITUDE) < 0 || magnitude.compareTo(MAX_MAGNITUDE) > 0) {
      throw new InvalidValueException(RejectReason.BAD_NUMBER, "number " + abbreviate(text)
          + " is outside DynamoDB's range (1E-130 to 9.99...E+125 in magnitude)");
    }
    return text;
  }

  /**
   * Whether the text is {@code -?digits(.digits)?} with at most 38 digits in all: such a number
   * is zero or has at most 38 significant digits and a magnitude between 1E-38 and 1E38, well
   * inside DynamoDB's range. Most numbers are; they are accepted without parsing.
   */
  static boolean isPlainDecimal(String text) {
    int n = text.length();
    int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    int digits = 0;
    int dot = -1;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' && dot < 0 && digits > 0) {
        dot = i;
      } else {
        return false;
      }
    }
    return digits > 0 && digits <= MAX_SIGNIFICANT_DIGITS && dot != n - 1;
  }

  static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
