package dev.ddbload.decode;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits Ion text into chunks that each hold whole top-level values, by Ion's lexical rules
 * (strings, long strings, quoted symbols, comments, lobs, nested containers), so that each chunk
 * can be parsed alone and a broken value costs only its chunk. A chunk ends where a top-level
 * container closes, or at a line end outside containers (a line of top-level scalars, or the
 * version marker on its own line). Resynchronisation: a line end inside a short string or
 * quoted symbol (neither may hold one) ends the chunk with its line, and so does a line that
 * starts with the version marker {@code $ion_1_0} while a container is open (as in DynamoDB's
 * export, one {@code $ion_1_0 {Item:{...}}} per line). A chunk longer than the limit is read past
 * keeping at most twice the limit. Not thread-safe.
 */
final class IonTextChunks implements Closeable {

  /**
   * One chunk.
   *
   * @param bytes its bytes (the first twice-the-limit of them when longer than the limit)
   * @param length its length in bytes
   * @param line the line it starts on
   * @param offset the byte offset of its first byte
   * @param closed false when the input ended inside a container
   */
  record Chunk(byte[] bytes, long length, long line, long offset, boolean closed) {}

  private static final byte[] VERSION_MARKER = "$ion_1_0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ByteWindow w;
  private final int maxRecordBytes;
  private final int keepBytes;
  private boolean started;
  private long line = 1;
  private byte[] stack = new byte[32];
  /** The current chunk's bytes dropped from the window (it is longer than the limit), up to twice the limit. */
  private ByteArrayOutputStream spill;
  private long dropped;

  IonTextChunks(InputStream in, int maxRecordBytes) {
    this.w = new ByteWindow(in, maxRecordBytes + 2 * ByteWindow.CHUNK);
    this.maxRecordBytes = maxRecordBytes;
    this.keepBytes = CsvTokenizer.keepBytes(maxRecordBytes);
  }

  /** Stream offset where the next chunk would start. */
  long nextOffset() {
    return w.offset(w.start);
  }

  /** Line where the next chunk would start. */
  long nextLine() {
    return line;
  }

  /** The next chunk holding something other than white space and comments, or null at the end. */
  Chunk next() throws IOException {
    if (!started) {
      started = true;
      w.skipByteOrderMark();
    }
    while (true) {
      skipWhiteSpace();
      if (!w.ensure(1)) {
        return null;
      }
      long chunkLine = line;
      long offset = w.offset(w.start);
      spill = new ByteArrayOutputStream();
      dropped = 0;
      Boolean closed = scan();
      if (closed == null) {
        // Only comments.
        w.start = w.pos;
        continue;
      }
      long length = dropped + w.pos - w.start;
      byte[] bytes = w.kept(keepBytes, spill);
      w.start = w.pos;
      return new Chunk(bytes, length, chunkLine, offset, closed);
    }
  }

