package dev.ddbload.decode;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemSize;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.RowMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Delimiter-separated values parsed by FastCSV (RFC 4180 quoting, embedded newlines, CRLF, a
 * UTF-8 byte-order mark): comma for CSV, tab for TSV, or any delimiter. The header row names the
 * columns, or, for header-less files, the column names given in the options. Bytes are decoded
 * strictly as UTF-8. A quoted field may span lines, so the parser cannot find the next record
 * after invalid UTF-8 or a record longer than the limit: the rest of the file is then one damaged
 * part. Origins carry lines and record indexes; byte offsets are unknown.
 */
final class CsvDecoder implements RecordDecoder {

  private final String sourceName;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final RowMapper mapper;
  private final int maxRecordBytes;
  private long index;
  private long nextLine = 1;

  CsvDecoder(String sourceName, InputStream in, char defaultSeparator, DecodeOptions options) {
    this.sourceName = sourceName;
    this.maxRecordBytes = options.maxRecordBytes();
    CsvReader.CsvReaderBuilder builder = CsvReader.builder()
        .skipEmptyLines(true)
        .allowExtraFields(true)
        .allowMissingFields(true)
        .maxBufferSize(Math.max(maxRecordBytes, 64 * 1024));
    String separator = options.delimiter().map(CsvDecoder::unescape).orElse(String.valueOf(defaultSeparator));
    if (separator.length() == 1) {
      builder.fieldSeparator(separator.charAt(0));
    } else {
      builder.fieldSeparator(separator);
    }
    this.reader = builder.ofCsvRecord(new StrictUtf8Reader(in));
    this.records = reader.iterator();
    List<String> header = options.columns();
    try {
      if (header.isEmpty()) {
        if (!nextRecordExists()) {
          this.mapper = null;
          return;
        }
        CsvRecord first = records.next();
        header = first.getFields();
        nextLine = first.getStartingLineNumber() + 1;
      }
      this.mapper = RowMapper.forHeader(header, options.cells(), options.keys(), options.shaping(), options.json());
    } catch (IllegalArgumentException | IOException e) {
      closeQuietly();
      throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
    }
  }

  /** {@code \t} written out stands for a tab. */
  static String unescape(String delimiter) {
    return delimiter.replace("\\t", "\t");
  }

  @Override
  public Decoded next() throws IOException {
    if (mapper == null || !nextRecordExists()) {
      return null;
    }
    CsvRecord record = records.next();
    List<String> fields = record.getFields();
    long line = record.getStartingLineNumber();
    nextLine = line + 1;
    Origin origin = new Origin(sourceName, line, index++, Origin.UNKNOWN);
    if (isTooLarge(fields)) {
      String raw = toCsvLine(fields);
      return new BadRecord(origin, raw.substring(0, Math.min(raw.length(), 1024)), RejectReason.TOO_LARGE,
          "the record is longer than the " + maxRecordBytes + " bytes allowed (--max-record-bytes)");
    }
    try {
      Map<String, AttributeValue> item = mapper.map(fields);
      return new SourceRecord(origin, item, () -> toCsvLine(fields));
    } catch (InvalidValueException e) {
      return new BadRecord(origin, toCsvLine(fields), e.reason(), e.getMessage());
    }
  }

  private boolean nextRecordExists() throws IOException {
    try {
      return records.hasNext();
    } catch (CsvParseException e) {
      throw new IOException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private boolean isTooLarge(List<String> fields) {
    long chars = 0;
    for (String f : fields) {
      chars += f.length();
    }
    if (chars * 3 <= maxRecordBytes) {
      return false;
    }
    long bytes = 0;
    for (String f : fields) {
      bytes += ItemSize.utf8Length(f);
    }
    return bytes > maxRecordBytes;
  }

  @Override
  public Origin position() {
    return new Origin(sourceName, nextLine, index, Origin.UNKNOWN);
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
