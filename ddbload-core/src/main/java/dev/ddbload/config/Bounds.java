package dev.ddbload.config;

/**
 * The values a numeric setting accepts: from {@code min} (or above it, when {@code aboveMin}) to
 * {@code max}, both finite. Declared once beside the setting's default and read by the library's
 * builders, the CLI and Spark alike. Immutable.
 *
 * @param min the lowest value, or the bound the value must be above when {@code aboveMin}
 * @param max the highest value
 * @param aboveMin whether {@code min} itself is refused
 */
public record Bounds(double min, double max, boolean aboveMin) {

  /** The numbers from {@code min} to {@code max}, both included. */
  public static Bounds between(double min, double max) {
    return new Bounds(min, max, false);
  }

  /** The numbers above {@code min}, up to {@code max} included. */
  public static Bounds above(double min, double max) {
    return new Bounds(min, max, true);
  }

  /** The finite numbers from {@code min} up. */
  public static Bounds atLeast(double min) {
    return new Bounds(min, Double.MAX_VALUE, false);
  }

  /** Whether {@code value} is within these bounds (never for NaN or an infinity). */
  public boolean contains(double value) {
    return (aboveMin ? value > min : value >= min) && value <= max && Double.isFinite(value);
  }

  /**
   * Checks {@code value} of {@code setting}.
   *
   * @return {@code value}
   * @throws InvalidSettingException naming the setting and these bounds
   */
  public double check(String setting, double value) {
    if (!contains(value)) {
      throw new InvalidSettingException(setting, "must be " + describe() + ", not " + format(value));
    }
    return value;
  }

  /** As {@link #check(String, double)}, for a whole number. */
  public long check(String setting, long value) {
    check(setting, (double) value);
    return value;
  }

  /** As {@link #check(String, double)}, for a whole number. */
  public int check(String setting, int value) {
    check(setting, (double) value);
    return value;
  }

  /** In words: {@code 1 to 100}, {@code more than 0 and at most 1}, {@code 0 or more}. */
  public String describe() {
    if (max == Double.MAX_VALUE) {
      return aboveMin ? "more than " + format(min) : format(min) + " or more";
    }
    return aboveMin ? "more than " + format(min) + " and at most " + format(max) : format(min) + " to " + format(max);
  }

  private static String format(double n) {
    return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : Double.toString(n);
  }
}
