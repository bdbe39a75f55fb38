package dev.ddbload.source;

import dev.ddbload.decode.Format;
import dev.ddbload.item.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A data file of a partitioned dataset with the values its partition gives every record: from
 * {@code key=value} directory names (Hive style, as Spark writes them) or from a table's log
 * (Delta Lake). {@link PartitionColumns} adds them to the file's records. Reads exactly as the
 * file it wraps. Immutable and thread-safe.
 */
public final class PartitionedSource implements Source {

  /**
   * One partition column.
   *
   * @param name the column's name (before renaming)
   * @param value its value as text, null for a null partition
   * @param type the type the dataset declares (S for directory names), which {@code --schema} overrides
   */
  public record Column(String name, String value, ColumnType type) {
    /** Checks the name and type. */
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  private final Source file;
  private final List<Column> columns;

  /** The file, with its partition columns in order (outermost first). */
  public PartitionedSource(Source file, List<Column> columns) {
    this.file = Objects.requireNonNull(file, "file");
    this.columns = List.copyOf(columns);
  }

  /** The file as it is. */
  public Source delegate() {
    return file;
  }

  /** The partition columns, outermost first. */
  public List<Column> columns() {
    return columns;
  }

  @Override
  public String name() {
    return file.name();
  }

  @Override
  public String inputKey() {
    return file.inputKey();
  }

  @Override
  public OptionalLong size() {
    return file.size();
  }

  @Override
  public InputStream open() throws IOException {
    return file.open();
  }

  @Override
  public Optional<Format> declaredFormat() {
    return file.declaredFormat();
  }

  @Override
  public boolean isReopenable() {
    return file.isReopenable();
  }

  @Override
  public InputStream openAt(long offset) throws IOException {
    return file.openAt(offset);
  }

  @Override
  public boolean isSeekable() {
    return file.isSeekable();
  }

  @Override
  public Optional<String> identity() {
    return file.identity();
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
