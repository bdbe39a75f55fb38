package dev.ddbload.decode;

import java.io.IOException;

/**
 * Tells whether a record that broke RFC 4180's quoting parses when {@code \} escapes a quote
 * inside a quoted field, as in the CSV Spark and Hive write ({@code "He said \"hi\""}): the
 * hint a reject gives, so the user can load the file with {@code --csv-escape '\'}.
 */
final class BackslashProbe {

  private static final byte QUOTE = '"';
  private static final byte BACKSLASH = '\\';

  private BackslashProbe() {}

  /**
   * The number of fields of the record at the window's {@code start} when read with the quote
   * {@code "} and the escape {@code \}, or -1 when it does not parse that way either, holds no
   * escape (so reads no differently), or is longer than {@code maxRecordBytes}. Reads ahead as
   * needed and leaves {@code pos} where it was.
   */
  static int fields(ByteWindow w, byte[] delimiter, int maxRecordBytes) throws IOException {
    int saved = w.pos - w.start;
    int count = 0;
    boolean[] escaped = {false};
    w.pos = w.start;
    try {
      while (true) {
        count++;
        if (w.ensure(1) && w.buf[w.pos] == QUOTE) {
          w.pos++;
          if (!skipQuoted(w, delimiter, maxRecordBytes, escaped)) {
            return -1;
          }
        } else {
          while (w.ensure(1) && !atFieldEnd(w, delimiter)) {
            if (w.pos - w.start > maxRecordBytes) {
              return -1;
            }
            w.pos++;
          }
        }
        if (!w.ensure(1) || isLineEnd(w.buf[w.pos])) {
          // Without an escape in it, the record reads no differently with one.
          return escaped[0] ? count : -1;
        }
        w.pos += delimiter.length;
      }
    } finally {
      w.pos = w.start + saved;
    }
  }

  /**
   * Moves past a quoted field's content and closing quote; false when there is none in time.
   * Sets {@code escaped[0]} when a backslash escaped something.
   */
  private static boolean skipQuoted(ByteWindow w, byte[] delimiter, int maxRecordBytes, boolean[] escaped)
      throws IOException {
    while (true) {
      if (w.pos - w.start > maxRecordBytes || !w.ensure(1)) {
        return false;
      }
      byte c = w.buf[w.pos];
      boolean pair = (c == BACKSLASH || c == QUOTE) && w.ensure(2)
          && (w.buf[w.pos + 1] == QUOTE || c == BACKSLASH && w.buf[w.pos + 1] == BACKSLASH);
      if (pair) {
        escaped[0] |= c == BACKSLASH;
        w.pos += 2;
      } else if (c == QUOTE) {
        w.pos++;
        return !w.ensure(1) || atFieldEnd(w, delimiter);
      } else {
        w.pos++;
      }
    }
  }

  private static boolean atFieldEnd(ByteWindow w, byte[] delimiter) throws IOException {
    return isLineEnd(w.buf[w.pos]) || w.startsWith(delimiter);
  }

  private static boolean isLineEnd(byte c) {
    return c == '\n' || c == '\r';
  }
}
