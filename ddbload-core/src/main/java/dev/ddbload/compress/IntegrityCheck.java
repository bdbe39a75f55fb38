package dev.ddbload.compress;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.tukaani.xz.CorruptedInputException;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;

/**
 * Checks a compressed local file's checksums in a pass before it is loaded, so that nothing
 * decoded from data a checksum refutes is ever loaded: the file is decompressed to nowhere, unit
 * by unit (gzip members, zstd and LZ4 frames, xz blocks), and the verdict says how much of the
 * decompressed data comes from units that passed. A load costs far more per byte than gzip, zstd
 * or LZ4 decompression, so the pass adds 1-3 % to a load's CPU; xz decompression is slower, and
 * its pass adds about a quarter (docs/BENCHMARKS.md). lzop and bzip2 need no pass (their readers
 * hand out a block only after its checksums matched), nor does uncompressed data. A truncated file passes: cutting a file changes none of its earlier bytes,
 * so its decodable prefix is trustworthy and the load meets the truncation itself. Stateless.
 */
public final class IntegrityCheck {

  private static final int BUFFER_BYTES = 256 * 1024;

  private IntegrityCheck() {}

  /** What a check found. */
  public record Verdict(Optional<CorruptInputException> refuted) {

    /** Nothing refuted: load it all. */
    public static final Verdict TRUSTED = new Verdict(Optional.empty());

    /** How many decompressed bytes come from units that passed: all of them unless refuted. */
    public long trustedBytes() {
      return refuted.map(CorruptInputException::outputOffset).orElse(Long.MAX_VALUE);
    }
  }

  /**
   * Whether files in this compression are checked before loading: gzip, zstd, LZ4 and xz. Not
   * uncompressed data, nor lzop and bzip2, whose readers hand out a block only after its checksum
   * matched.
   */
  public static boolean isNeeded(Compression compression) {
    return compression != Compression.NONE && compression != Compression.LZOP && compression != Compression.BZIP2;
  }

  /**
   * Checks a file.
   *
   * @param stopped asked between reads; when true the check ends with {@link InterruptedIOException}
   * @throws IOException when the file cannot be read (not when its data is corrupt: that is the verdict)
   */
  public static Verdict check(Path file, Compression compression, BooleanSupplier stopped) throws IOException {
    if (!isNeeded(compression)) {
      return Verdict.TRUSTED;
    }
    if (compression == Compression.XZ) {
      Optional<Verdict> byBlocks = xzByBlocks(file, stopped);
      if (byBlocks.isPresent()) {
        return byBlocks.get();
      }
    }
    try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES))) {
      drain(in, stopped);
      return Verdict.TRUSTED;
    } catch (CorruptInputException e) {
      return new Verdict(Optional.of(e));
    } catch (TruncatedInputException e) {
      return Verdict.TRUSTED;
    }
  }

  /**
   * An xz file whose index can be read is checked block by block; empty when the index cannot
   * be read (a truncated file), and the file is then checked as one stream.
   */
  private static Optional<Verdict> xzByBlocks(Path file, BooleanSupplier stopped) throws IOException {
    SeekableXZInputStream xz;
    try {
      xz = new SeekableXZInputStream(new SeekableFileInputStream(file.toFile()));
    } catch (EOFException | org.tukaani.xz.XZIOException e) {
      return Optional.empty();
    }
    try (xz) {
      for (int i = 0; i < xz.getBlockCount(); i++) {
        try {
          xz.seekToBlock(i);
          long left = xz.getBlockSize(i);
          byte[] buf = new byte[BUFFER_BYTES];
          while (left > 0) {
            checkStopped(stopped);
            int n = xz.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
              throw new CorruptedInputException("the block is shorter than the index says");
            }
            left -= n;
          }
        } catch (CorruptedInputException | org.tukaani.xz.UnsupportedOptionsException e) {
          return Optional.of(new Verdict(Optional.of(new CorruptInputException("xz block " + (i + 1),
              xz.getBlockCompPos(i), xz.getBlockPos(i), e.getMessage()))));
        }
      }
      return Optional.of(Verdict.TRUSTED);
    }
  }

  private static void drain(InputStream in, BooleanSupplier stopped) throws IOException {
    byte[] buf = new byte[BUFFER_BYTES];
    while (in.read(buf) >= 0) {
      checkStopped(stopped);
    }
  }

  private static void checkStopped(BooleanSupplier stopped) throws InterruptedIOException {
    if (stopped.getAsBoolean()) {
      throw new InterruptedIOException("the load was stopped");
    }
  }
}
