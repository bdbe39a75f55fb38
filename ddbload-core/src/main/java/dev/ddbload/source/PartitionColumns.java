package dev.ddbload.source;

import dev.ddbload.decode.BadRecord;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ColumnType;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.RowMapper;
import dev.ddbload.item.TextCells;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Adds a partitioned file's partition values to each of its records, as text cells are mapped:
 * typed by {@code --schema}, else by the type the dataset declares (S for directory names), or
 * the table key's type for a key attribute; renamed and excluded like the file's own columns; a
 * null partition per {@code --empty}. A record that already holds the attribute keeps its own
 * value. Not thread-safe: it wraps one decoder.
 */
public final class PartitionColumns implements RecordDecoder {

  private final RecordDecoder decoder;
  private final Map<String, AttributeValue> values;
  private final InvalidValueException invalid;

  private PartitionColumns(RecordDecoder decoder, Map<String, AttributeValue> values, InvalidValueException invalid) {
    this.decoder = decoder;
    this.values = values;
    this.invalid = invalid;
  }

  /** The decoder, adding the source's partition columns if it has any. */
  public static RecordDecoder wrap(Source source, RecordDecoder decoder, DecodeOptions options) {
    if (!(source instanceof PartitionedSource p) || p.columns().isEmpty()) {
      return decoder;
    }
    List<String> names = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (PartitionedSource.Column c : p.columns()) {
      names.add(c.name());
      cells.add(c.value() == null ? "" : c.value());
      ColumnType declared = options.cells().schema().typeOf(c.name()).orElse(c.type());
      if (declared != ColumnType.S) {
        types.put(c.name(), declared); // S stays unset, so a key attribute takes the key's type
      }
    }
    TextCells given = options.cells();
    TextCells cellRules = new TextCells(ItemSchema.of(types), given.emptyCells(), given.setDelimiter(), false);
    try {
      RowMapper mapper = RowMapper.forHeader(names, cellRules, options.keys(), options.shaping(), options.json());
      return new PartitionColumns(decoder, mapper.map(cells), null);
    } catch (InvalidValueException e) {
      return new PartitionColumns(decoder, Map.of(), new InvalidValueException(e.reason(),
          "the partition " + p.columns() + ": " + e.getMessage()));
    }
  }

  @Override
  public Decoded next() throws IOException {
    Decoded d = decoder.next();
    if (!(d instanceof SourceRecord r)) {
      return d;
    }
    if (invalid != null) {
      return new BadRecord(r.origin(), r.rawText(), invalid.reason(), invalid.getMessage());
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>(r.item());
    values.forEach(item::putIfAbsent);
    return r.withItem(item);
  }

  @Override
  public Origin position() {
    return decoder.position();
  }

  @Override
  public List<String> columns() {
    return decoder.columns();
  }

  @Override
  public void close() throws IOException {
    decoder.close();
  }
}
