package dev.ddbload.compress;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads xz data (concatenated streams included) with XZ for Java, which checks each block's
 * integrity check (CRC-32, CRC-64 or SHA-256) at the block's end. Its block boundaries are not
 * visible while streaming, so the whole input counts as one unit: a failed check refutes
 * everything decoded so far. (The xz tool writes one block per file unless it runs
 * multi-threaded.) A local file is checked block by block before it is loaded instead
 * ({@link IntegrityCheck}). Not thread-safe.
 */
final class XzUnitsInputStream extends ChunkInputStream implements UnitTracking {

  private final StoredInput stored;
  private final XZInputStream xz;
  private IOException failure;

  /** Reads xz data from {@code in}, which must start with an xz stream. */
  XzUnitsInputStream(InputStream in) throws IOException {
    this.stored = new StoredInput(in);
    try {
      this.xz = new XZInputStream(stored);
    } catch (IOException e) {
      throw classify(e);
    }
  }

  @Override
  public long unitOutputOffset() {
    return 0;
  }

  @Override
  int readChunk(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      return xz.read(b, off, len);
    } catch (IOException e) {
      failure = classify(e);
      throw failure;
    }
  }

  private IOException classify(IOException e) {
    if (stored.failure() != null) {
      return stored.failure();
    }
    if (e instanceof EOFException) {
      return new TruncatedInputException("the xz data ends inside a block (the input is cut short)");
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new CorruptInputException("the xz data", 0, 0, message);
  }

  @Override
  public void close() throws IOException {
    xz.close();
  }
}
