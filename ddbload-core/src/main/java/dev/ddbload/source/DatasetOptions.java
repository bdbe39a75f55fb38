package dev.ddbload.source;

import java.util.List;

/**
 * How datasets resolve: whether {@code key=value} directory names become attributes of the files
 * below them, and which table formats (Delta Lake, Iceberg) are recognized.
 *
 * @param partitionColumns whether partition directory names become attributes
 * @param tables the table formats to recognize, asked in order
 */
public record DatasetOptions(boolean partitionColumns, List<TableFormat> tables) {

  /** Copies the list. */
  public DatasetOptions {
    tables = List.copyOf(tables);
  }

  /** Partition columns on, no table formats. */
  public static DatasetOptions defaults() {
    return new DatasetOptions(true, List.of());
  }
}
