package dev.ddbload.decode;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of an input stream that a scanner is working on: {@code buf[start, end)} are read and
 * not yet consumed, {@code pos} is where the scanner is. Reading more keeps everything from
 * {@code start} (moving it, and {@code pos} with it, to the buffer's start) and grows the buffer
 * up to a limit, so a scanner holds at most one record and a read's worth of input. Reads go to
 * the stream one call at a time, so a slow pipe's records come out as they arrive. The fields
 * are the scanner's to read and move; indexes other than {@code start} and {@code pos} that a
 * scanner keeps must be relative to {@code start}. Not thread-safe.
 */
final class ByteWindow implements Closeable {

  /** Bytes read at a time, and the buffer's first size. */
  static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final int maxBytes;
  private boolean eof;

  /** The buffer. */
  byte[] buf = new byte[CHUNK];
  /** Stream offset of {@code buf[0]}. */
  long bufOffset;
  /** First byte not consumed. */
  int start;
  /** End of the bytes read. */
  int end;
  /** The scanner's position, between {@code start} and {@code end}. */
  int pos;

  /**
   * @param in the stream, closed with this window
   * @param maxBytes the most bytes from {@code start} the window holds
   */
  ByteWindow(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = Math.max(maxBytes, CHUNK);
  }

  /** Stream offset of {@code buf[i]}. */
  long offset(int i) {
    return bufOffset + i;
  }

  /** Consumes a UTF-8 byte-order mark at {@code start}; call once, before anything else. */
  void skipByteOrderMark() throws IOException {
    pos = start;
    ensure(3);
    if (end - start >= 3 && (buf[start] & 0xff) == 0xef && (buf[start + 1] & 0xff) == 0xbb
        && (buf[start + 2] & 0xff) == 0xbf) {
      start += 3;
    }
    pos = start;
  }

  /** Whether {@code n} bytes from {@code pos} are there, reading more as needed. */
  boolean ensure(int n) throws IOException {
    while (end - pos < n) {
      if (!more()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bytes at {@code pos} are {@code bytes}, reading ahead as needed. */
  boolean startsWith(byte[] bytes) throws IOException {
    if (!ensure(bytes.length)) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (buf[pos + i] != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads more after {@code end}, keeping everything from {@code start}.
   *
   * @return false at the end of the input
   * @throws IOException when the stream fails
   * @throws IllegalStateException when the window already holds its most bytes
   */
  boolean more() throws IOException {
    if (eof) {
      return false;
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      bufOffset += start;
      end -= start;
      pos -= start;
      start = 0;
    }
    if (end == buf.length) {
      if (buf.length >= maxBytes) {
        throw new IllegalStateException("a record outgrew its buffer of " + maxBytes + " bytes");
      }
      buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, maxBytes));
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      return false;
    }
    end += n;
    return true;
  }

  /**
   * Moves {@code pos} from {@code from} to the first {@code stop} byte at or after it (or the
   * end of the input), holding at most {@code keep} bytes from {@code start} meanwhile: beyond
   * that, the bytes are dropped as they are passed, and {@code start} moves with them.
   *
   * @param spill receives the bytes from {@code start} that had to be dropped, up to {@code keep}
   * @return how many bytes were dropped
   */
  long skipTo(int from, byte stop, int keep, ByteArrayOutputStream spill) throws IOException {
    return skipTo(from, stop, stop, keep, spill);
  }

  /** As {@link #skipTo(int, byte, int, ByteArrayOutputStream)}, stopping at either byte. */
  long skipTo(int from, byte stop, byte orStop, int keep, ByteArrayOutputStream spill) throws IOException {
    long dropped = 0;
    pos = from;
    while (true) {
      int p = pos;
      byte[] b = buf;
      while (p < end && b[p] != stop && b[p] != orStop) {
        p++;
      }
      pos = p;
      if (p < end) {
        return dropped;
      }
      if (p - start > CHUNK) {
        int room = (int) Math.max(0, Math.min(keep - spill.size(), p - start));
        spill.write(buf, start, room);
        dropped += p - start;
        start = p;
      }
      if (!more()) {
        return dropped;
      }
    }
  }

  /**
   * The bytes from {@code start} to {@code pos} after a {@link #skipTo}: the spilled ones, then
   * the ones still in the buffer, {@code keep} at most in all.
   */
  byte[] kept(int keep, ByteArrayOutputStream spill) {
    int tail = pos - start;
    if (spill.size() == 0) {
      return Arrays.copyOfRange(buf, start, start + Math.min(tail, keep));
    }
    spill.write(buf, start, (int) Math.max(0, Math.min(keep - spill.size(), tail)));
    return spill.toByteArray();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
