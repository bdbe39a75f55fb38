package dev.ddbload.decode;

import dev.ddbload.compress.Compression;
import dev.ddbload.item.AttributeShaping;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Optional;

/** Input formats and their decoders. */
public enum Format {
  /**
   * Comma-separated values with a header row, or header-less with columns given: RFC 4180, or
   * another {@link CsvDialect}.
   */
  CSV("csv"),
  /** Tab-separated values, otherwise as CSV. */
  TSV("tsv"),
  /** JSON Lines: one JSON object per line. */
  JSONL("jsonl"),
  /**
   * A top-level JSON array of objects, streamed; JSON Lines when the first character that is not
   * white space is not {@code [}.
   */
  JSON("json"),
  /** DynamoDB JSON: one typed item per line, {@code {"Item":{...}}} as in DynamoDB's S3 export or bare. */
  DDB_JSON("ddb-json"),
  /** Amazon Ion, text or binary, as in DynamoDB's S3 export ({@code {Item:{...}}}) or bare structs. */
  ION("ion"),
  /**
   * A DynamoDB incremental export's changes, one per line: {@code {"Keys":{...},"NewImage":{...}}}
   * in DynamoDB JSON, or the same as Ion (binary, or text starting with {@code $ion_1_0}). A
   * change with a {@code NewImage} puts it; one without deletes its {@code Keys}
   * ({@link ChangesDecoder}).
   */
  DDB_CHANGES("ddb-changes"),
  /** Lines split into the named columns by a regular expression (default: white space). */
  TEXT("text"),
  /** Apache Parquet, read footer first, a row group at a time ({@code decode.columnar}). */
  PARQUET("parquet"),
  /** Apache Avro object container files ({@code decode.columnar}). */
  AVRO("avro");

  /** Every format's name, for messages. */
  public static final String NAMES = "csv, tsv, jsonl, json, ddb-json, ion, ddb-changes, text, parquet or avro";

  /** How much white space may come before a JSON document's first character. */
  private static final int PEEK_BYTES = 64 * 1024;

  private final String label;

  Format(String label) {
    this.label = label;
  }

  /**
   * The format a file name implies, after any compression extension: {@code .csv}; {@code .tsv}
   * and {@code .tab}; {@code .jsonl} and {@code .ndjson}; {@code .json} (an array or JSON Lines,
   * told by the first character); {@code .ion}; {@code .parquet}; {@code .avro}. DynamoDB JSON is never implied: DynamoDB's
   * export names its files {@code .json.gz}; use {@code --format ddb-json} or its manifest.
   */
  public static Optional<Format> fromFileName(String name) {
    String lower = Compression.stripExtension(name).toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
      return Optional.of(TSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return Optional.of(JSONL);
    }
    if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    if (lower.endsWith(".ion")) {
      return Optional.of(ION);
    }
    if (lower.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    if (lower.endsWith(".avro")) {
      return Optional.of(AVRO);
    }
    return Optional.empty();
  }

  /**
   * The format with this name ({@code csv}, {@code tsv}, {@code jsonl}, {@code json},
   * {@code ddb-json}, {@code ion}, {@code ddb-changes}, {@code text}, {@code parquet},
   * {@code avro}), any case.
   *
   * @throws IllegalArgumentException naming the formats there are
   */
  public static Format parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Format f : values()) {
      if (f.label.equals(wanted)) {
        return f;
      }
    }
    throw new IllegalArgumentException("format '" + name + "' is not one of " + NAMES);
  }

  /** Whether this format has no header row of its own and takes its columns from the options. */
  public boolean needsColumns() {
    return this == TEXT;
  }

  /**
   * Whether the format's files are read by their own decoders ({@code ColumnarDecoders}: Parquet
   * seeks, Avro compresses its own blocks) rather than through {@link #open}.
   */
  public boolean isColumnar() {
    return this == PARQUET || this == AVRO;
  }

  /**
   * Whether records are lines whose byte offsets the decoder reports exactly, so that a resumed
   * load may seek to a record's offset in an uncompressed input and read on from there.
   */
  public boolean readsLines() {
    return this == JSONL || this == DDB_JSON || this == TEXT;
  }

  /**
   * A decoder for this format reading {@code in} (already decompressed), which it closes.
   *
   * @param sourceName the name records' origins carry
   * @throws IllegalArgumentException when the input cannot be decoded at all in this format
   *     with these options (e.g. a CSV header that repeats a column)
   * @throws IOException when the start of the input cannot be read
   */
  public RecordDecoder open(String sourceName, InputStream in, DecodeOptions options) throws IOException {
    switch (this) {
      case CSV:
        return new CsvDecoder(sourceName, in, ",", options);
      case TSV:
        return new CsvDecoder(sourceName, in, "\t", options);
      case JSONL:
        return jsonLines(sourceName, in, options);
      case JSON:
        PushbackInputStream peek = new PushbackInputStream(in, PEEK_BYTES);
        return firstByte(peek) == '[' ? new JsonArrayDecoder(sourceName, peek, options)
            : jsonLines(sourceName, peek, options);
      case DDB_JSON:
        return new LinesDecoder(sourceName, new LineReader(in, options.maxRecordBytes()),
            line -> options.shaping().apply(options.dynamoJson().parseItem(line)));
      case ION:
        return IonDecoder.open(sourceName, in, options);
      case DDB_CHANGES:
        return changes(sourceName, in, options);
      case TEXT:
        TextLineParser parser;
        try {
          parser = new TextLineParser(options);
        } catch (IllegalArgumentException e) {
          in.close();
          throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
        }
        return new LinesDecoder(sourceName, new LineReader(in, options.maxRecordBytes()), parser);
      case PARQUET:
      case AVRO:
        in.close();
        throw new IllegalStateException(this + " files are opened by ColumnarDecoders");
      default:
        throw new IllegalStateException("unhandled format " + this);
    }
  }

  private static RecordDecoder jsonLines(String sourceName, InputStream in, DecodeOptions options) {
    return new LinesDecoder(sourceName, new LineReader(in, options.maxRecordBytes()),
        line -> options.shaping().apply(options.json().parseObject(line)));
  }

  /**
   * Change lines: Ion when the input starts with Ion's binary version marker or (Ion text) with
   * {@code $ion_1_0}, which no JSON line starts with; DynamoDB JSON otherwise. Either is read
   * into the change's parts, unshaped, and {@link ChangesDecoder} makes the records.
   */
  private static RecordDecoder changes(String sourceName, InputStream in, DecodeOptions options) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, PEEK_BYTES);
    int first = firstByte(peek);
    RecordDecoder parts = first == 0xe0 || first == '$'
        ? IonDecoder.open(sourceName, peek, options.toBuilder().shaping(AttributeShaping.none()).build())
        : new LinesDecoder(sourceName, new LineReader(peek, options.maxRecordBytes()),
            line -> options.dynamoJson().parseChange(line));
    return new ChangesDecoder(parts, options.shaping());
  }

  /** The first byte that is not white space (after a byte-order mark), or -1; nothing is consumed. */
  private static int firstByte(PushbackInputStream in) throws IOException {
    byte[] seen = new byte[PEEK_BYTES];
    int n = 0;
    int b = -1;
    // Byte by byte, so that damage further on cannot cost the records before it.
    while (n < seen.length && (b = in.read()) >= 0) {
      seen[n++] = (byte) b;
      boolean bom = n <= 3 && (b == 0xef || b == 0xbb || b == 0xbf);
      if (!bom && b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        break;
      }
    }
    if (n > 0) {
      in.unread(seen, 0, n);
    }
    return b;
  }

  @Override
  public String toString() {
    return label;
  }
}
