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
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an Avro object container file ({@code .avro}) as a stream, block by block, mapping each
 * record with {@link AvroItems}. A record's origin is the file and its 0-based index (line 0, no
 * byte offset). A block that cannot be read (a bad sync marker, a codec error) ends the file with
 * an {@link IOException}. Not thread-safe: one reader thread.
 */
public final class AvroDecoder implements RecordDecoder {

  private final String name;
  private final DataFileStream<GenericRecord> records;
  private final AvroItems items;
  /** The schema's top-level field names, as in the file. */
  private final List<String> inputColumns;
  private final SchemaOverrides overrides;
  private long index;

  /**
   * Reads the file's header and compiles its schema's mapping.
   *
   * @throws IOException when the header cannot be read (not an Avro container file, damaged)
   * @throws IllegalArgumentException naming a field the mapping cannot express
   */
  public AvroDecoder(String name, InputStream in, DecodeOptions options) throws IOException {
    this.name = name;
    this.overrides = new SchemaOverrides(options);
    AvroSnappyCodec.register();
    try {
      this.records = new DataFileStream<>(in, new GenericDatumReader<>());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw new IOException("its Avro header cannot be read: " + e.getMessage(), e);
    }
    try {
      Schema schema = records.getSchema();
      this.inputColumns = schema.getType() == Schema.Type.RECORD
          ? schema.getFields().stream().map(Schema.Field::name).toList() : List.of();
      List<String> names = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      if (schema.getType() == Schema.Type.RECORD) {
        for (Schema.Field f : schema.getFields()) {
          String to = options.shaping().excludes(f.name()) ? null : options.shaping().nameOf(f.name());
          if (to != null && !seen.add(to)) {
            throw new IllegalArgumentException("two fields are named '" + to + "' after renaming");
          }
          names.add(to);
        }
      }
      this.items = new AvroItems(schema, names, options.timestamps(),
          options.cells().emptyCells() == EmptyCellPolicy.NULL);
    } catch (IllegalArgumentException e) {
      records.close();
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> columns() {
    return inputColumns;
  }

  @Override
  public Decoded next() throws IOException {
    GenericRecord record;
    try {
      if (!records.hasNext()) {
        return null;
      }
      record = records.next();
    } catch (AvroRuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    Origin origin = new Origin(name, 0, index++, Origin.UNKNOWN);
    try {
      Map<String, AttributeValue> item = items.item(record);
      if (!overrides.isEmpty()) {
        overrides.apply(item);
      }
      return new SourceRecord(origin, item, () -> ItemJson.toJson(item));
    } catch (InvalidValueException e) {
      return new BadRecord(origin, record.toString(), e.reason(), e.getMessage());
    }
  }

  @Override
  public Origin position() {
    return new Origin(name, 0, index, Origin.UNKNOWN);
  }

  @Override
  public void close() throws IOException {
    records.close();
  }
}
