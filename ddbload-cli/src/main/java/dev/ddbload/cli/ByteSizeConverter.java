package dev.ddbload.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes written as {@code 4194304}, {@code 512KB}, {@code 4MB} or {@code 1GB} (powers of 1024). */
final class ByteSizeConverter implements ITypeConverter<Integer> {

  @Override
  public Integer convert(String value) {
    String s = value.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("KB") || s.endsWith("MB") || s.endsWith("GB")) {
      unit = s.endsWith("KB") ? 1L << 10 : s.endsWith("MB") ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 2).trim();
    } else if (s.endsWith("B")) {
      s = s.substring(0, s.length() - 1).trim();
    }
    try {
      long bytes = Long.parseLong(s) * unit;
      if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
        throw new TypeConversionException("'" + value + "' is not a size between 1 byte and 2GB");
      }
      return (int) bytes;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a size such as 4194304, 512KB or 4MB");
    }
  }
}
