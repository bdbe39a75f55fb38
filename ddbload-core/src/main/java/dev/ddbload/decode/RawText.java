package dev.ddbload.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A record's text as read, for the rejects file, kept exactly even when its bytes are not valid
 * UTF-8: each byte that is not part of a valid UTF-8 sequence is carried as the unpaired
 * surrogate {@code U+DC80}–{@code U+DCFF} (the byte plus {@code 0xDC00}, as Python's
 * "surrogateescape" does). Text decoded from valid UTF-8 never holds an unpaired surrogate, so
 * {@link #bytes(String)} gives back exactly the bytes read, and the rejects file can carry them
 * (base64) beside a readable form. Stateless and thread-safe.
 */
public final class RawText {

  private static final char ESCAPE_BASE = 0xdc00;

  private RawText() {}

  /** The index of the first byte of {@code bytes[offset, offset + length)} that is not ASCII, or its end. */
  static int asciiEnd(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    return i;
  }

  /** The text of {@code length} bytes at {@code offset}, invalid bytes escaped. */
  public static String of(byte[] bytes, int offset, int length) {
    if (asciiEnd(bytes, offset, length) == offset + length) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(length);
    while (true) {
      CoderResult r = utf8.decode(in, out, true);
      if (r.isUnderflow()) {
        utf8.flush(out);
        break;
      }
      // Malformed or unmappable: escape the bytes it names, one by one, and go on after them.
      for (int k = 0; k < r.length(); k++) {
        out.put((char) (ESCAPE_BASE | (in.get() & 0xff)));
      }
    }
    out.flip();
    return out.toString();
  }

  /** The text of {@code bytes}, invalid bytes escaped. */
  public static String of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** Whether {@code text} carries bytes that were not valid UTF-8. */
  public static boolean hasEscapedBytes(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** The bytes {@code text} was read from: escaped bytes as they were, the rest as UTF-8. */
  public static byte[] bytes(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
        out.writeBytes(text.substring(from, i).getBytes(StandardCharsets.UTF_8));
        out.write(c & 0xff);
        from = i + 1;
      }
    }
    out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** {@code text} for people: each escaped byte shown as U+FFFD. */
  public static String readable(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
        if (sb == null) {
          sb = new StringBuilder(text);
        }
        sb.setCharAt(i, '\ufffd');
      }
    }
    return sb == null ? text : sb.toString();
  }

  /** The index of the first byte of {@code bytes[offset, offset + length)} that is not valid UTF-8, or -1. */
  public static int firstInvalidByte(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = asciiEnd(bytes, offset, length);
    if (i == end) {
      return -1;
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, i, end - i);
    CoderResult r = utf8.decode(in, CharBuffer.allocate(end - i), true);
    return r.isError() ? in.position() : -1;
  }
}
