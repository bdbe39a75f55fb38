package dev.ddbload.cli;

import dev.ddbload.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations as the library does ({@link Durations#parse}): {@code 25ms}, {@code 2s}, {@code 1.5s}, ISO-8601. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
