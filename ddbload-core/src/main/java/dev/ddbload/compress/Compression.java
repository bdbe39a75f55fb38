package dev.ddbload.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Compression formats of input data, told apart by their leading magic bytes. A file's extension
 * is only a hint: it is stripped before the data format is told from the name, and a file whose
 * bytes carry no known magic is read as it is, whatever its name. Every decompressor reads
 * concatenated members or frames as one stream, and hands out all data it has decoded before it
 * reports damage, so records before a truncation are not lost. Damage is told apart: a
 * {@link TruncatedInputException} when the data ends inside a unit, a {@link CorruptInputException}
 * naming the unit (gzip member, bzip2 block, xz data, zstd or LZ4 frame) whose checksum or format
 * refutes it. lzop's and bzip2's readers hand out a block only after its checksum matched; the
 * others (gzip, xz, zstd, LZ4) hand out data before the check that covers it, and are each a
 * {@link UnitTracking} that tells where the unit not yet checked begins.
 */
public enum Compression {
  /** Not compressed. */
  NONE,
  /** gzip (RFC 1952), any number of concatenated members. */
  GZIP(".gz", ".gzip"),
  /** bzip2, concatenated streams included. */
  BZIP2(".bz2", ".bzip2"),
  /** xz, concatenated streams included. */
  XZ(".xz"),
  /** Zstandard, any number of frames (skippable frames ignored). */
  ZSTD(".zst", ".zstd"),
  /** LZ4 frame format, concatenated frames included. */
  LZ4(".lz4"),
  /** lzop (LZO1X) files of every compression level, concatenated members included. */
  LZOP(".lzo", ".lzop");

  /** Bytes that {@link #detect} needs to see. */
  public static final int MAGIC_LENGTH = 10;

  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] LZ4_MAGIC = {0x04, 0x22, 0x4d, 0x18};

  private final String[] extensions;

  Compression(String... extensions) {
    this.extensions = extensions;
  }

  /**
   * The compression these leading bytes announce, or {@link #NONE}.
   *
   * @param head the first bytes of the stream
   * @param length how many of them are valid (fewer than {@link #MAGIC_LENGTH} near the end)
   */
  public static Compression detect(byte[] head, int length) {
    if (startsWith(head, length, GZIP_MAGIC)) {
      return GZIP;
    }
    if (isBzip2(head, length)) {
      return BZIP2;
    }
    if (startsWith(head, length, XZ_MAGIC)) {
      return XZ;
    }
    if (startsWith(head, length, ZSTD_MAGIC) || isZstdSkippableFrame(head, length)) {
      return ZSTD;
    }
    if (startsWith(head, length, LZ4_MAGIC)) {
      return LZ4;
    }
    if (LzopInputStream.startsWithMagic(head, length)) {
      return LZOP;
    }
    return NONE;
  }

  /** The compression a file name's extension suggests, if any. */
  public static Optional<Compression> fromFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Compression c : values()) {
      for (String ext : c.extensions) {
        if (lower.endsWith(ext)) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** The name without a compression extension: {@code part-1.csv.gz} → {@code part-1.csv}. */
  public static String stripExtension(String name) {
    return fromFileName(name).map(c -> {
      String lower = name.toLowerCase(Locale.ROOT);
      for (String ext : c.extensions) {
        if (lower.endsWith(ext)) {
          return name.substring(0, name.length() - ext.length());
        }
      }
      return name;
    }).orElse(name);
  }

  /**
   * Looks at the first bytes of {@code in} and returns a stream of its decompressed content
   * (or {@code in}'s bytes unchanged when no compression is recognized). Closing the result
   * closes {@code in}.
   *
   * @throws IOException when the stream cannot be read or its compression header is invalid
   */
  public static Decompressed open(InputStream in) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, MAGIC_LENGTH);
    byte[] head = new byte[MAGIC_LENGTH];
    int n = 0;
    int r;
    while (n < head.length && (r = peek.read(head, n, head.length - n)) > 0) {
      n += r;
    }
    if (n > 0) {
      peek.unread(head, 0, n);
    }
    Compression c = detect(head, n);
    try {
      return new Decompressed(c, c.decompress(peek));
    } catch (IOException | RuntimeException e) {
      peek.close();
      throw e;
    }
  }

  /**
   * Wraps {@code in}, which must start with this compression's data, in a decompressing stream.
   *
   * @throws IOException when the stream's header is not valid for this compression
   */
  public InputStream decompress(InputStream in) throws IOException {
    switch (this) {
      case NONE:
        return in;
      case GZIP:
        return new GzipMembersInputStream(in);
      case BZIP2:
        return new Bzip2BlocksInputStream(in);
      case XZ:
        return new XzUnitsInputStream(in);
      case ZSTD:
        return new FramesInputStream(in, FramesInputStream.Kind.ZSTD);
      case LZ4:
        return new FramesInputStream(in, FramesInputStream.Kind.LZ4);
      case LZOP:
        return new LzopInputStream(in);
      default:
        throw new IllegalStateException("unhandled compression " + this);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  static boolean startsWith(byte[] head, int length, byte[] magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** "BZh", a block size digit, then the magic of a block or of the end of the stream. */
  private static boolean isBzip2(byte[] head, int length) {
    if (length < 10 || head[0] != 'B' || head[1] != 'Z' || head[2] != 'h' || head[3] < '1' || head[3] > '9') {
      return false;
    }
    long marker = 0;
    for (int i = 4; i < 10; i++) {
      marker = marker << 8 | (head[i] & 0xff);
    }
    return marker == 0x314159265359L || marker == 0x177245385090L;
  }

  private static boolean isZstdSkippableFrame(byte[] head, int length) {
    return length >= 4 && (head[0] & 0xf0) == 0x50 && head[1] == 0x2a && head[2] == 0x4d && head[3] == 0x18;
  }

  /** A decompressed stream and the compression it was read with. */
  public record Decompressed(Compression compression, InputStream stream) {}
}
