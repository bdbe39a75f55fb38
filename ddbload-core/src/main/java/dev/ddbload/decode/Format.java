package dev.ddbload.decode;

import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/** Input formats and their decoders. */
public enum Format {
  /** Comma-separated values with a header row (RFC 4180). */
  CSV,
  /** JSON Lines: one JSON object per line. */
  JSONL;

  /**
   * The format a file name implies: {@code .csv} is CSV; {@code .jsonl}, {@code .ndjson} and
   * {@code .json} are JSON Lines.
   */
  public static Optional<Format> fromFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      return Optional.of(JSONL);
    }
    return Optional.empty();
  }

  /**
   * The format with this name, any case.
   *
   * @throws IllegalArgumentException naming the formats there are
   */
  public static Format parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("format '" + name + "' is not one of csv, jsonl");
    }
  }

  /**
   * A decoder for this format reading {@code in}, which it closes.
   *
   * @param sourceName the name records' origins carry
   * @throws IllegalArgumentException when the input cannot be decoded at all in this format
   *     with these options (e.g. a CSV header that repeats a column)
   */
  public RecordDecoder open(String sourceName, InputStream in, DecodeOptions options) {
    switch (this) {
      case CSV:
        return new CsvDecoder(sourceName, in, options);
      case JSONL:
        return new JsonLinesDecoder(sourceName, in, options.json());
      default:
        throw new IllegalStateException("unhandled format " + this);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
