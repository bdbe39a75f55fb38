package dev.ddbload.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that produces its data in chunks: reading one byte is reading an array of one, and
 * reading nothing is free. Subclasses implement {@link #readChunk}. Not thread-safe.
 */
abstract class ChunkInputStream extends InputStream {

  private final byte[] one = new byte[1];

  /** Reads up to {@code len > 0} bytes into {@code b} from {@code off}; -1 at the end. */
  abstract int readChunk(byte[] b, int off, int len) throws IOException;

  @Override
  public final int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    return len == 0 ? 0 : readChunk(b, off, len);
  }
}
