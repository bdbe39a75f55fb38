package dev.ddbload.decode.columnar;

import dev.ddbload.decode.BadRecord;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.RejectReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a Parquet file row by row, one row group in memory at a time: the footer first, then
 * each row group's column chunks (excluded columns are not read at all), assembled into items by
 * {@link ParquetItems}. A record's origin is the file and the row's 0-based index in it (line 0,
 * no byte offset); a reader opened at a row index skips the row groups before it without reading
 * them. A row group that cannot be read (a corrupt page, a checksum mismatch, the file cut short)
 * is one {@code DAMAGED} record naming it, and reading goes on with the next row group.
 *
 * <p>Not thread-safe: one reader thread.
 */
public final class ParquetDecoder implements RecordDecoder {

  private final String name;
  private final ParquetFileReader reader;
  private final MessageColumnIO columns;
  /** The schema's top-level field names, as in the file. */
  private final List<String> inputColumns;
  private final ParquetItems items;
  private final SchemaOverrides overrides;
  private final long[] groupStarts;
  private final long rows;
  private int group = -1;
  private long groupEnd;
  private long index;
  private RecordReader<Map<String, AttributeValue>> records;

  /**
   * Opens a file: reads its footer and compiles its schema's mapping.
   *
   * @param startIndex the first row to return (0 for all): row groups before it are skipped unread
   * @throws IOException when the footer cannot be read (not Parquet, truncated, corrupt)
   * @throws IllegalArgumentException naming a column the mapping cannot express
   */
  public ParquetDecoder(String name, InputFile file, DecodeOptions options, long startIndex) throws IOException {
    this.name = name;
    this.overrides = new SchemaOverrides(options);
    ParquetFileReader r;
    try {
      r = ParquetFileReader.open(file, HadoopFreeReadOptions.of(ColumnarCodecs.INSTANCE));
    } catch (RuntimeException e) {
      throw new IOException("its Parquet footer cannot be read: " + describe(e), e);
    }
    this.reader = r;
    try {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      this.inputColumns = schema.getFields().stream().map(Type::getName).toList();
      List<Type> kept = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Type f : schema.getFields()) {
        if (options.shaping().excludes(f.getName())) {
          continue;
        }
        String to = options.shaping().nameOf(f.getName());
        if (!seen.add(to)) {
          throw new IllegalArgumentException(name + " has two columns named '" + to + "' after renaming");
        }
        kept.add(f);
        names.add(to);
      }
      MessageType projection = new MessageType(schema.getName(), kept);
      reader.setRequestedSchema(projection);
      this.items = new ParquetItems(projection, names, options.timestamps(),
          options.cells().emptyCells() == EmptyCellPolicy.NULL);
      this.columns = new ColumnIOFactory().getColumnIO(projection, schema);
      List<BlockMetaData> groups = reader.getRowGroups();
      this.groupStarts = new long[groups.size() + 1];
      for (int g = 0; g < groups.size(); g++) {
        groupStarts[g + 1] = groupStarts[g] + groups.get(g).getRowCount();
      }
      this.rows = groupStarts[groups.size()];
      this.index = Math.min(Math.max(startIndex, 0), rows);
      this.groupEnd = index;
    } catch (IllegalArgumentException e) {
      reader.close();
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      reader.close();
      throw new IOException("its Parquet schema cannot be read: " + describe(e), e);
    }
  }

  @Override
  public List<String> columns() {
    return inputColumns;
  }

  @Override
  public Decoded next() throws IOException {
    if (index >= rows) {
      return null;
    }
    if (index >= groupEnd) {
      BadRecord damaged = openGroupAt(index);
      if (damaged != null) {
        return damaged;
      }
    }
    Origin origin = new Origin(name, 0, index, Origin.UNKNOWN);
    Map<String, AttributeValue> item;
    try {
      item = records.read();
    } catch (RuntimeException e) {
      return damaged(origin, e);
    }
    index++;
    if (items.error() != null) {
      return new BadRecord(origin, ItemJson.toJson(item), items.error().reason(), items.error().getMessage());
    }
    if (!overrides.isEmpty()) {
      try {
        overrides.apply(item);
      } catch (InvalidValueException e) {
        return new BadRecord(origin, ItemJson.toJson(item), e.reason(), e.getMessage());
      }
    }
    return new SourceRecord(origin, item, () -> ItemJson.toJson(item));
  }

  /** Reads the row group holding row {@code at} and skips to that row; a BadRecord if it is damaged. */
  private BadRecord openGroupAt(long at) {
    int g = group + 1;
    while (groupStarts[g + 1] <= at) {
      g++;
    }
    group = g;
    groupEnd = groupStarts[g + 1];
    Origin origin = new Origin(name, 0, at, Origin.UNKNOWN);
    try {
      PageReadStore pages = reader.readRowGroup(g);
      records = columns.getRecordReader(pages, items);
      for (long skip = at - groupStarts[g]; skip > 0; skip--) {
        records.read();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return damaged(origin, e);
    }
  }

  /** The rest of the current row group as one reject; reading goes on at the next group. */
  private BadRecord damaged(Origin origin, Exception e) {
    index = groupEnd;
    return new BadRecord(origin, "", RejectReason.DAMAGED, "row group " + (group + 1) + " of "
        + (groupStarts.length - 1) + " (rows " + origin.index() + " to " + (groupEnd - 1)
        + ") could not be read: " + describe(e));
  }

  @Override
  public Origin position() {
    return new Origin(name, 0, index, Origin.UNKNOWN);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        sb.append(sb.length() == 0 ? "" : ": ").append(t.getMessage());
      }
    }
    return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
  }
}
