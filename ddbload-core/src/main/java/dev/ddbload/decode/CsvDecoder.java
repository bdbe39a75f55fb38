package dev.ddbload.decode;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RowMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * CSV with a header row, parsed by FastCSV (RFC 4180 quoting, embedded newlines, CRLF, a UTF-8
 * byte-order mark). The header names the attributes; cells are typed by the schema.
 */
final class CsvDecoder implements RecordDecoder {

  private final String sourceName;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final RowMapper mapper;

  CsvDecoder(String sourceName, InputStream in, DecodeOptions options) {
    this.sourceName = sourceName;
    this.reader = CsvReader.builder()
        .detectBomHeader(true)
        .skipEmptyLines(true)
        .allowExtraFields(true)
        .allowMissingFields(true)
        .ofCsvRecord(in, StandardCharsets.UTF_8);
    this.records = reader.iterator();
    if (!records.hasNext()) {
      this.mapper = null;
      return;
    }
    List<String> header = records.next().getFields();
    try {
      this.mapper = RowMapper.forHeader(header, options.schema(), options.keys(), options.emptyCells(),
          options.setDelimiter(), options.json());
    } catch (IllegalArgumentException e) {
      closeQuietly();
      throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Decoded next() throws IOException {
    if (mapper == null) {
      return null;
    }
    CsvRecord record;
    try {
      if (!records.hasNext()) {
        return null;
      }
      record = records.next();
    } catch (CsvParseException e) {
      throw new IOException(sourceName + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<String> fields = record.getFields();
    Origin origin = new Origin(sourceName, record.getStartingLineNumber());
    try {
      Map<String, AttributeValue> item = mapper.map(fields);
      return new SourceRecord(origin, item, () -> toCsvLine(fields));
    } catch (InvalidValueException e) {
      return new BadRecord(origin, toCsvLine(fields), e.reason(), e.getMessage());
    }
  }

  /** The fields written back as one CSV record, for the rejects file. */
  static String toCsvLine(List<String> fields) {
    StringWriter out = new StringWriter();
    try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out)) {
      writer.writeRecord(fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String s = out.toString();
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  private void closeQuietly() {
    try {
      reader.close();
    } catch (IOException ignored) {
      // already failing with a clearer error
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
