package dev.ddbload.compress;

import io.airlift.compress.lzo.LzoDecompressor;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

/**
 * Reads lzop files: the frame layer of lzop's file format (header with its flags, optional
 * filter, extra field and header checksum; then blocks with their optional Adler-32 and CRC-32
 * checksums), with each block decompressed by aircompressor's LZO1X decompressor. Reads files
 * from every lzop level (methods LZO1X-1, LZO1X-1(15) and LZO1X-999), stored blocks, delta
 * filters, and any number of concatenated members.
 *
 * <p>A block is handed out only whole and after its checksums matched, so a corrupt block costs
 * that block and what follows, never data before it. Errors name the member, the block and its
 * byte offset in the compressed stream. Not thread-safe.
 */
public final class LzopInputStream extends InputStream {

  private static final byte[] MAGIC = {(byte) 0x89, 'L', 'Z', 'O', 0, '\r', '\n', 0x1a, '\n'};

  private static final int F_ADLER32_D = 0x0001;
  private static final int F_ADLER32_C = 0x0002;
  private static final int F_H_EXTRA_FIELD = 0x0040;
  private static final int F_CRC32_D = 0x0100;
  private static final int F_CRC32_C = 0x0200;
  private static final int F_MULTIPART = 0x0400;
  private static final int F_H_FILTER = 0x0800;
  private static final int F_H_CRC32 = 0x1000;
  private static final int F_MASK = 0x3fff;
  private static final int F_OS_MASK = 0xff000000;
  private static final int F_CS_MASK = 0x00f00000;

  /** lzop refuses blocks larger than this. */
  private static final int MAX_BLOCK_BYTES = 64 * 1024 * 1024;
  /** Oldest and newest format versions lzop itself reads. */
  private static final int MIN_VERSION = 0x0900;
  private static final int MAX_VERSION_NEEDED = 0x1040;

  private final InputStream in;
  private final LzoDecompressor lzo = new LzoDecompressor();
  private final byte[] one = new byte[1];
  private byte[] compressed = new byte[0];
  private byte[] block = new byte[0];
  private int blockPos;
  private int blockLen;
  private Header header;
  private int member;
  private long blockNumber;
  private long offset;
  private boolean eof;

  /** Reads lzop data from {@code in}, which must start with lzop's magic bytes. */
  public LzopInputStream(InputStream in) throws IOException {
    this.in = in;
    if (!readMember()) {
      throw new EOFException("empty input: not an lzop file");
    }
  }

  /** Whether these leading bytes are lzop's magic. */
  static boolean startsWithMagic(byte[] head, int length) {
    return Compression.startsWith(head, length, MAGIC);
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (blockPos == blockLen) {
      if (eof || !nextBlock()) {
        eof = true;
        return -1;
      }
    }
    int n = Math.min(len, blockLen - blockPos);
    System.arraycopy(block, blockPos, b, off, n);
    blockPos += n;
    return n;
  }

