package dev.ddbload;

import dev.ddbload.config.InvalidSettingException;
import dev.ddbload.decode.CsvDialect;
import dev.ddbload.decode.Format;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.TimeEncoding;
import java.util.List;
import java.util.Objects;

/**
 * How a load reads its inputs and maps their records to items: one group of {@link LoadOptions}.
 * Immutable; every value is checked when the settings are made, against the defaults and bounds
 * {@link LoadOptions} declares.
 *
 * @param format the format of every source, or null for each one's own (export manifest, extension)
 * @param columns column names of header-less CSV/TSV and of text lines; empty for header rows
 * @param delimiter the field delimiter, or null for the format's own
 * @param csvDialect how CSV and TSV quote, escape and comment
 * @param inferTypes whether undeclared text columns get their type from each cell
 * @param schema column types for text formats
 * @param emptyCells what an empty text cell becomes
 * @param setDelimiter separator between set elements in a text cell, non-empty
 * @param timestamps how Parquet and Avro dates and timestamps become attributes
 * @param shaping attribute renames and exclusions
 * @param maxRecordBytes the largest record accepted, {@link LoadOptions#MAX_RECORD_BYTES_BOUNDS}
 * @param parallelFiles sources read at once, {@link LoadOptions#PARALLEL_FILES_BOUNDS}
 */
public record InputSettings(Format format, List<String> columns, String delimiter, CsvDialect csvDialect,
    boolean inferTypes, ItemSchema schema, EmptyCellPolicy emptyCells, String setDelimiter, TimeEncoding timestamps,
    AttributeShaping shaping, int maxRecordBytes, int parallelFiles) {

  /** The library's defaults. */
  public static final InputSettings DEFAULTS = new InputSettings(null, List.of(), null, CsvDialect.rfc4180(), false,
      ItemSchema.empty(), LoadOptions.DEFAULT_EMPTY_CELLS, LoadOptions.DEFAULT_SET_DELIMITER,
      LoadOptions.DEFAULT_TIMESTAMPS, AttributeShaping.none(), LoadOptions.DEFAULT_MAX_RECORD_BYTES,
      LoadOptions.DEFAULT_PARALLEL_FILES);

  /** Checks every value. */
  public InputSettings {
    columns = checkColumns(columns);
    checkDelimiter(delimiter);
    Objects.requireNonNull(csvDialect, "csvDialect");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(emptyCells, "emptyCells");
    checkSetDelimiter(setDelimiter);
    Objects.requireNonNull(timestamps, "timestamps");
    Objects.requireNonNull(shaping, "shaping");
    LoadOptions.MAX_RECORD_BYTES_BOUNDS.check("LoadOptions.maxRecordBytes", maxRecordBytes);
    LoadOptions.PARALLEL_FILES_BOUNDS.check("LoadOptions.parallelFiles", parallelFiles);
  }

  static List<String> checkColumns(List<String> columns) {
    List<String> copy = List.copyOf(columns);
    if (copy.stream().anyMatch(String::isEmpty) || copy.stream().distinct().count() != copy.size()) {
      throw new InvalidSettingException("LoadOptions.columns", "must be distinct and non-empty names, not " + copy);
    }
    return copy;
  }

  static String checkDelimiter(String delimiter) {
    if (delimiter != null && delimiter.isEmpty()) {
      throw new InvalidSettingException("LoadOptions.delimiter", "must not be empty");
    }
    return delimiter;
  }

  static String checkSetDelimiter(String setDelimiter) {
    if (setDelimiter == null || setDelimiter.isEmpty()) {
      throw new InvalidSettingException("LoadOptions.setDelimiter", "must not be empty");
    }
    return setDelimiter;
  }
}
