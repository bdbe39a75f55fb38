package dev.ddbload.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * Reads zstd or LZ4 frame-format data frame by frame: {@link FrameSegment} finds each frame's
 * end from its header and block headers, and a fresh decompressor (zstd-jni, commons-compress)
 * reads just that frame, checking its content checksum (and LZ4 block checksums) where the frame
 * has them. A frame whose check fails or whose data is invalid is a {@link CorruptInputException}
 * naming it; input that ends inside a frame is a {@link TruncatedInputException}. Skippable frames
 * are passed over; bytes after the last frame that are not a frame are corrupt. Not thread-safe.
 */
final class FramesInputStream extends ChunkInputStream implements UnitTracking {

  /** The frame formats read. */
  enum Kind {
    ZSTD("zstd", 0xFD2FB528),
    LZ4("LZ4", 0x184D2204);

    final String label;
    final int magic;

    Kind(String label, int magic) {
      this.label = label;
      this.magic = magic;
    }
  }

  private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  private static final int SKIPPABLE = 0x184D2A50;

  private final StoredInput stored;
  private final Kind kind;
  private FrameSegment segment;
  private InputStream frame;
  private int frameNumber;
  private long frameStored;
  private long frameOutput;
  private long output;
  private boolean eof;
  private IOException failure;

  /** Reads frames of this kind from {@code in}, which must start with one. */
  FramesInputStream(InputStream in, Kind kind) throws IOException {
    this.stored = new StoredInput(in);
    this.kind = kind;
    if (!openNextFrame()) {
      throw new TruncatedInputException("the input is empty, not " + kind.label + " data");
    }
  }

  @Override
  public long unitOutputOffset() {
    return frame != null ? frameOutput : output;
  }

  @Override
  int readChunk(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      while (!eof) {
        if (frame == null) {
          if (!openNextFrame()) {
            eof = true;
            break;
          }
          continue;
        }
        int n;
        try {
          n = frame.read(b, off, len);
        } catch (IOException | RuntimeException e) {
          throw classify(e);
        }
        if (n > 0) {
          output += n;
          return n;
        }
        if (n < 0) {
          endFrame();
        }
      }
      return -1;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /** The decompressor says the frame ended: it must have used exactly the frame's bytes. */
  private void endFrame() throws IOException {
    if (segment.truncated()) {
      throw truncated();
    }
    if (segment.problem() != null) {
      throw corrupt(segment.problem());
    }
    if (segment.drain() > 0 || !segment.complete()) {
      throw corrupt("its decompressor stopped before the end its headers declare");
    }
    frame.close();
    frame = null;
    segment = null;
  }

  /** Reads the next frame's magic number; false at the end of the input. */
  private boolean openNextFrame() throws IOException {
    while (true) {
      long start = stored.count();
      byte[] magic = new byte[4];
      int n = stored.readNBytes(magic, 0, 4);
      if (n == 0) {
        return false;
      }
      if (n < 4) {
        throw new TruncatedInputException("the " + kind.label + " data ends after frame " + frameNumber
            + " inside a frame's magic number (the input is cut short)");
      }
      int value = (magic[0] & 0xff) | (magic[1] & 0xff) << 8 | (magic[2] & 0xff) << 16 | (magic[3] & 0xff) << 24;
      if ((value & SKIPPABLE_MASK) == SKIPPABLE) {
        skipSkippableFrame();
        continue;
      }
      if (value != kind.magic) {
        String what = frameNumber == 0 ? "the start of the input" : "the data after " + kind.label + " frame " + frameNumber;
        throw new CorruptInputException(what, start, output, "it is not a " + kind.label + " frame");
      }
      frameNumber++;
      frameStored = start;
      frameOutput = output;
      segment = new FrameSegment(stored, kind, magic);
      try {
        frame = kind == Kind.ZSTD ? new ZstdInputStreamNoFinalizer(segment)
            : new FramedLZ4CompressorInputStream(segment, false);
      } catch (IOException | RuntimeException e) {
        throw classify(e);
      }
      return true;
    }
  }

  private void skipSkippableFrame() throws IOException {
    byte[] size = new byte[4];
    if (stored.readNBytes(size, 0, 4) < 4) {
      throw truncated();
    }
    long length = (size[0] & 0xffL) | (size[1] & 0xffL) << 8 | (size[2] & 0xffL) << 16 | (size[3] & 0xffL) << 24;
    if (stored.skip(length) < length) {
      throw truncated();
    }
  }

  private IOException classify(Throwable e) {
    if (stored.failure() != null) {
      return stored.failure();
    }
    if (segment != null && segment.truncated()) {
      return truncated();
    }
    if (segment != null && segment.problem() != null) {
      return corrupt(segment.problem());
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return corrupt(message);
  }

  private TruncatedInputException truncated() {
    return new TruncatedInputException("the " + kind.label + " data ends inside frame " + Math.max(1, frameNumber)
        + " (the input is cut short)");
  }

  private CorruptInputException corrupt(String problem) {
    return new CorruptInputException(kind.label + " frame " + frameNumber, frameStored, frameOutput, problem);
  }

  @Override
  public void close() throws IOException {
    try {
      if (frame != null) {
        frame.close();
      }
    } finally {
      stored.close();
    }
  }
}
