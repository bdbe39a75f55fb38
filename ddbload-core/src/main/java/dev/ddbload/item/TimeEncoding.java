package dev.ddbload.item;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How dates, times and timestamps of typed formats (Parquet, Avro) become attributes: ISO-8601
 * strings (the default), or numbers of seconds or milliseconds since the epoch with the exact
 * fraction. Times of day are always ISO-8601 strings.
 */
public enum TimeEncoding {
  /** {@code 2026-12-01}, {@code 2026-12-01T10:15:30.123Z}, or without the zone for local times. */
  ISO("iso"),
  /** Seconds since 1970-01-01T00:00Z as N, fraction kept ({@code 1764584130.123}). */
  EPOCH_SECONDS("epoch-seconds"),
  /** Milliseconds since 1970-01-01T00:00Z as N, fraction kept ({@code 1764584130123.456}). */
  EPOCH_MILLIS("epoch-millis");

  private final String label;

  TimeEncoding(String label) {
    this.label = label;
  }

  /**
   * The encoding with this name ({@code iso}, {@code epoch-seconds}, {@code epoch-millis}).
   *
   * @throws IllegalArgumentException naming the choices
   */
  public static TimeEncoding parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (TimeEncoding t : values()) {
      if (t.label.equals(wanted)) {
        return t;
      }
    }
    throw new IllegalArgumentException("timestamps '" + name + "' is not one of iso, epoch-seconds, epoch-millis");
  }

  /**
   * The epoch number of an instant counted in units of {@code 10^-digits} seconds since the epoch
   * (3 for milliseconds, 6 for microseconds, 9 for nanoseconds, 0 for seconds), every digit kept;
   * seconds for {@link #ISO}.
   */
  public String epoch(long value, int digits) {
    BigDecimal seconds = BigDecimal.valueOf(value, digits);
    BigDecimal n = this == EPOCH_MILLIS ? seconds.movePointRight(3) : seconds;
    return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return label;
  }
}
