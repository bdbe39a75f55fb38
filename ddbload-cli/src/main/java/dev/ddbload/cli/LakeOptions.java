package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.TimeEncoding;
import dev.ddbload.source.DatasetOptions;
import dev.ddbload.source.table.DeltaTable;
import dev.ddbload.source.table.IcebergTable;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** Options for what data lakes write: typed files' times, table versions, partition columns. */
final class LakeOptions {

  @Option(names = "--timestamps", paramLabel = "ENCODING",
      description = "Parquet/Avro dates and timestamps: iso (ISO-8601 strings), epoch-seconds or"
          + " epoch-millis (numbers, fraction kept); default ${DEFAULT-VALUE}.")
  String timestamps;

  @Option(names = "--table-version", paramLabel = "N",
      description = "Load this version of a Delta Lake table (this snapshot id of an Iceberg table) instead of"
          + " the current one.")
  Long tableVersion;

  @Option(names = "--no-partition-columns",
      description = "Do not turn partition directories (key=value) and Delta partition values into attributes.")
  boolean noPartitionColumns;

  /**
   * How datasets resolve: partition columns, Delta Lake and Iceberg tables (at the version asked for).
   *
   * @throws ConfigurationException for a negative version
   */
  DatasetOptions datasetOptions() {
    if (tableVersion != null && tableVersion < 0) {
      throw new ConfigurationException("Invalid option: --table-version must be 0 or more, not " + tableVersion + ".");
    }
    OptionalLong version = tableVersion == null ? OptionalLong.empty() : OptionalLong.of(tableVersion);
    return new DatasetOptions(!noPartitionColumns,
        List.of(new DeltaTable(version, !noPartitionColumns), new IcebergTable(version)));
  }

  /**
   * The timestamp encoding.
   *
   * @throws IllegalArgumentException naming the choices
   */
  TimeEncoding timestamps() {
    return TimeEncoding.parse(timestamps);
  }
}
