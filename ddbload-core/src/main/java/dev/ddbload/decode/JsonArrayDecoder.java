package dev.ddbload.decode;

import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.JsonAttributes;
import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A top-level JSON array of objects, one element in memory at a time whatever the file's size.
 * Elements are found by their syntax (brackets and braces outside strings, commas between
 * elements; a line end inside a string ends the element there, since JSON strings hold none and
 * the element is broken anyway), then each is
 * parsed alone, so an element that is not valid JSON, not an object, not valid UTF-8, holds a
 * bad value or is longer than the record limit is rejected alone, with its raw text, and reading
 * goes on with the next element. Only an array that does not end (a truncated file), or text
 * after it, is damage, named by line and offset. Origins carry the element's line and exact
 * byte offset. Not thread-safe.
 */
final class JsonArrayDecoder implements RecordDecoder {

  private enum State { BEFORE, IN, CLOSED }

  private final String sourceName;
  private final ByteWindow w;
  private final JsonAttributes json;
  private final AttributeShaping shaping;
  private final int maxRecordBytes;
  private final int keepBytes;
  private State state = State.BEFORE;
  private long index;
  /** Line number at the window's position. */
  private long line = 1;
  private long markLine = 1;
  private long markOffset;

  /** What ended an element: a comma, the closing bracket, a line end in a string, or {@link #AT_END}. */
  private byte terminator;
  /** The input ended after a whole element (brackets closed): it is read, then the array is damage. */
  private static final byte AT_END = 'E';
  private byte[] stack = new byte[32];
  /** The window's bytes as one character each, for {@link #stringRunEnd}; rebuilt when the window moves. */
  private String view;
  private long viewOffset = -1;
  private int viewEnd;
  private int nextQuote = -1;
  private int nextBackslash = -1;
  private int nextLineEnd = -1;

  JsonArrayDecoder(String sourceName, InputStream in, DecodeOptions options) {
    this.sourceName = sourceName;
    this.json = options.json();
    this.shaping = options.shaping();
    this.maxRecordBytes = options.maxRecordBytes();
    this.keepBytes = CsvTokenizer.keepBytes(maxRecordBytes);
    this.w = new ByteWindow(in, maxRecordBytes + 2 * ByteWindow.CHUNK);
  }

  @Override
  public Decoded next() throws IOException {
    if (state == State.BEFORE) {
      w.skipByteOrderMark();
      skipWhiteSpace();
      if (!w.ensure(1)) {
        state = State.CLOSED;
        return null;
      }
      if (w.buf[w.pos] != '[') {
        throw new IOException("the input is not a JSON array: it starts with '" + (char) (w.buf[w.pos] & 0xff)
            + "' at line " + line);
      }
      w.pos++;
      w.start = w.pos;
      state = State.IN;
      skipWhiteSpace();
      if (w.ensure(1) && w.buf[w.pos] == ']') {
        w.pos++;
        w.start = w.pos;
        closeArray();
      }
    }
    if (state == State.CLOSED) {
      skipWhiteSpace();
      if (w.ensure(1)) {
        throw new IOException("text follows the JSON array's closing bracket, at line " + line);
      }
      return null;
    }
    skipWhiteSpace();
    markLine = line;
    markOffset = w.offset(w.start);
    if (!w.ensure(1)) {
      throw new IOException("the JSON array ends early (the file is truncated) at line " + line);
    }
    Decoded decoded = element(new Origin(sourceName, line, index, markOffset));
    index++;
    return decoded;
  }

  private Decoded element(Origin origin) throws IOException {
    ByteArrayOutputStream spill = new ByteArrayOutputStream();
    long dropped = scanElement(spill);
    if (terminator == 0) {
      throw new IOException("the JSON array ends early (the file is truncated) in the element at line "
          + origin.line());
    }
    int to = w.pos;
    while (to > w.start && isWhiteSpace(w.buf[to - 1])) {
      to--;
    }
    long length = dropped + to - w.start;
    Decoded decoded;
    if (length > maxRecordBytes) {
      byte[] raw = keptBytes(spill, to);
      decoded = new BadRecord(origin, RawText.of(raw), RejectReason.TOO_LARGE, "the element is " + length
          + " bytes, longer than the " + maxRecordBytes + " bytes allowed (LoadOptions.maxRecordBytes)"
          + (length > raw.length ? "; its first " + raw.length + " bytes are kept here" : ""));
    } else {
      decoded = decode(origin, w.start, to - w.start);
    }
    if (terminator == '\n') {
      line++;
    }
    if (terminator != AT_END) {
      w.pos++;
    }
    w.start = w.pos;
    if (terminator == ']') {
      closeArray();
    }
    return decoded;
  }

