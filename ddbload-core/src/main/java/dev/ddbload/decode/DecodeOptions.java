package dev.ddbload.decode;

import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.DynamoJsonAttributes;
import dev.ddbload.item.JsonAttributes;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.TextCells;
import dev.ddbload.item.TimeEncoding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What decoders need besides the bytes: cell rules for text formats, the table's key (key
 * columns default to the key's type), column names for header-less input, the field delimiter,
 * the CSV dialect (quote, escape and comment characters), attribute renames and exclusions, and
 * the largest record accepted. Immutable; built with {@link #builder()}.
 */
public final class DecodeOptions {

  /** The largest record accepted unless told otherwise. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

  private final TextCells cells;
  private final KeySchema keys;
  private final AttributeShaping shaping;
  private final List<String> columns;
  private final String delimiter;
  private final CsvDialect csvDialect;
  private final Set<String> requiredColumns;
  private final int maxRecordBytes;
  private final TimeEncoding timestamps;
  private final JsonAttributes json;
  private final DynamoJsonAttributes dynamoJson;

  private DecodeOptions(Builder b) {
    this.cells = b.cells;
    this.keys = b.keys;
    this.shaping = b.shaping;
    this.columns = b.columns;
    this.delimiter = b.delimiter;
    this.csvDialect = b.csvDialect;
    this.requiredColumns = b.requiredColumns;
    this.maxRecordBytes = b.maxRecordBytes;
    this.timestamps = b.timestamps;
    this.json = new JsonAttributes(maxRecordBytes);
    this.dynamoJson = new DynamoJsonAttributes(maxRecordBytes);
  }

  /** Defaults: CSV header rows, string cells, no key, no shaping, 4 MB records, ISO-8601 times. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.cells = cells;
    b.keys = keys;
    b.shaping = shaping;
    b.columns = columns;
    b.delimiter = delimiter;
    b.csvDialect = csvDialect;
    b.requiredColumns = requiredColumns;
    b.maxRecordBytes = maxRecordBytes;
    b.timestamps = timestamps;
    return b;
  }

  /** How text cells become values. */
  public TextCells cells() {
    return cells;
  }

  /** The table's key, or null when unknown. */
  public KeySchema keys() {
    return keys;
  }

  /** Renames and exclusions. */
  public AttributeShaping shaping() {
    return shaping;
  }

  /** Column names of header-less text input; empty means CSV and TSV files have a header row. */
  public List<String> columns() {
    return columns;
  }

  /** The field delimiter; empty means the format's own (comma, tab, whitespace). */
  public Optional<String> delimiter() {
    return Optional.ofNullable(delimiter);
  }

  /** How CSV and TSV files quote, escape and comment (default RFC 4180). */
  public CsvDialect csvDialect() {
    return csvDialect;
  }

  /**
   * Columns a CSV/TSV header must have, or the input is refused as it is opened (the columns
   * {@code --schema} names, for an input whose header could not be checked before the load).
   */
  public Set<String> requiredColumns() {
    return requiredColumns;
  }

  /** The largest record accepted, in bytes. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** How typed formats' dates and timestamps become attributes. */
  public TimeEncoding timestamps() {
    return timestamps;
  }

  /** The JSON mapper, with the record limit on strings and numbers. */
  public JsonAttributes json() {
    return json;
  }

  /** The DynamoDB JSON mapper. */
  public DynamoJsonAttributes dynamoJson() {
    return dynamoJson;
  }

  /** Builds {@link DecodeOptions}. Not thread-safe. */
  public static final class Builder {
    private TextCells cells = TextCells.defaults();
    private KeySchema keys;
    private AttributeShaping shaping = AttributeShaping.none();
    private List<String> columns = List.of();
    private String delimiter;
    private CsvDialect csvDialect = CsvDialect.rfc4180();
    private Set<String> requiredColumns = Set.of();
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private TimeEncoding timestamps = TimeEncoding.ISO;

    private Builder() {}

    /** How typed formats' (Parquet, Avro) dates and timestamps become attributes; ISO-8601 by default. */
    public Builder timestamps(TimeEncoding timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
      return this;
    }

    /** How text cells become values. */
    public Builder cells(TextCells cells) {
      this.cells = Objects.requireNonNull(cells, "cells");
      return this;
    }

    /** The table's key; null when unknown. */
    public Builder keys(KeySchema keys) {
      this.keys = keys;
      return this;
    }

    /** Renames and exclusions. */
    public Builder shaping(AttributeShaping shaping) {
      this.shaping = Objects.requireNonNull(shaping, "shaping");
      return this;
    }

    /** Column names of header-less text input; empty for header rows. */
    public Builder columns(List<String> columns) {
      this.columns = List.copyOf(columns);
      return this;
    }

    /** The field delimiter, non-empty; null for the format's own. */
    public Builder delimiter(String delimiter) {
      if (delimiter != null && delimiter.isEmpty()) {
        throw new IllegalArgumentException("the delimiter must not be empty");
      }
      this.delimiter = delimiter;
      return this;
    }

    /** How CSV and TSV files quote, escape and comment. */
    public Builder csvDialect(CsvDialect csvDialect) {
      this.csvDialect = Objects.requireNonNull(csvDialect, "csvDialect");
      return this;
    }

    /** Columns a CSV/TSV header must have (default none). */
    public Builder requiredColumns(Set<String> requiredColumns) {
      this.requiredColumns = Set.copyOf(requiredColumns);
      return this;
    }

    /** The largest record accepted, in bytes, at least 1 KB. */
    public Builder maxRecordBytes(int maxRecordBytes) {
      if (maxRecordBytes < 1024) {
        throw new IllegalArgumentException("the largest record must be at least 1 KB");
      }
      this.maxRecordBytes = maxRecordBytes;
      return this;
    }

    /** The options. */
    public DecodeOptions build() {
      return new DecodeOptions(this);
    }
  }
}
