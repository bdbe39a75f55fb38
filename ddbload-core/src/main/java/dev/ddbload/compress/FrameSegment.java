package dev.ddbload.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one zstd or LZ4 frame, found by reading its header and block headers as they pass:
 * the frame's magic number, its header, then block by block (header, data, checksum) up to the
 * last block or end mark and the content checksum, then the end. Data passes through in one
 * copy. Closing it does not close the input. Not thread-safe.
 */
final class FrameSegment extends ChunkInputStream {

  private enum Step { HEADER, BLOCK_HEADER, BLOCK_CHECKSUM, FRAME_CHECKSUM, END }

  private final InputStream in;
  private final FramesInputStream.Kind kind;
  private final byte[] pending = new byte[32];
  private int pendingPos;
  private int pendingLen;
  private long payloadLeft;
  private Step next = Step.HEADER;
  private boolean lastBlock;
  private boolean blockChecksums;
  private boolean contentChecksum;
  private boolean truncated;
  private String problem;

  /** The frame whose magic number, already read, is {@code magic}. */
  FrameSegment(InputStream in, FramesInputStream.Kind kind, byte[] magic) {
    this.in = in;
    this.kind = kind;
    System.arraycopy(magic, 0, pending, 0, 4);
    pendingLen = 4;
  }

  /** Whether the input ended inside the frame. */
  boolean truncated() {
    return truncated;
  }

  /** What was wrong with the frame's headers, if anything. */
  String problem() {
    return problem;
  }

  /** Whether the frame was read to its end. */
  boolean complete() {
    return next == Step.END && pendingPos == pendingLen && payloadLeft == 0;
  }

  /** Reads what is left of the frame; returns how many bytes that was. */
  long drain() throws IOException {
    long n = 0;
    byte[] scratch = new byte[8192];
    int r;
    while ((r = read(scratch, 0, scratch.length)) > 0) {
      n += r;
    }
    return n;
  }

  @Override
  int readChunk(byte[] b, int off, int len) throws IOException {
    while (true) {
      if (pendingPos < pendingLen) {
        int n = Math.min(len, pendingLen - pendingPos);
        System.arraycopy(pending, pendingPos, b, off, n);
        pendingPos += n;
        return n;
      }
      if (payloadLeft > 0) {
        int n = in.read(b, off, (int) Math.min(len, payloadLeft));
        if (n < 0) {
          truncated = true;
          return -1;
        }
        payloadLeft -= n;
        return n;
      }
      if (next == Step.END || truncated || problem != null) {
        return -1;
      }
      if (!advance()) {
        return -1;
      }
    }
  }

  /** Reads the next header or checksum into {@link #pending}; false when the frame cannot go on. */
  private boolean advance() throws IOException {
    pendingPos = 0;
    pendingLen = 0;
    switch (next) {
      case HEADER:
        return kind == FramesInputStream.Kind.ZSTD ? zstdHeader() : lz4Header();
      case BLOCK_HEADER:
        return kind == FramesInputStream.Kind.ZSTD ? zstdBlock() : lz4Block();
      case BLOCK_CHECKSUM:
        next = Step.BLOCK_HEADER;
        return take(4);
      case FRAME_CHECKSUM:
        next = Step.END;
        return take(contentChecksum ? 4 : 0);
      default:
        return false;
    }
  }

  private boolean zstdHeader() throws IOException {
    if (!take(1)) {
      return false;
    }
    int descriptor = pending[0] & 0xff;
    if ((descriptor & 0x08) != 0) {
      problem = "its header sets a reserved bit";
      return false;
    }
    int sizeFlag = descriptor >>> 6;
    boolean singleSegment = (descriptor & 0x20) != 0;
    contentChecksum = (descriptor & 0x04) != 0;
    int dictionaryBytes = new int[] {0, 1, 2, 4}[descriptor & 3];
    int sizeBytes = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[sizeFlag];
    next = Step.BLOCK_HEADER;
    return append((singleSegment ? 0 : 1) + dictionaryBytes + sizeBytes);
  }

  private boolean zstdBlock() throws IOException {
    if (!take(3)) {
      return false;
    }
    int header = (pending[0] & 0xff) | (pending[1] & 0xff) << 8 | (pending[2] & 0xff) << 16;
    lastBlock = (header & 1) != 0;
    int type = (header >>> 1) & 3;
    int size = header >>> 3;
    if (type == 3) {
      problem = "a block has the reserved block type";
      return false;
    }
    payloadLeft = type == 1 ? 1 : size;
    next = lastBlock ? Step.FRAME_CHECKSUM : Step.BLOCK_HEADER;
    return true;
  }

  private boolean lz4Header() throws IOException {
    if (!take(2)) {
      return false;
    }
    int flags = pending[0] & 0xff;
    if (flags >>> 6 != 1) {
      problem = "its header names version " + (flags >>> 6) + ", not 1";
      return false;
    }
    blockChecksums = (flags & 0x10) != 0;
    contentChecksum = (flags & 0x04) != 0;
    int rest = ((flags & 0x08) != 0 ? 8 : 0) + ((flags & 0x01) != 0 ? 4 : 0) + 1;
    next = Step.BLOCK_HEADER;
    return append(rest);
  }

  private boolean lz4Block() throws IOException {
    if (!take(4)) {
      return false;
    }
    long word = (pending[0] & 0xffL) | (pending[1] & 0xffL) << 8 | (pending[2] & 0xffL) << 16
        | (pending[3] & 0xffL) << 24;
    if (word == 0) {
      next = Step.FRAME_CHECKSUM;
      return true;
    }
    payloadLeft = word & 0x7fffffffL;
    next = blockChecksums ? Step.BLOCK_CHECKSUM : Step.BLOCK_HEADER;
    return true;
  }

  /** Reads {@code n} bytes into {@link #pending}, from its start. */
  private boolean take(int n) throws IOException {
    pendingPos = 0;
    pendingLen = 0;
    return append(n);
  }

  /** Reads {@code n} more bytes into {@link #pending}. */
  private boolean append(int n) throws IOException {
    int got = in.readNBytes(pending, pendingLen, n);
    pendingLen += got;
    if (got < n) {
      truncated = true;
    }
    return pendingLen > pendingPos || !truncated;
  }

  @Override
  public void close() {
    // the input belongs to the frames reader
  }
}
