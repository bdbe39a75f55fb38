package dev.ddbload.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompressed data cut at the end of what a check before loading trusted ({@link IntegrityCheck}):
 * hands out bytes up to that point, then fails with the check's {@link CorruptInputException}
 * rather than ending, so a decoder treats a record that runs into the refuted unit as the start
 * of the damaged rest, never as a complete last record. Not thread-safe.
 */
public final class TrustedPrefixInputStream extends FilterInputStream {

  private final CorruptInputException refuted;
  private long left;
  private boolean reached;

  /** {@code in} up to {@code refuted.outputOffset()} bytes. */
  public TrustedPrefixInputStream(InputStream in, CorruptInputException refuted) {
    super(in);
    this.refuted = refuted;
    this.left = refuted.outputOffset();
  }

  /** Whether the reader reached the refuted unit. */
  public boolean reached() {
    return reached;
  }

  /** The refuted unit. */
  public CorruptInputException refuted() {
    return refuted;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (left == 0) {
      reached = true;
      throw refuted;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return super.skip(Math.min(n, left));
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), left);
  }
}
