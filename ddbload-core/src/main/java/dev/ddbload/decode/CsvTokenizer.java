package dev.ddbload.decode;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits delimiter-separated bytes into records of fields, with RFC 4180 quoting (a field that
 * starts with the quote character runs to the matching quote and may hold delimiters, line ends
 * and doubled quotes), an optional escape character inside quoted fields, an optional comment
 * character, any delimiter (one or more bytes), LF, CRLF and CR line ends, and a UTF-8
 * byte-order mark at the start, which is skipped. Empty lines are skipped.
 *
 * <p>A record starts at a line start. A record that breaks the quoting rules (text after a
 * closing quote, a quoted field still open at the end of the input or after
 * {@code maxRecordBytes}) is given out as {@link Kind#MALFORMED} with its first physical line
 * alone, and reading resumes at the next line; the lines the broken record ran over are read
 * again as records, strictly: a quote inside an unquoted field there is MALFORMED too, since such
 * a line is more likely the broken field's continuation than a record. A record longer than
 * {@code maxRecordBytes} whose end is known is {@link Kind#TOO_LARGE}, read past without holding
 * it; a record whose fields are not valid UTF-8 is {@link Kind#BAD_ENCODING}. Each costs only
 * itself. Every token carries its first line, exact byte offset and raw bytes (up to
 * {@link #keepBytes(int)} of them). Fields are decoded to strings only for good records.
 *
 * <p>Only a failure of the input stream ends reading early: {@link #next()} throws it once the
 * records before it are given out. Not thread-safe.
 */
final class CsvTokenizer implements Closeable {

  /** What a token is. */
  enum Kind {
    /** A record whose fields were read. */
    RECORD,
    /** Input that breaks the quoting rules: the first line of a broken record. */
    MALFORMED,
    /** A record longer than the limit. */
    TOO_LARGE,
    /** A record whose fields are not valid UTF-8. */
    BAD_ENCODING
  }

  /**
   * One record, or one rejected piece of input.
   *
   * @param kind what it is
   * @param fields the fields of a {@link Kind#RECORD}, else null
   * @param raw the bytes as read, without the line end (the first {@link #keepBytes} of them)
   * @param line the 1-based line it starts on
   * @param offset the byte offset of its first byte
   * @param problem one sentence on what is wrong, for anything but a record
   * @param fieldsWithEscape for MALFORMED records read with no escape character: the number of
   *     fields the record has when read with {@code \} as the escape character, or -1 when it
   *     does not parse that way either
   * @param backslashInQuotes for records read with no escape character: whether a quoted field
   *     holds a backslash (so the record may read otherwise with one)
   */
  record Token(Kind kind, String[] fields, byte[] raw, long line, long offset, String problem,
      int fieldsWithEscape, boolean backslashInQuotes) {}

  private static final byte LF = '\n';
  private static final byte CR = '\r';
  /** Stands for an absent quote, escape or comment character: no byte equals it. */
  private static final int NO_BYTE = 0x100;

  private final ByteWindow w;
  private final byte[] delimiter;
  private final byte delimiter0;
  private final int quote;
  private final int escape;
  private final int comment;
  /** The escape character, or the backslash when there is none (to notice one in quoted fields). */
  private final int escapeOrBackslash;
  private final int maxRecordBytes;
  private final int keepBytes;
  private final CsvFieldDecoder fieldDecoder;

  private boolean started;
  /** Line number of the line at the window's start. */
  private long line = 1;
  /** Records that start before this stream offset are read strictly (a broken record ran over them). */
  private long strictBefore = -1;
  private long markOffset;
  private long markLine = 1;

  /** Field i of the record being read: [fieldStart[i], fieldEnd[i]) relative to its start; quoted with escapes. */
  private int[] fieldStart = new int[16];
  private int[] fieldEnd = new int[16];
  private boolean[] fieldEscaped = new boolean[16];
  private int fields;
  /** Line ends inside quoted fields of the record being read. */
  private long innerLines;
  /** Whether a quoted field of the record being read holds a backslash that is not its escape. */
  private boolean backslashInQuotes;

  /**
   * @param in the bytes, closed with this tokenizer
   * @param delimiter the field delimiter's UTF-8 bytes, not empty
   * @param dialect quote, escape and comment characters
   * @param maxRecordBytes the longest record accepted
   */
  CsvTokenizer(InputStream in, byte[] delimiter, CsvDialect dialect, int maxRecordBytes) {
    this.w = new ByteWindow(in, maxRecordBytes + ByteWindow.CHUNK + delimiter.length);
    this.delimiter = delimiter.clone();
    this.delimiter0 = delimiter[0];
    this.quote = orNoByte(dialect.quote());
    this.escape = orNoByte(dialect.escape());
    this.comment = orNoByte(dialect.comment());
    this.escapeOrBackslash = escape == NO_BYTE ? '\\' : escape;
    this.maxRecordBytes = maxRecordBytes;
    this.keepBytes = keepBytes(maxRecordBytes);
    this.fieldDecoder = new CsvFieldDecoder(quote, escape);
  }

  /** The character, or a value no byte equals when there is none. */
  private static int orNoByte(int c) {
    return c == CsvDialect.NONE ? NO_BYTE : c;
  }

  /** How much of a record longer than the limit is kept for the rejects file: twice the limit. */
  static int keepBytes(int maxRecordBytes) {
    return (int) Math.min(2L * maxRecordBytes, Integer.MAX_VALUE - 64);
  }

  /**
   * Stream offset where the next token starts (or the empty lines and comments before it); while
   * {@link #next()} runs or after it threw, where the token it was reading starts.
   */
  long nextOffset() {
    return markOffset;
  }

  /** Line number of {@link #nextOffset()}. */
  long nextLine() {
    return markLine;
  }

  /**
   * The next token, or null at the end of the input.
   *
   * @throws IOException when the input stream fails; the tokens before were given out, and
   *     {@link #nextOffset()} names the start of the part not read
   */
  Token next() throws IOException {
    if (!started) {
      started = true;
      w.skipByteOrderMark();
    }
    while (true) {
      markOffset = w.offset(w.start);
      markLine = line;
      w.pos = w.start;
      if (!w.ensure(1)) {
        return null;
      }
      byte b = w.buf[w.start];
      if (b == LF || b == CR) {
        consumeLineEnd();
      } else if (b == comment) {
        w.skipTo(w.start, LF, CR, 0, new ByteArrayOutputStream());
        consumeLineEnd();
      } else {
        Token t = record();
        markOffset = w.offset(w.start);
        markLine = line;
        return t;
      }
    }
  }

  private Token record() throws IOException {
    long recordLine = line;
    long recordOffset = w.offset(w.start);
    boolean strict = recordOffset < strictBefore;
    fields = 0;
    innerLines = 0;
    backslashInQuotes = false;
    w.pos = w.start;
    while (true) {
      int from = w.pos - w.start;
      Token failed = w.buf[w.pos] == quote ? quotedField(from, recordLine, recordOffset)
          : unquotedField(from, strict, recordLine, recordOffset);
      if (failed != null) {
        return failed;
      }
      // After the field: a delimiter, a line end or the end of the input.
      if (w.pos == w.end || w.buf[w.pos] != delimiter0) {
        return endRecord(recordLine, recordOffset);
      }
      w.pos += delimiter.length;
      if (!w.ensure(1) || w.buf[w.pos] == LF || w.buf[w.pos] == CR) {
        addField(w.pos - w.start, w.pos - w.start, false);
        return endRecord(recordLine, recordOffset);
      }
    }
  }

  /** Reads an unquoted field from {@code pos}; null when it ended at a delimiter, line end or the end. */
  private Token unquotedField(int from, boolean strict, long recordLine, long recordOffset) throws IOException {
    while (true) {
      int limit = Math.min(w.end, w.start + maxRecordBytes + 1);
      byte[] b = w.buf;
      int p = w.pos;
      while (p < limit) {
        byte c = b[p];
        if (c == LF || c == CR || c == delimiter0 || c == quote) {
          break;
        }
        p++;
      }
      w.pos = p;
      if (p < limit) {
        byte c = b[p];
        if (c == LF || c == CR || c == delimiter0 && matchesDelimiter()) {
          addField(from, w.pos - w.start, false);
          return null;
        }
        if (c == quote && strict) {
          return malformed(recordLine, recordOffset, "a quote inside an unquoted field, on a line that a broken"
              + " record before it ran over");
        }
        w.pos++;
      } else if (w.pos - w.start > maxRecordBytes) {
        return tooLarge(recordLine, recordOffset);
      } else if (!w.more()) {
        addField(from, w.pos - w.start, false);
        return null;
      }
    }
  }

  /** Whether the delimiter starts at {@code pos}; reads ahead as needed. */
  private boolean matchesDelimiter() throws IOException {
    return w.buf[w.pos] == delimiter0 && (delimiter.length == 1 || w.startsWith(delimiter));
  }

  /** Reads a quoted field whose quote is at {@code pos}; null when it closed properly. */
  private Token quotedField(int from, long recordLine, long recordOffset) throws IOException {
    w.pos++;
    boolean escaped = false;
    while (true) {
      // Run over plain content at once; stop at a quote, an escape, a line end or the limit.
      int limit = Math.min(w.end, w.start + maxRecordBytes + 1);
      byte[] b = w.buf;
      int p = w.pos;
      while (p < limit) {
        byte c = b[p];
        if (c == quote || c == escapeOrBackslash || c == LF || c == CR) {
          break;
        }
        p++;
      }
      w.pos = p;
      if (w.pos - w.start > maxRecordBytes) {
        return quoteStillOpen(recordLine, recordOffset);
      }
      if (w.pos == w.end && !w.more()) {
        return malformed(recordLine, recordOffset, "a quoted field that starts in this line is not closed before the"
            + " end of the input");
      }
      byte c = w.buf[w.pos];
      if (c == quote) {
        if (w.ensure(2) && w.buf[w.pos + 1] == quote) {
          w.pos += 2;
          escaped = true;
          continue;
        }
        addField(from + 1, w.pos - w.start, escaped);
        w.pos++;
        if (!w.ensure(1) || w.buf[w.pos] == LF || w.buf[w.pos] == CR || matchesDelimiter()) {
          return null;
        }
        return malformed(recordLine, recordOffset, innerLines == 0 ? "text follows the closing quote of field " + fields
            : "the quoted field that starts in this line runs on to line " + (recordLine + innerLines)
                + ", where text follows its closing quote");
      }
      if (c == escape) {
        if (w.ensure(2) && (w.buf[w.pos + 1] == quote || w.buf[w.pos + 1] == escape)) {
          w.pos += 2;
          escaped = true;
          continue;
        }
      } else if (c == '\\') {
        backslashInQuotes = true;
      } else if (c == LF || c == CR && (!w.ensure(2) || w.buf[w.pos + 1] != LF)) {
        innerLines++;
      }
      w.pos++;
    }
  }

  private void addField(int from, int to, boolean escaped) {
    if (fields == fieldStart.length) {
      fieldStart = Arrays.copyOf(fieldStart, fields * 2);
      fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
      fieldEscaped = Arrays.copyOf(fieldEscaped, fields * 2);
    }
    fieldStart[fields] = from;
    fieldEnd[fields] = to;
    fieldEscaped[fields] = escaped;
    fields++;
  }

  /** The record ends at {@code pos} (a line end or the end of the input): decode it and move past it. */
  private Token endRecord(long recordLine, long recordOffset) throws IOException {
    byte[] raw = Arrays.copyOfRange(w.buf, w.start, w.pos);
    String[] values = new String[fields];
    for (int i = 0; i < fields; i++) {
      values[i] = fieldDecoder.decode(raw, fieldStart[i], fieldEnd[i], fieldEscaped[i]);
      if (values[i] == null) {
        consumeLineEnd();
        line += innerLines;
        return new Token(Kind.BAD_ENCODING, null, raw, recordLine, recordOffset, "invalid UTF-8 at byte "
            + (recordOffset + RawText.firstInvalidByte(raw, 0, raw.length)), -1, false);
      }
    }
    consumeLineEnd();
    line += innerLines;
    return new Token(Kind.RECORD, values, raw, recordLine, recordOffset, null, -1, backslashInQuotes);
  }

  /**
   * The record breaks the quoting rules: its first line is the token, and reading resumes at the
   * next line, strictly up to where the broken record was given up.
   */
  private Token malformed(long recordLine, long recordOffset, String problem) throws IOException {
    long givenUp = w.offset(w.pos);
    int withEscape = escape == NO_BYTE && quote == '"' ? BackslashProbe.fields(w, delimiter, maxRecordBytes) : -1;
    strictBefore = Math.max(strictBefore, givenUp);
    ByteArrayOutputStream spill = new ByteArrayOutputStream();
    w.skipTo(w.start, LF, CR, keepBytes, spill);
    byte[] raw = w.kept(keepBytes, spill);
    consumeLineEnd();
    return new Token(Kind.MALFORMED, null, raw, recordLine, recordOffset, problem, withEscape, false);
  }

  /** A quoted field is still open past the limit: a broken record if it spans lines, else too large. */
  private Token quoteStillOpen(long recordLine, long recordOffset) throws IOException {
    for (int p = w.start; p < w.pos; p++) {
      if (w.buf[p] == LF || w.buf[p] == CR) {
        return malformed(recordLine, recordOffset, "a quoted field that starts in this line is still open after "
            + maxRecordBytes + " bytes (LoadOptions.maxRecordBytes)");
      }
    }
    return tooLarge(w.start, recordLine, recordOffset);
  }

  /** The record (outside any quotes now) is longer than the limit: it ends at the next line end. */
  private Token tooLarge(long recordLine, long recordOffset) throws IOException {
    return tooLarge(w.pos, recordLine, recordOffset);
  }

  /** The record is too large; its end is the first line end from {@code from}. */
  private Token tooLarge(int from, long recordLine, long recordOffset) throws IOException {
    ByteArrayOutputStream spill = new ByteArrayOutputStream();
    long dropped = w.skipTo(from, LF, CR, keepBytes, spill);
    long length = dropped + w.pos - w.start;
    byte[] raw = w.kept(keepBytes, spill);
    consumeLineEnd();
    line += innerLines;
    String problem = "the record is " + length + " bytes, longer than the " + maxRecordBytes
        + " bytes allowed (LoadOptions.maxRecordBytes)";
    if (length > raw.length) {
      problem += "; its first " + raw.length + " bytes are kept here";
    }
    return new Token(Kind.TOO_LARGE, null, raw, recordLine, recordOffset, problem, -1, false);
  }

  /** Moves past the line end (LF, CR or CRLF) at {@code pos}, if any, and starts there. */
  private void consumeLineEnd() throws IOException {
    if (w.ensure(1)) {
      if (w.buf[w.pos] == CR && w.ensure(2) && w.buf[w.pos + 1] == LF) {
        w.pos += 2;
      } else {
        w.pos++;
      }
      line++;
    }
    w.start = w.pos;
  }

  @Override
  public void close() throws IOException {
    w.close();
  }
}
