package dev.ddbload.compress;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads bzip2 data (concatenated streams included) with commons-compress, handing out a block's
 * data only once its CRC matched, so nothing decoded from a corrupt block is ever handed out (as
 * lzop's reader does; no check before loading is needed, and a stream read once is as safe as a
 * file). A block is decoded whole before its first byte comes out, and its CRC is checked when
 * the byte after its last is asked for: the compressed count jumps exactly when a new block's
 * first byte comes out, which ends the previous block as checked. Bytes are taken from the
 * decoder one at a time to see that jump (bzip2 decodes byte by byte inside anyway; measured at
 * no cost beyond the noise). Memory: the block being checked, at most 900 kB of text (more only
 * for long runs of one byte). Block offsets in the compressed input are exact to within the bit
 * reader's few bytes of look-ahead. Not thread-safe.
 */
final class Bzip2BlocksInputStream extends ChunkInputStream {

  private final StoredInput stored;
  private final BZip2CompressorInputStream bzip2;
  private int block = 1;
  private long blockStored;
  private long blockOutput;
  private long compressedSeen;
  private long output;
  /** Checked data not yet handed out: ready[readyPos, readyLen). */
  private byte[] ready = new byte[0];
  private int readyPos;
  private int readyLen;
  /** The block being decoded, not yet checked. */
  private byte[] pending = new byte[64 * 1024];
  private int pendingLen;
  private boolean ended;
  private IOException failure;

  /** Reads bzip2 data from {@code in}, which must start with a bzip2 stream. */
  Bzip2BlocksInputStream(InputStream in) throws IOException {
    this.stored = new StoredInput(in);
    try {
      this.bzip2 = new BZip2CompressorInputStream(stored, true);
    } catch (IOException e) {
      throw classify(e, true);
    }
    compressedSeen = bzip2.getCompressedCount();
  }

  @Override
  int readChunk(byte[] b, int off, int len) throws IOException {
    while (readyPos == readyLen) {
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return -1;
      }
      decodeBlock();
    }
    int n = Math.min(len, readyLen - readyPos);
    System.arraycopy(ready, readyPos, b, off, n);
    readyPos += n;
    return n;
  }

  /**
   * Decodes until the block being decoded is checked: a new block begins (its first byte starts
   * the next pending block) or the data ends. A failure drops the unchecked block.
   */
  private void decodeBlock() {
    while (true) {
      int c;
      try {
        c = bzip2.read();
      } catch (IOException | RuntimeException e) {
        boolean sameBlock = bzip2.getCompressedCount() == compressedSeen;
        failure = classify(e, sameBlock);
        if (!sameBlock && !(failure instanceof TruncatedInputException)) {
          // The failure is in what follows: the pending block was checked before it was read.
          release(-1);
        }
        return;
      }
      if (c < 0) {
        ended = true;
        release(-1);
        return;
      }
      long compressed = bzip2.getCompressedCount();
      if (compressed != compressedSeen) {
        // A new block's first byte: the block before it passed its CRC check.
        block++;
        blockStored = compressedSeen;
        blockOutput = output;
        compressedSeen = compressed;
        release(c);
        output++;
        return;
      }
      if (pendingLen == pending.length) {
        pending = Arrays.copyOf(pending, pending.length * 2);
      }
      pending[pendingLen++] = (byte) c;
      output++;
    }
  }

  /** The pending block is checked: it becomes ready; {@code first} (unless -1) starts the next. */
  private void release(int first) {
    byte[] checked = pending;
    pending = ready.length >= 64 * 1024 ? ready : new byte[64 * 1024];
    ready = checked;
    readyPos = 0;
    readyLen = pendingLen;
    pendingLen = 0;
    if (first >= 0) {
      pending[pendingLen++] = (byte) first;
    }
  }

  /**
   * A failure of the input itself passes as it is; an end of input is a truncation; anything
   * else refutes the block being decoded ({@code sameBlock}) or, when a new block's data was
   * being read, that block, of which nothing came out.
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
