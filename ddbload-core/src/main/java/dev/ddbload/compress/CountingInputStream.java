package dev.ddbload.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports every byte read to a counter, for progress. Not thread-safe (one reader). */
public final class CountingInputStream extends FilterInputStream {

  private final LongConsumer counter;

  /** Wraps {@code in}, passing the number of bytes of each read to {@code counter}. */
  public CountingInputStream(InputStream in, LongConsumer counter) {
    super(in);
    this.counter = counter;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counter.accept(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      counter.accept(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      counter.accept(skipped);
    }
    return skipped;
  }
}
