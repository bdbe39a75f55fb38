package dev.ddbload.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way durations are written in ddbload's settings, for the library, the CLI, Spark and
 * Lambda alike: a number with a unit ({@code 250us}, {@code 25ms}, {@code 2s}, {@code 1.5s},
 * {@code 3m}, {@code 1h}), a bare number of milliseconds ({@code 500}), or ISO-8601
 * ({@code PT2S}). Stateless.
 */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)?");

  private Durations() {}

  /**
   * Reads a duration.
   *
   * @throws IllegalArgumentException naming the text, for anything else
   */
  public static Duration parse(String text) {
    String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      double nanosPerUnit = switch (m.group(2) == null ? "ms" : m.group(2)) {
        case "us" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * nanosPerUnit));
    }
    try {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 25ms, 2s or 1m", e);
    }
  }

  /** A duration as {@link #parse} reads it, in the largest whole unit: {@code 25ms}, {@code 10s}, {@code 2m}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos != 0 && nanos % 3_600_000_000_000L == 0) {
      return nanos / 3_600_000_000_000L + "h";
    }
    if (nanos != 0 && nanos % 60_000_000_000L == 0) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos != 0 && nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    return nanos % 1_000L == 0 ? nanos / 1_000L + "us" : d.toString();
  }

  /**
   * Checks that {@code value} of {@code setting} is more than zero.
   *
   * @return {@code value}
   * @throws InvalidSettingException when it is zero or negative
   */
  public static Duration checkPositive(String setting, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(setting, "must be positive, not " + format(value));
    }
    return value;
  }

  /**
   * Checks a retry backoff: its base and largest delay positive, the largest at least the base.
   *
   * @param owner the settings' owner in the library's terms, e.g. {@code LoadOptions}: the
   *     settings are named {@code owner.backoffBase} and {@code owner.backoffMax}
   * @throws InvalidSettingException naming the setting at fault
   */
  public static void checkBackoff(String owner, Duration base, Duration max) {
    checkPositive(owner + ".backoffBase", base);
    checkPositive(owner + ".backoffMax", max);
    if (max.compareTo(base) < 0) {
      throw new InvalidSettingException(owner + ".backoffMax", "(" + format(max) + ") must be at least " + owner
          + ".backoffBase (" + format(base) + ")");
    }
  }

  /**
   * Checks that {@code value} of {@code setting} is from {@code min} to {@code max}.
   *
   * @return {@code value}
   * @throws InvalidSettingException when outside
   */
  public static Duration checkBetween(String setting, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidSettingException(setting, "must be " + format(min) + " to " + format(max) + ", not "
          + format(value));
    }
    return value;
  }
}