  /**
   * Moves {@code pos} to the end of the chunk at {@code start}.
   *
   * @return true when it ended properly, false when the input ended inside a container, null
   *     when it held only comments
   */
  private Boolean scan() throws IOException {
    int depth = 0;
    boolean content = false;
    w.pos = w.start;
    while (true) {
      if (!have(1)) {
        return depth == 0 ? (content ? Boolean.TRUE : null) : Boolean.FALSE;
      }
      byte c = w.buf[w.pos];
      if (c == '\n' || c == '\r') {
        if (depth == 0 && content && !endsWithAnnotation()) {
          return true;
        }
        long lineEnd = w.offset(w.pos);
        w.pos++;
        boolean counted = c == '\n' || !have(1) || w.buf[w.pos] != '\n';
        if (counted) {
          line++;
        }
        if (counted && depth > 0 && startsVersionMarker()) {
          // The chunk ends before this line end, which the next chunk's white space takes.
          line--;
          w.pos = (int) Math.max(w.start, lineEnd - w.bufOffset);
          if (w.pos > w.start && w.buf[w.pos - 1] == '\r') {
            w.pos--;
          }
          return true;
        }
        continue;
      }
      if (c == '/' && have(2) && (w.buf[w.pos + 1] == '/' || w.buf[w.pos + 1] == '*')) {
        skipComment();
        continue;
      }
      content |= c != ' ' && c != '\t' && c != 0x0b && c != 0x0c;
      if (c == '"') {
        if (!skipShortText((byte) '"')) {
          return true;
        }
      } else if (c == '\'') {
        if (have(3) && w.buf[w.pos + 1] == '\'' && w.buf[w.pos + 2] == '\'') {
          skipLongString();
        } else if (!skipShortText((byte) '\'')) {
          return true;
        }
      } else if (c == '{' && have(2) && w.buf[w.pos + 1] == '{') {
        skipLob();
        if (depth == 0) {
          return true;
        }
      } else if (c == '{' || c == '[' || c == '(') {
        if (depth == stack.length) {
          stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = c;
        w.pos++;
      } else if (c == '}' || c == ']' || c == ')') {
        byte open = c == '}' ? (byte) '{' : c == ']' ? (byte) '[' : (byte) '(';
        int match = depth - 1;
        while (match >= 0 && stack[match] != open) {
          match--;
        }
        w.pos++;
        if (match >= 0) {
          depth = match;
          if (depth == 0) {
            return true;
          }
        }
      } else {
        w.pos++;
      }
    }
  }

  /**
   * Whether {@code n} bytes from {@code pos} are there, reading more as needed; first drops what
   * the window holds of a chunk longer than the limit (keeping twice the limit in the spill).
   */
  private boolean have(int n) throws IOException {
    if (w.pos - w.start > maxRecordBytes + ByteWindow.CHUNK) {
      int room = (int) Math.max(0, Math.min(keepBytes - spill.size(), w.pos - w.start));
      spill.write(w.buf, w.start, room);
      dropped += w.pos - w.start;
      w.start = w.pos;
    }
    return w.ensure(n);
  }

  /** Whether the chunk so far ends with {@code ::} (an annotation waiting for its value). */
  private boolean endsWithAnnotation() {
    int p = w.pos - 1;
    while (p > w.start && (w.buf[p] == ' ' || w.buf[p] == '\t')) {
      p--;
    }
    return p > w.start && w.buf[p] == ':' && w.buf[p - 1] == ':';
  }

  /** Whether the line at {@code pos} starts with the version marker. */
  private boolean startsVersionMarker() throws IOException {
    if (!w.ensure(VERSION_MARKER.length)) {
      return false;
    }
    for (int i = 0; i < VERSION_MARKER.length; i++) {
      if (w.buf[w.pos + i] != VERSION_MARKER[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Moves past a string or quoted symbol opened at {@code pos}.
   *
   * @return false when a line end came before its closing quote (the line end is left unread)
   */
  private boolean skipShortText(byte quote) throws IOException {
    w.pos++;
    while (have(1)) {
      byte c = w.buf[w.pos];
      if (c == '\n' || c == '\r') {
        return false;
      }
      w.pos += c == '\\' ? 2 : 1;
      if (c == quote) {
        return true;
      }
    }
    w.pos = Math.min(w.pos, w.end);
    return true;
  }

  private void skipLongString() throws IOException {
    w.pos += 3;
    while (have(1)) {
      byte c = w.buf[w.pos];
      if (c == '\\') {
        w.pos += 2;
        continue;
      }
      if (c == '\'' && have(3) && w.buf[w.pos + 1] == '\'' && w.buf[w.pos + 2] == '\'') {
        w.pos += 3;
        return;
      }
      if (c == '\n') {
        line++;
      }
      w.pos++;
    }
    w.pos = Math.min(w.pos, w.end);
  }

  /** Moves past {@code {{ ... }}}, whose content is base64 or a string. */
  private void skipLob() throws IOException {
    w.pos += 2;
    while (have(1)) {
      byte c = w.buf[w.pos];
      if (c == '}' && have(2) && w.buf[w.pos + 1] == '}') {
        w.pos += 2;
        return;
      }
      if (c == '"') {
        if (!skipShortText(c)) {
          return;
        }
      } else if (c == '\'' && have(3) && w.buf[w.pos + 1] == '\'' && w.buf[w.pos + 2] == '\'') {
        skipLongString();
      } else {
        if (c == '\n') {
          line++;
        }
        w.pos++;
      }
    }
  }

  private void skipComment() throws IOException {
    boolean block = w.buf[w.pos + 1] == '*';
    w.pos += 2;
    while (have(1)) {
      byte c = w.buf[w.pos];
      if (!block && (c == '\n' || c == '\r')) {
        return;
      }
      if (block && c == '*' && have(2) && w.buf[w.pos + 1] == '/') {
        w.pos += 2;
        return;
      }
      if (c == '\n') {
        line++;
      }
      w.pos++;
    }
  }

  private void skipWhiteSpace() throws IOException {
    w.pos = w.start;
    while (w.ensure(1)) {
      byte c = w.buf[w.pos];
      if (c == '\n') {
        line++;
      } else if (c == '\r') {
        if (!w.ensure(2) || w.buf[w.pos + 1] != '\n') {
          line++;
        }
      } else if (c != ' ' && c != '\t' && c != 0x0b && c != 0x0c) {
        break;
      }
      w.pos++;
    }
    w.start = w.pos;
  }

  @Override
  public void close() throws IOException {
    w.close();
  }
}
