package dev.ddbload.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a field's bytes into its text: drops the quoting of a quoted field (a doubled quote, or
 * the escape character before a quote or another escape, stands for the second character) and
 * decodes strictly as UTF-8. Not thread-safe: one per tokenizer.
 */
final class CsvFieldDecoder {

  private final int quote;
  private final int escape;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] scratch = new byte[256];

  /**
   * @param quote the quote character, or a value no byte has
   * @param escape the escape character, or a value no byte has
   */
  CsvFieldDecoder(int quote, int escape) {
    this.quote = quote;
    this.escape = escape;
  }

  /**
   * The text of {@code bytes[from, to)}, or null when it is not valid UTF-8.
   *
   * @param quoted whether the bytes are a quoted field's content holding doubled or escaped
   *     characters
   */
  String decode(byte[] bytes, int from, int to, boolean quoted) {
    byte[] b = bytes;
    int start = from;
    int length = to - from;
    if (quoted) {
      if (scratch.length < length) {
        scratch = Arrays.copyOf(scratch, Math.max(length, scratch.length * 2));
      }
      int n = 0;
      for (int i = from; i < to; i++) {
        byte c = bytes[i];
        if ((c == quote || c == escape) && i + 1 < to && (bytes[i + 1] == quote || bytes[i + 1] == escape)) {
          i++;
          c = bytes[i];
        }
        scratch[n++] = c;
      }
      b = scratch;
      start = 0;
      length = n;
    }
    // The JDK copies ASCII at once; a replacement character means invalid input, or one written.
    String text = new String(b, start, length, StandardCharsets.UTF_8);
    if (text.indexOf('\ufffd') >= 0 && !isValid(b, start, length)) {
      return null;
    }
    return text;
  }

  private boolean isValid(byte[] b, int start, int length) {
    try {
      utf8.reset().decode(ByteBuffer.wrap(b, start, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
