package dev.ddbload.compress;

import java.io.IOException;
import java.util.Locale;

/**
 * Compressed data that a checksum or the format itself refutes. Whatever was decoded from the
 * unit holding the bad bits (a gzip member, a bzip2 block, an xz block or stream, a zstd or LZ4
 * frame) cannot be trusted, from the unit's first byte on: bits changed somewhere in it, not
 * necessarily where the error was found. Data before the unit passed its own checks.
 */
public final class CorruptInputException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String unit;
  private final long storedOffset;
  private final long outputOffset;

  /**
   * @param unit the unit the bad bits are in, e.g. {@code gzip member 2}
   * @param storedOffset byte offset of the unit's start in the compressed input
   * @param outputOffset offset of the unit's first decompressed byte
   * @param problem what was found, e.g. {@code its CRC-32 does not match its data}
   */
  public CorruptInputException(String unit, long storedOffset, long outputOffset, String problem) {
    super(String.format(Locale.ROOT, "%s (from byte %,d of the compressed input) is corrupt: %s", unit, storedOffset,
        problem));
    this.unit = unit;
    this.storedOffset = storedOffset;
    this.outputOffset = outputOffset;
  }

  /** The unit holding the bad bits, e.g. {@code gzip member 2}. */
  public String unit() {
    return unit;
  }

  /** Byte offset of the unit's start in the compressed (stored) input. */
  public long storedOffset() {
    return storedOffset;
  }

  /** Offset of the unit's first byte in the decompressed data: nothing from here on is trusted. */
  public long outputOffset() {
    return outputOffset;
  }
}
