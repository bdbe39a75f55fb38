package dev.ddbload.decode;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: a malformed byte sequence is an error naming its byte offset, never a
 * silent replacement character. Unlike {@link java.io.InputStreamReader}, which drops the
 * characters it decoded in the same call, this reader first hands out everything before the bad
 * byte (or before a failure of the underlying stream) and reports the problem on the next read,
 * so a parser above it keeps every record that precedes the damage. A leading byte-order mark is
 * skipped. Not thread-safe.
 */
final class StrictUtf8Reader extends Reader {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES);
  private long bytesRead;
  private boolean eof;
  private boolean flushed;
  private boolean started;
  private IOException pending;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
    bytes.flip();
  }

  /** Bytes decoded so far: the offset of the next byte to decode. */
  long bytesConsumed() {
    return bytesRead - bytes.remaining();
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (pending != null) {
      IOException e = pending;
      pending = null;
      throw e;
    }
    if (len == 0) {
      return 0;
    }
    CharBuffer out = CharBuffer.wrap(cbuf, off, len);
    while (true) {
      CoderResult r = flushed ? CoderResult.UNDERFLOW : utf8.decode(bytes, out, eof);
      if (eof && !flushed && r.isUnderflow()) {
        r = utf8.flush(out);
        flushed = r.isUnderflow();
      }
      if (r.isError()) {
        return fail(out, off, new CharConversionException("invalid UTF-8 at byte " + bytesConsumed()));
      }
      int produced = out.position() - off;
      if (r.isOverflow() || (produced > 0 && !bytes.hasRemaining())) {
        return produced;
      }
      if (eof) {
        return produced > 0 ? produced : -1;
      }
      if (produced > 0 && bytes.remaining() < 4) {
        return produced;
      }
      try {
        refill();
      } catch (IOException e) {
        return fail(out, off, e);
      }
    }
  }

  /** Hands out what was decoded before the problem; reports it now if nothing was. */
  private int fail(CharBuffer out, int off, IOException problem) throws IOException {
    int produced = out.position() - off;
    if (produced == 0) {
      throw problem;
    }
    pending = problem;
    return produced;
  }

  private void refill() throws IOException {
    bytes.compact();
    try {
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        eof = true;
      } else {
        bytes.position(bytes.position() + n);
        bytesRead += n;
      }
    } finally {
      bytes.flip();
    }
    if (!started && (bytes.remaining() >= 3 || eof || bytesConsumed() > 0)) {
      started = true;
      if (bytesConsumed() == 0 && bytes.remaining() >= 3 && (bytes.get(0) & 0xff) == 0xef && (bytes.get(1) & 0xff) == 0xbb
          && (bytes.get(2) & 0xff) == 0xbf) {
        bytes.position(3);
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
