package dev.ddbload.bench.micro;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.bench.Datasets;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.ItemSize;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.TextCells;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The benchmark records, as file bytes, decoded items and write items, built as the loader does. */
final class Fixtures {

  static final KeySchema KEYS = KeySchema.parse("id:S");

  private Fixtures() {}

  /** {@code records} records of the shape ({@code 200} or {@code 1k}) as a file's bytes. */
  static byte[] file(String shape, String format, int records) {
    Datasets data = new Datasets(Datasets.Shape.valueOf(shape.equals("200") ? "SMALL" : "KB"), 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean csv = format.equals("csv");
    if (csv) {
      out.writeBytes((data.csvHeader() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < records; i++) {
      out.writeBytes(((csv ? data.csvLine(i) : data.jsonLine(i)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** The decode options the CLI builds for the benchmark data. */
  static DecodeOptions options(String format) {
    TextCells cells = format.equals("csv")
        ? new TextCells(ItemSchema.parse(Datasets.csvSchema()), EmptyCellPolicy.OMIT, ";", false)
        : TextCells.defaults();
    return DecodeOptions.builder().cells(cells).keys(KEYS).build();
  }

  static RecordDecoder open(byte[] file, String format, DecodeOptions options) {
    try {
      return Format.parse(format).open("bench." + format, new ByteArrayInputStream(file), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The records of a file, decoded. */
  static List<SourceRecord> records(String shape, String format, int records) {
    byte[] file = file(shape, format, records);
    List<SourceRecord> out = new ArrayList<>(records);
    try (RecordDecoder d = open(file, format, options(format))) {
      Decoded r;
      while ((r = d.next()) != null) {
        out.add((SourceRecord) r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A record as the read lane makes it a write item (sized, put request written as JSON). */
  static WriteItem writeItem(SourceRecord record) {
    Map<String, AttributeValue> item = record.item();
    return WriteItem.put(record, KEYS.keyOf(item), item, ItemSize.of(item));
  }
}
