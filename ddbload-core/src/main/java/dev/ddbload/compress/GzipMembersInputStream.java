package dev.ddbload.compress;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads gzip data (RFC 1952) member by member: each member's header, its deflate data (the JDK's
 * {@link Inflater}), and its trailer, whose CRC-32 and length are checked against what was
 * inflated. A member whose check fails, or whose deflate data is invalid, is a
 * {@link CorruptInputException} naming the member; input that ends inside a member is a
 * {@link TruncatedInputException}, after everything inflated before the end was handed out.
 * Bytes after the last member must be zeros (as tape padding leaves), else they are corrupt.
 * Not thread-safe.
 */
final class GzipMembersInputStream extends ChunkInputStream implements UnitTracking {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  /** Unread compressed bytes are buf[pos, lim); buf[0] is at this offset of the input. */
  private long bufStart;
  private int pos;
  private int lim;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private int member;
  private long memberStored;
  private long memberOutput;
  private long output;
  private boolean inMember;
  private boolean eof;
  private IOException failure;

  /** Reads gzip data from {@code in}, which must start with a gzip member. */
  GzipMembersInputStream(InputStream in) throws IOException {
    this.in = in;
    if (!nextMember()) {
      throw new TruncatedInputException("the input is empty, not gzip data");
    }
  }

  @Override
  public long unitOutputOffset() {
    return inMember ? memberOutput : output;
  }

  @Override
  int readChunk(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      while (!eof) {
        if (!inMember) {
          if (!nextMember()) {
            eof = true;
            break;
          }
          continue;
        }
        int n = inflater.inflate(b, off, len);
        pos = lim - inflater.getRemaining();
        if (n > 0) {
          crc.update(b, off, n);
          output += n;
          return n;
        }
        if (inflater.finished()) {
          endMember();
        } else if (inflater.needsDictionary()) {
          throw corrupt("its deflate data asks for a preset dictionary, which gzip never uses");
        } else if (pos == lim) {
          if (!fill()) {
            throw new TruncatedInputException("the gzip data ends inside member " + member + " (the input is cut short)");
          }
          inflater.setInput(buf, pos, lim - pos);
        }
      }
      return -1;
    } catch (DataFormatException e) {
      throw fail(corrupt("its deflate data is invalid (" + e.getMessage() + ")"));
    } catch (IOException e) {
      throw fail(e);
    }
  }

  private IOException fail(IOException e) {
    failure = e;
    return e;
  }

  private CorruptInputException corrupt(String problem) {
    return new CorruptInputException("gzip member " + member, memberStored, memberOutput, problem);
  }

  /** Reads the next member's header; false at the end of the input. */
  private boolean nextMember() throws IOException {
    long start = bufStart + pos;
    int id1 = readByte();
    if (id1 < 0) {
      return false;
    }
    int id2 = readByte();
    if (id1 != 0x1f || id2 != 0x8b) {
      return trailingZeros(start, id1, id2);
    }
    member++;
    memberStored = start;
    memberOutput = output;
    headerCrc.reset();
    headerCrc.update(0x1f);
    headerCrc.update(0x8b);
    int method = headerByte();
    int flags = headerByte();
    if (method != 8) {
      throw corrupt("its header names compression method " + method + ", not deflate (8)");
    }
    if ((flags & RESERVED) != 0) {
      throw corrupt("its header sets reserved flags");
    }
    for (int i = 0; i < 6; i++) {
      headerByte(); // modification time, extra flags, operating system
    }
    if ((flags & FEXTRA) != 0) {
      int length = headerByte() | headerByte() << 8;
      for (int i = 0; i < length; i++) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // the original file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // a comment
      }
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) (headerCrc.getValue() & 0xffff);
      int stored = headerByte() | headerByte() << 8;
      if (stored != expected) {
        throw corrupt("its header checksum does not match its header");
      }
    }
    inflater.reset();
    crc.reset();
    inflater.setInput(buf, pos, lim - pos);
    inMember = true;
    return true;
  }

  /** Zeros after the last member are padding; anything else there is not gzip data. */
  private boolean trailingZeros(long start, int first, int second) throws IOException {
    int b = first;
    boolean zeros = first == 0 && (second == 0 || second < 0);
    if (zeros) {
      while ((b = readByte()) == 0) {
        // padding
      }
      zeros = b < 0;
    }
    if (zeros) {
      return false;
    }
    String what = member == 0 ? "the start of the input" : "the data after gzip member " + member;
    throw new CorruptInputException(what, start, output, "it is not a gzip member");
  }

  private void endMember() throws IOException {
    long expectedCrc = readTrailerInt();
    long expectedSize = readTrailerInt();
    if (expectedCrc != crc.getValue()) {
      throw corrupt("its CRC-32 does not match its data");
    }
    if (expectedSize != ((output - memberOutput) & 0xffffffffL)) {
      throw corrupt("its length does not match its data");
    }
    inMember = false;
  }

  private long readTrailerInt() throws IOException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      int b = readByte();
      if (b < 0) {
        throw new TruncatedInputException("the gzip data ends inside the trailer of member " + member
            + " (the input is cut short)");
      }
      v |= (long) b << (8 * i);
    }
    return v;
  }

  private int headerByte() throws IOException {
    int b = readByte();
    if (b < 0) {
      throw new TruncatedInputException("the gzip data ends inside the header of member " + member
          + " (the input is cut short)");
    }
    headerCrc.update(b);
    return b;
  }

  private int readByte() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  /** Reads more compressed bytes once all are used; false at the end of the input. */
  private boolean fill() throws IOException {
    bufStart += lim;
    pos = 0;
    lim = 0;
    int n;
    while ((n = in.read(buf, 0, buf.length)) == 0) {
      // a stream may return 0 for a positive length; ask again
    }
    if (n < 0) {
      return false;
    }
    lim = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
