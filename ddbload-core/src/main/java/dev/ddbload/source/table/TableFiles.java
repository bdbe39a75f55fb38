package dev.ddbload.source.table;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import dev.ddbload.source.PartitionedSource;
import dev.ddbload.source.Source;
import dev.ddbload.source.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Turns the data files a table's metadata names into sources. Stateless. */
final class TableFiles {

  private TableFiles() {}

  /**
   * The source for a data file a table names, which must exist.
   *
   * @param location an absolute location (local path, {@code file:} or {@code s3://} URI)
   * @param partition the file's partition columns (empty: none)
   */
  static Source source(Storage storage, String table, String location, Format format,
      List<PartitionedSource.Column> partition) throws IOException {
    String l = location;
    String lower = l.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3a://") || lower.startsWith("s3n://")) {
      l = "s3://" + l.substring(6);
    }
    if (!storage.handles(l)) {
      throw new ConfigurationException("Table " + table + " names the data file " + location
          + ", which no store can read (ddbload reads local paths and, given an S3 store, s3:// URIs).");
    }
    String at = l;
    Storage.Entry entry = storage.stat(l).filter(e -> !e.directory()).orElseThrow(() -> new ConfigurationException(
        "Table " + table + " names the data file " + at + ", which does not exist."));
    Source file = storage.source(entry, format);
    return partition.isEmpty() ? file : new PartitionedSource(file, partition);
  }
}
