package dev.ddbload.decode;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.RowMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Delimiter-separated values read by {@link CsvTokenizer}: comma for CSV, tab for TSV, or any
 * delimiter, in the options' {@link CsvDialect}. The header row names the columns, or, for
 * header-less files, the column names given in the options. A record that breaks the quoting
 * rules, is longer than the limit or is not valid UTF-8 is rejected alone, with its raw bytes;
 * when a record rejected for its quoting parses with {@code \} as the escape character, the
 * reject says so and names {@code --csv-escape}. Origins carry lines, record indexes and exact
 * byte offsets. Not thread-safe.
 */
final class CsvDecoder implements RecordDecoder {

  /** What a reject says when the record parses with a backslash escape. */
  static final String ESCAPE_HINT = "; it parses with CsvDialect.escape '\\' (quotes escaped by a backslash, as Spark"
      + " and Hive write CSV)";

  private final String sourceName;
  private final CsvTokenizer tokenizer;
  private final RowMapper mapper;
  private final List<String> columns;
  private final byte[] delimiter;
  private final CsvDialect dialect;
  private final int maxRecordBytes;
  private long index;

  CsvDecoder(String sourceName, InputStream in, String defaultDelimiter, DecodeOptions options) {
    this.sourceName = sourceName;
    this.dialect = options.csvDialect();
    this.maxRecordBytes = options.maxRecordBytes();
    String separator = options.delimiter().map(CsvDecoder::unescape).orElse(defaultDelimiter);
    this.delimiter = separator.getBytes(StandardCharsets.UTF_8);
    this.tokenizer = new CsvTokenizer(in, delimiter, dialect, maxRecordBytes);
    List<String> header = options.columns();
    try {
      checkDelimiter(separator, dialect);
      if (header.isEmpty()) {
        CsvTokenizer.Token first = tokenizer.next();
        if (first == null) {
          this.mapper = null;
          this.columns = List.of();
          return;
        }
        if (first.kind() != CsvTokenizer.Kind.RECORD) {
          throw new IllegalArgumentException("the header row (line " + first.line() + ") cannot be read: "
              + first.problem());
        }
        header = Arrays.asList(first.fields());
      }
      for (String column : options.requiredColumns()) {
        if (!header.contains(column)) {
          throw new IllegalArgumentException("LoadOptions.schema names column '" + column + "', which the header does not have"
              + " (its columns: " + String.join(", ", header) + ")");
        }
      }
      this.columns = List.copyOf(header);
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

  private static void checkDelimiter(String delimiter, CsvDialect dialect) {
    if (delimiter.indexOf('\n') >= 0 || delimiter.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("the delimiter must not hold a line end");
    }
    int first = delimiter.charAt(0);
    if (first == dialect.quote() || first == dialect.escape() || first == dialect.comment()) {
      throw new IllegalArgumentException("the delimiter must not start with the quote, escape or comment character");
    }
  }

  @Override
  public Decoded next() throws IOException {
    if (mapper == null) {
      return null;
    }
    CsvTokenizer.Token t = tokenizer.next();
    if (t == null) {
      return null;
    }
    Origin origin = new Origin(sourceName, t.line(), index++, t.offset());
    byte[] raw = t.raw();
    switch (t.kind()) {
      case RECORD:
        try {
          Map<String, AttributeValue> item = mapper.map(Arrays.asList(t.fields()));
          boolean hint = t.backslashInQuotes() && readsOtherwiseWithBackslash(raw, t.fields());
          return new SourceRecord(origin, item, () -> RawText.of(raw), hint);
        } catch (InvalidValueException e) {
          boolean hint = e.reason() == RejectReason.MALFORMED && parsesWithBackslash(raw);
          return new BadRecord(origin, RawText.of(raw), e.reason(), e.getMessage() + (hint ? ESCAPE_HINT : ""), hint);
        }
      case MALFORMED:
        boolean hint = t.fieldsWithEscape() == mapper.columnCount();
        return new BadRecord(origin, RawText.of(raw), RejectReason.MALFORMED,
            t.problem() + (hint ? ESCAPE_HINT : ""), hint);
      case TOO_LARGE:
        return new BadRecord(origin, RawText.of(raw), RejectReason.TOO_LARGE, t.problem());
      case BAD_ENCODING:
      default:
        return new BadRecord(origin, RawText.of(raw), RejectReason.BAD_ENCODING, t.problem());
    }
  }

  /**
   * Whether a whole record whose field count is wrong has the header's field count when read
   * with {@code \} as the escape character (a Spark row like {@code "a \",b"}).
   */
  private boolean parsesWithBackslash(byte[] raw) {
    if (dialect.escape() != CsvDialect.NONE || dialect.quote() != '"' || !holdsEscapedQuote(raw)) {
      return false;
    }
    try (CsvTokenizer again = new CsvTokenizer(new ByteArrayInputStream(raw), delimiter, dialect.withEscape('\\'),
        maxRecordBytes)) {
      CsvTokenizer.Token t = again.next();
      return t != null && t.kind() == CsvTokenizer.Kind.RECORD && t.fields().length == mapper.columnCount()
          && again.next() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether a good record holds {@code \\} or {@code \"} in a quoted field, so that it reads
   * otherwise with a backslash escape (Spark writes {@code x\,y} as {@code "x\\,y"}).
   */
  private boolean readsOtherwiseWithBackslash(byte[] raw, String[] fields) {
    if (dialect.escape() != CsvDialect.NONE || dialect.quote() != '"' || !holdsBackslashPair(raw)) {
      return false;
    }
    try (CsvTokenizer again = new CsvTokenizer(new ByteArrayInputStream(raw), delimiter, dialect.withEscape('\\'),
        maxRecordBytes)) {
      CsvTokenizer.Token t = again.next();
      return t != null && t.kind() == CsvTokenizer.Kind.RECORD && !Arrays.equals(t.fields(), fields);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean holdsBackslashPair(byte[] raw) {
    for (int i = 0; i + 1 < raw.length; i++) {
      if (raw[i] == '\\' && (raw[i + 1] == '"' || raw[i + 1] == '\\')) {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsEscapedQuote(byte[] raw) {
    for (int i = 0; i + 1 < raw.length; i++) {
      if (raw[i] == '\\' && raw[i + 1] == '"') {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public Origin position() {
    return new Origin(sourceName, tokenizer.nextLine(), index, tokenizer.nextOffset());
  }

  private void closeQuietly() {
    try {
      tokenizer.close();
    } catch (IOException ignored) {
      // already failing with a clearer error
    }
  }

  @Override
  public void close() throws IOException {
    tokenizer.close();
  }
}