  /** The element in {@code buf[from, from + length)}. */
  private Decoded decode(Origin origin, int from, int length) {
    if (length == 0) {
      return new BadRecord(origin, "", RejectReason.MALFORMED, "an empty array element (a comma too many)");
    }
    // The JDK decodes strictly into replacement characters, and copies ASCII at once.
    String text = new String(w.buf, from, length, StandardCharsets.UTF_8);
    int bad = text.indexOf('\ufffd') < 0 ? -1 : RawText.firstInvalidByte(w.buf, from, length);
    if (bad >= 0) {
      return new BadRecord(origin, RawText.of(w.buf, from, length), RejectReason.BAD_ENCODING, "invalid UTF-8 at byte "
          + (origin.offset() + bad - from));
    }
    try {
      Map<String, AttributeValue> item = shaping.apply(json.parseObject(w.buf, from, length, text));
      return new SourceRecord(origin, item, () -> text);
    } catch (InvalidValueException e) {
      return new BadRecord(origin, text, e.reason(), e.getMessage());
    }
  }

  private byte[] keptBytes(ByteArrayOutputStream spill, int to) {
    int saved = w.pos;
    w.pos = to;
    byte[] raw = w.kept(keepBytes, spill);
    w.pos = saved;
    return raw;
  }

  private void closeArray() {
    state = State.CLOSED;
  }

  /**
   * Moves {@code pos} to the comma or closing bracket that ends the element starting at
   * {@code start} (setting {@link #terminator}; {@link #AT_END} when the input ends after a whole
   * element, 0 when it ends inside one), holding at most the
   * record limit of it: the bytes of a longer element go to {@code spill} (up to twice the limit)
   * and are dropped from the window.
   *
   * @return how many bytes were dropped
   */
  private long scanElement(ByteArrayOutputStream spill) throws IOException {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    long dropped = 0;
    terminator = 0;
    while (true) {
      byte[] b = w.buf;
      int end = w.end;
      int p = w.pos;
      for (; p < end; p++) {
        byte c = b[p];
        if (inString) {
          if (escaped) {
            escaped = false;
            continue;
          }
          // Run over the string's plain bytes at once.
          p = stringRunEnd(p);
          if (p == end) {
            break;
          }
          c = b[p];
          if (c == '"') {
            inString = false;
          } else if (c == '\\') {
            escaped = true;
          } else {
            // JSON strings hold no line ends: the element is broken, and ends with its line.
            terminator = c;
            w.pos = p;
            return dropped;
          }
        } else if (c == '\n') {
          line++;
        } else if (c == '"') {
          inString = true;
        } else if (c == '{' || c == '[') {
          if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
          }
          stack[depth++] = c;
        } else if (c == '}' || c == ']') {
          int open = c == '}' ? '{' : '[';
          int match = depth - 1;
          while (match >= 0 && stack[match] != open) {
            match--;
          }
          if (match >= 0) {
            depth = match;
          } else if (c == ']') {
            // Closes no bracket of the element: it closes the array.
            terminator = c;
            w.pos = p;
            return dropped;
          }
        } else if (c == ',' && depth == 0) {
          terminator = c;
          w.pos = p;
          return dropped;
        }
      }
      w.pos = p;
      if (w.pos - w.start > maxRecordBytes + ByteWindow.CHUNK) {
        int room = (int) Math.max(0, Math.min(keepBytes - spill.size(), w.pos - w.start));
        spill.write(w.buf, w.start, room);
        dropped += w.pos - w.start;
        w.start = w.pos;
      }
      if (!w.more()) {
        terminator = depth == 0 && !inString ? AT_END : 0;
        return dropped;
      }
    }
  }

  /**
   * The first quote, backslash or line end at or after {@code p} in the window, or its end: found
   * with {@link String#indexOf(int, int)} on a one-byte-per-character view of the window (which
   * the JDK searches many bytes at a time), each position kept until the scan passes it.
   */
  private int stringRunEnd(int p) {
    if (view == null || viewOffset != w.bufOffset || viewEnd != w.end) {
      view = new String(w.buf, 0, w.end, StandardCharsets.ISO_8859_1);
      viewOffset = w.bufOffset;
      viewEnd = w.end;
      nextQuote = -1;
      nextBackslash = -1;
      nextLineEnd = -1;
    }
    if (nextQuote < p) {
      nextQuote = found(view.indexOf('"', p));
    }
    if (nextBackslash < p) {
      nextBackslash = found(view.indexOf('\\', p));
    }
    if (nextLineEnd < p) {
      nextLineEnd = found(view.indexOf('\n', p));
    }
    return Math.min(nextQuote, Math.min(nextBackslash, nextLineEnd));
  }

  private int found(int index) {
    return index < 0 ? viewEnd : index;
  }

  private void skipWhiteSpace() throws IOException {
    while (w.ensure(1) && isWhiteSpace(w.buf[w.pos])) {
      if (w.buf[w.pos] == '\n') {
        line++;
      }
      w.pos++;
    }
    w.start = w.pos;
  }

  private static boolean isWhiteSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  @Override
  public Origin position() {
    if (state == State.CLOSED) {
      return new Origin(sourceName, line, index, w.offset(w.pos));
    }
    return new Origin(sourceName, markLine, index, markOffset);
  }

  @Override
  public void close() throws IOException {
    w.close();
  }
}
