package dev.ddbload.compress;

/**
 * A decompressing stream that hands out data before the checksum covering it is checked (as
 * every streaming decompressor must), and tells where the unit whose check is still to come
 * begins. When that check fails, the stream throws {@link CorruptInputException}: the data handed
 * out from {@link #unitOutputOffset()} on came from bits that changed. Units are checked in order,
 * so every byte before that offset passed its check.
 */
public interface UnitTracking {

  /** Offset in the decompressed data of the first byte of the unit not yet checked. */
  long unitOutputOffset();
}
