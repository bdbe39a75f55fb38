package dev.ddbload.compress;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads bzip2 data (concatenated streams included) with commons-compress, telling where each
 * block's data starts. A bzip2 block is decoded whole before its first byte comes out, and its
 * CRC is checked when its last byte has been handed out; so the compressed count jumps exactly
 * when a new block's first byte comes out, and a failure that leaves the count unchanged belongs
 * to the block being handed out. Bytes are taken from the decoder one at a time to see that
 * jump (bzip2 decodes byte by byte inside anyway). Block offsets in the compressed input are
 * exact to within the bit reader's few bytes of look-ahead. Not thread-safe.
 */
final class Bzip2BlocksInputStream extends InputStream implements UnitTracking {

  private final StoredInput stored;
  private final BZip2CompressorInputStream bzip2;
  private int block;
  private long blockStored;
  private long blockOutput;
  private long compressedSeen;
  private long output;
  private IOException failure;

  /** Reads bzip2 data from {@code in}, which must start with a bzip2 stream. */
  Bzip2BlocksInputStream(InputStream in) throws IOException {
    this.stored = new StoredInput(in);
    block = 1;
    try {
      this.bzip2 = new BZip2CompressorInputStream(stored, true);
    } catch (IOException e) {
      throw classify(e, true);
    }
    compressedSeen = bzip2.getCompressedCount();
  }

  @Override
  public long unitOutputOffset() {
    return blockOutput;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    int n = 0;
    while (n < len) {
      int c;
      try {
        c = bzip2.read();
      } catch (IOException | RuntimeException e) {
        failure = classify(e, bzip2.getCompressedCount() == compressedSeen);
        if (n > 0) {
          return n; // hand out what came before; the failure follows on the next read
        }
        throw failure;
      }
      if (c < 0) {
        return n > 0 ? n : -1;
      }
      long compressed = bzip2.getCompressedCount();
      if (compressed != compressedSeen) {
        block++;
        blockStored = compressedSeen;
        blockOutput = output;
        compressedSeen = compressed;
      }
      b[off + n++] = (byte) c;
      output++;
    }
    return n;
  }

  /**
   * A failure of the input itself passes as it is; an end of input is a truncation; anything
   * else refutes the block being handed out ({@code sameBlock}) or, when a new block was being
   * decoded, that block, of which nothing came out.
   */
  private IOException classify(Throwable e, boolean sameBlock) {
    if (stored.failure() != null) {
      return stored.failure();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof EOFException || (stored.ended() && message.contains("Unexpected end of stream"))) {
      return new TruncatedInputException("the bzip2 data ends inside block " + block + " (the input is cut short)");
    }
    if (sameBlock) {
      return new CorruptInputException("bzip2 block " + block, blockStored, blockOutput, message);
    }
    String next = message.startsWith("Unexpected data after") ? "the data after bzip2 block " + block
        : "bzip2 block " + (block + 1);
    return new CorruptInputException(next, compressedSeen, output, message);
  }

  @Override
  public void close() throws IOException {
    bzip2.close();
  }
}