  @Override
  public int available() {
    return blockLen - blockPos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads the next block into {@link #block}; false at the end of the last member. */
  private boolean nextBlock() throws IOException {
    while (true) {
      if (header == null && !readMember()) {
        return false;
      }
      long blockStart = offset;
      int dstLen = readInt("block length");
      if (dstLen == 0) {
        header = null;
        continue;
      }
      blockNumber++;
      if (dstLen == -1) {
        throw damage(blockStart, "is part of a split (multi-volume) lzop file, which is not supported");
      }
      if (dstLen < 0 || dstLen > MAX_BLOCK_BYTES) {
        throw damage(blockStart, "declares " + Integer.toUnsignedString(dstLen) + " bytes, more than lzop's "
            + MAX_BLOCK_BYTES);
      }
      int srcLen = readInt("compressed block length");
      if (srcLen <= 0 || srcLen > dstLen) {
        throw damage(blockStart, "declares " + Integer.toUnsignedString(srcLen) + " compressed bytes for "
            + dstLen + " bytes");
      }
      int flags = header.flags;
      int adlerD = (flags & F_ADLER32_D) != 0 ? readInt("checksum") : 0;
      int crcD = (flags & F_CRC32_D) != 0 ? readInt("checksum") : 0;
      boolean stored = srcLen == dstLen;
      int adlerC = !stored && (flags & F_ADLER32_C) != 0 ? readInt("checksum") : 0;
      int crcC = !stored && (flags & F_CRC32_C) != 0 ? readInt("checksum") : 0;
      if (block.length < dstLen) {
        block = new byte[dstLen];
      }
      if (stored) {
        readFully(block, srcLen, "block data");
      } else {
        if (compressed.length < srcLen) {
          compressed = new byte[srcLen];
        }
        readFully(compressed, srcLen, "block data");
        verify(blockStart, "compressed", compressed, srcLen, flags & (F_ADLER32_C | F_CRC32_C), adlerC, crcC);
        decompress(blockStart, srcLen, dstLen);
      }
      if (header.filter != 0) {
        unfilter(block, dstLen, header.filter);
      }
      verify(blockStart, "decompressed", block, dstLen, flags & (F_ADLER32_D | F_CRC32_D), adlerD, crcD);
      blockPos = 0;
      blockLen = dstLen;
      return true;
    }
  }

  private void decompress(long blockStart, int srcLen, int dstLen) throws IOException {
    int n;
    try {
      n = lzo.decompress(compressed, 0, srcLen, block, 0, dstLen);
    } catch (RuntimeException e) {
      // MalformedInputException, or an index error on data crafted past its checks.
      throw damage(blockStart, "is corrupt: " + e.getMessage());
    }
    if (n != dstLen) {
      throw damage(blockStart, "is corrupt: it decompressed to " + n + " bytes instead of " + dstLen);
    }
  }

  private void verify(long blockStart, String what, byte[] data, int length, int kinds, int adler, int crc)
      throws IOException {
    if ((kinds & (F_ADLER32_D | F_ADLER32_C)) != 0 && checksum(new Adler32(), data, length) != adler) {
      throw damage(blockStart, "is corrupt: the Adler-32 checksum of its " + what + " data does not match");
    }
    if ((kinds & (F_CRC32_D | F_CRC32_C)) != 0 && checksum(new CRC32(), data, length) != crc) {
      throw damage(blockStart, "is corrupt: the CRC-32 checksum of its " + what + " data does not match");
    }
  }

  private static int checksum(Checksum sum, byte[] data, int length) {
    sum.update(data, 0, length);
    return (int) sum.getValue();
  }

  /** Undoes lzop's delta filter: 1 subtracts each byte's predecessor, 2..16 the byte n back. */
  private static void unfilter(byte[] data, int length, int n) {
    byte[] last = new byte[n];
    for (int i = 0, j = 0; i < length; i++) {
      data[i] += last[j];
      last[j] = data[i];
      j = j + 1 == n ? 0 : j + 1;
    }
  }

  /** Reads a member's magic and header; false at a clean end of the input between members. */
  private boolean readMember() throws IOException {
    long start = offset;
    int first = in.read();
    if (first < 0) {
      return false;
    }
    offset++;
    byte[] magic = new byte[MAGIC.length];
    magic[0] = (byte) first;
    readFully(magic, 1, MAGIC.length - 1, "magic");
    if (!startsWithMagic(magic, magic.length)) {
      throw new IOException("lzop data is corrupt: no lzop member starts at byte " + start
          + " (after " + member + " complete member" + (member == 1 ? "" : "s") + ")");
    }
    member++;
    blockNumber = 0;
    header = readHeader(start);
    return true;
  }

  private Header readHeader(long start) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    int version = readHeaderField(bytes, 2);
    if (version < MIN_VERSION) {
      throw headerError(start, "format version " + Integer.toHexString(version) + " is too old");
    }
    readHeaderField(bytes, 2); // library version
    if (version >= 0x0940) {
      int needed = readHeaderField(bytes, 2);
      if (needed > MAX_VERSION_NEEDED || needed < MIN_VERSION) {
        throw headerError(start, "needs format version " + Integer.toHexString(needed));
      }
    }
    int method = readHeaderField(bytes, 1);
    if (method < 1 || method > 3) {
      throw headerError(start, "uses compression method " + method + "; only LZO1X (methods 1 to 3) is supported");
    }
    if (version >= 0x0940) {
      readHeaderField(bytes, 1); // level
    }
    int flags = readHeaderField(bytes, 4);
    if ((flags & ~(F_MASK | F_OS_MASK | F_CS_MASK)) != 0 || (flags & F_MULTIPART) != 0) {
      throw headerError(start, "has flags " + Integer.toHexString(flags) + " this reader does not know");
    }
    int filter = 0;
    if ((flags & F_H_FILTER) != 0) {
      filter = readHeaderField(bytes, 4);
      if (filter < 1 || filter > 16) {
        throw headerError(start, "uses filter " + filter + "; only lzop's delta filters 1 to 16 are supported");
      }
    }
    readHeaderField(bytes, 4); // mode
    readHeaderField(bytes, 4); // mtime, low
    if (version >= 0x0940) {
      readHeaderField(bytes, 4); // mtime, high
    }
    int nameLength = readHeaderField(bytes, 1);
    byte[] name = new byte[nameLength];
    readFully(name, nameLength, "header");
    bytes.write(name, 0, nameLength);
    byte[] all = bytes.toByteArray();
    Checksum sum = (flags & F_H_CRC32) != 0 ? new CRC32() : new Adler32();
    if (checksum(sum, all, all.length) != readInt("header checksum")) {
      throw headerError(start, "is corrupt: its checksum does not match");
    }
    if ((flags & F_H_EXTRA_FIELD) != 0) {
      int length = readInt("extra field");
      if (length < 0 || length > MAX_BLOCK_BYTES) {
        throw headerError(start, "declares an extra field of " + Integer.toUnsignedString(length) + " bytes");
      }
      skipFully(length);
      readInt("extra field checksum");
    }
    return new Header(flags, filter);
  }

  private int readHeaderField(ByteArrayOutputStream bytes, int size) throws IOException {
    int value = 0;
    for (int i = 0; i < size; i++) {
      int b = in.read();
      if (b < 0) {
        throw truncated("header");
      }
      offset++;
      bytes.write(b);
      value = value << 8 | b;
    }
    return value;
  }

  private int readInt(String what) throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int b = in.read();
      if (b < 0) {
        throw truncated(what);
      }
      value = value << 8 | b;
    }
    offset += 4;
    return value;
  }

  private void readFully(byte[] b, int length, String what) throws IOException {
    readFully(b, 0, length, what);
  }

  private void readFully(byte[] b, int off, int length, String what) throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(b, off + done, length - done);
      if (n < 0) {
        throw truncated(what);
      }
      done += n;
      offset += n;
    }
  }

  private void skipFully(int length) throws IOException {
    byte[] skip = new byte[Math.min(length, 8192)];
    int left = length;
    while (left > 0) {
      int n = Math.min(left, skip.length);
      readFully(skip, n, "extra field");
      left -= n;
    }
  }

  private IOException truncated(String what) {
    return new EOFException("lzop data is truncated: it ends inside the " + what + " of member " + member
        + (blockNumber > 0 ? ", block " + blockNumber : "") + " (at byte " + offset + ")");
  }

  private IOException damage(long blockStart, String problem) {
    return new IOException("lzop block " + blockNumber + " of member " + member + " (at byte " + blockStart + ") "
        + problem);
  }

  private IOException headerError(long start, String problem) {
    return new IOException("the header of lzop member " + member + " (at byte " + start + ") " + problem);
  }

  /** What a member's header says about its blocks. */
  private record Header(int flags, int filter) {}
}
