package dev.ddbload.decode;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines (LF or CRLF) and decodes each strictly as UTF-8, keeping the
 * exact byte offset and number of every line. A line longer than the limit is skipped without
 * being held in memory and reported as too long; a line that is not valid UTF-8 is reported with
 * the offset of the bad byte. A leading UTF-8 byte-order mark is skipped. When the stream fails
 * (a truncated or corrupt compressed stream), every complete line before the failure is still
 * returned; then the failure is thrown, and the partial line is the damaged part.
 *
 * <p>Use: {@code while (lines.advance()) { lines.text() ... }}. Not thread-safe.
 */
final class LineReader implements Closeable {

  /** Why a line has no text. */
  enum Problem {
    /** Longer than the limit. */
    TOO_LONG,
    /** Not valid UTF-8. */
    BAD_ENCODING
  }

  private static final int INITIAL_BUFFER = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final int keepBytes;
  private byte[] buf = new byte[INITIAL_BUFFER];
  /** Stream offset of buf[0]. */
  private long bufOffset;
  private int start;
  private int end;
  private boolean eof;
  private IOException failure;
  private boolean bomChecked;

  private long nextLineNumber = 1;
  private long lineNumber;
  private long lineOffset;
  private String text;
  private Problem problem;
  private String problemDetail;
  private String problemPreview;
  private long lineLength;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.keepBytes = CsvTokenizer.keepBytes(maxLineBytes);
  }

  /**
   * Moves to the next line.
   *
   * @return false at the end of the input
   * @throws IOException when the stream failed; complete lines before the failure were returned
   */
  boolean advance() throws IOException {
    text = null;
    problem = null;
    problemDetail = null;
    int scan = start;
    while (true) {
      int nl = indexOfNewline(scan);
      if (nl >= 0) {
        take(nl, nl + 1);
        return true;
      }
      scan = end;
      if (end - start > maxLineBytes + 1) {
        skipLongLine();
        return true;
      }
      if (eof) {
        if (start < end) {
          take(end, end);
          return true;
        }
        return false;
      }
      if (failure != null) {
        throw failure;
      }
      int scanned = scan - start;
      fill();
      scan = start + scanned;
    }
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  /** Byte offset of the current line's first byte. */
  long lineOffset() {
    return lineOffset;
  }

  /** The current line without its line end, or null when it has a {@link #problem()}. */
  String text() {
    return text;
  }

  /** Why the current line has no text, or null. */
  Problem problem() {
    return problem;
  }

  /** One sentence on the current line's problem. */
  String problemDetail() {
    return problemDetail;
  }

  /**
   * The current line as read, for the rejects file ({@link RawText}: bad bytes kept exactly);
   * for a line longer than the limit, its first twice the limit's bytes.
   */
  String preview() {
    return problemPreview;
  }

  /** Length in bytes of the current line without its line end. */
  long lineLength() {
    return lineLength;
  }

  /** Number of the line after the current one (where reading would go on). */
  long nextLineNumber() {
    return nextLineNumber;
  }

  /** Byte offset where the next line starts. */
  long nextOffset() {
    return bufOffset + start;
  }

  private int indexOfNewline(int from) {
    byte[] b = buf;
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Makes [start, lineEnd) the current line and moves past it to {@code next}. */
  private void take(int lineEnd, int next) {
    int e = lineEnd;
    if (e > start && buf[e - 1] == '\r') {
      e--;
    }
    lineNumber = nextLineNumber++;
    lineOffset = bufOffset + start;
    lineLength = e - start;
    if (lineLength > maxLineBytes) {
      tooLong(start, e - start);
    } else {
      decode(start, e - start);
    }
    start = next;
  }

  private void decode(int from, int length) {
    // The JDK decodes ASCII at once; a replacement character means invalid input, or one written.
    String s = new String(buf, from, length, StandardCharsets.UTF_8);
    int bad = s.indexOf('\ufffd') < 0 ? -1 : RawText.firstInvalidByte(buf, from, length);
    if (bad >= 0) {
      problem = Problem.BAD_ENCODING;
      problemDetail = "invalid UTF-8 at byte " + (bufOffset + bad);
      problemPreview = RawText.of(buf, from, length);
      return;
    }
    text = s;
  }

  private void tooLong(int from, long length) {
    problem = Problem.TOO_LONG;
    int keep = (int) Math.min(length, keepBytes);
    problemDetail = "the line is " + length + " bytes, longer than the " + maxLineBytes
        + " bytes allowed (LoadOptions.maxRecordBytes)" + (length > keep ? "; its first " + keep + " bytes are kept here" : "");
    problemPreview = RawText.of(buf, from, keep);
  }

  /**
   * The line in [start, end) has no newline yet and is already too long: drop it up to its end,
   * keeping its first {@code keepBytes} for the rejects file.
   */
  private void skipLongLine() throws IOException {
    lineNumber = nextLineNumber++;
    lineOffset = bufOffset + start;
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long length = 0;
    byte last = 0;
    while (true) {
      int nl = indexOfNewline(start);
      int stop = nl >= 0 ? nl : end;
      kept.write(buf, start, (int) Math.max(0, Math.min(keepBytes - kept.size(), stop - start)));
      length += stop - start;
      last = stop > start ? buf[stop - 1] : last;
      start = nl >= 0 ? nl + 1 : end;
      if (nl >= 0 || eof) {
        if (nl >= 0 && last == '\r') {
          length--;
        }
        break;
      }
      if (failure != null) {
        throw failure;
      }
      fill();
    }
    byte[] bytes = kept.toByteArray();
    int keep = (int) Math.min(bytes.length, length);
    lineLength = length;
    problem = Problem.TOO_LONG;
    problemDetail = "the line is " + length + " bytes, longer than the " + maxLineBytes
        + " bytes allowed (LoadOptions.maxRecordBytes)" + (length > keep ? "; its first " + keep + " bytes are kept here" : "");
    problemPreview = RawText.of(bytes, 0, keep);
  }

  /** Reads more bytes after [start, end), moving or growing the buffer as needed. */
  private void fill() {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      bufOffset += start;
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      int max = maxLineBytes + 2;
      buf = Arrays.copyOf(buf, (int) Math.min(Math.max(buf.length * 2L, INITIAL_BUFFER), max + 1L));
    }
    try {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    } catch (IOException e) {
      failure = e;
    }
    if (!bomChecked && (end >= 3 || eof)) {
      bomChecked = true;
      if (end >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf
          && bufOffset == 0) {
        start = 3;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
