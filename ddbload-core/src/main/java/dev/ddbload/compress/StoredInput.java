package dev.ddbload.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed bytes under a decompressor: counts them, notes their end, and remembers a
 * failure of the input itself (a disk error, an S3 object that changed), so that such a failure
 * is passed on as it is and never taken for corrupt data. Not thread-safe.
 */
final class StoredInput extends FilterInputStream {

  private long count;
  private boolean ended;
  private IOException failure;

  StoredInput(InputStream in) {
    super(in);
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  /** Whether the input's end was reached. */
  boolean ended() {
    return ended;
  }

  /** The input's own failure, if it failed. */
  IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    if (n < 0) {
      ended = true;
    } else {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }
}
