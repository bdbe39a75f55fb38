package dev.ddbload.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A {@link Source} as parquet-java's {@link InputFile}: a local file through a {@link FileChannel}
 * positioned where the reader seeks; any other seekable source (an S3 object) through
 * {@link Source#openAt}, reopened only when the reader jumps (the footer, then the row groups,
 * which follow each other, so reading them in order is one sequential stream of ranged GETs).
 * Nothing is read that the reader does not ask for, beyond the source's own read-ahead. Bytes
 * read are reported to a counter (progress). Not thread-safe: one stream per reader thread.
 */
public final class SourceInputFile implements InputFile {

  /** A forward jump shorter than this reads through instead of reopening. */
  private static final long SKIP_THROUGH_BYTES = 256 * 1024;

  private final Source source;
  private final Path localPath;
  private final long length;
  private final LongConsumer bytesRead;

  /**
   * The source as an {@code InputFile}.
   *
   * @param bytesRead told how many bytes each read returned
   * @throws IOException when the source's size is not known
   */
  public static SourceInputFile of(Source source, LongConsumer bytesRead) throws IOException {
    Source file = source instanceof PartitionedSource p ? p.delegate() : source;
    return new SourceInputFile(source, file instanceof LocalFileSource local ? local.path() : null, bytesRead);
  }

  /** @param localPath the local file behind the source, or null to read through the source */
  private SourceInputFile(Source source, Path localPath, LongConsumer bytesRead) throws IOException {
    this.source = source;
    this.localPath = localPath;
    this.bytesRead = bytesRead;
    this.length = source.size().orElseThrow(() -> new IOException(source.name() + " has no known size"));
  }

  @Override
  public String toString() {
    return source.name();
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    Positioned in = localPath != null ? new ChannelStream(FileChannel.open(localPath, StandardOpenOption.READ))
        : new ReopeningStream();
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() {
        return in.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        if (newPos < 0 || newPos > length) {
          throw new EOFException("seek to " + newPos + " outside " + source.name() + " (" + length + " bytes)");
        }
        in.seek(newPos);
      }
    };
  }

  /** A stream that knows its position and can move it. */
  private abstract class Positioned extends InputStream {
    abstract long position();

    abstract void seek(long to) throws IOException;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    int counted(int n) {
      if (n > 0) {
        bytesRead.accept(n);
      }
      return n;
    }
  }

  /** A local file. */
  private final class ChannelStream extends Positioned {
    private final FileChannel channel;

    ChannelStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    long position() {
      try {
        return channel.position();
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    void seek(long to) throws IOException {
      channel.position(to);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return counted(channel.read(ByteBuffer.wrap(b, off, len)));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Any seekable source: a stream from the position, replaced when the reader jumps. */
  private final class ReopeningStream extends Positioned {
    private InputStream in;
    private long pos;

    @Override
    long position() {
      return pos;
    }

    @Override
    void seek(long to) throws IOException {
      if (in != null && to >= pos && to - pos < SKIP_THROUGH_BYTES) {
        in.skipNBytes(to - pos);
        counted((int) (to - pos));
      } else if (in == null || to != pos) {
        close();
        in = null;
      }
      pos = to;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= length) {
        return -1;
      }
      if (in == null) {
        in = source.openAt(pos);
      }
      int n = in.read(b, off, len);
      if (n > 0) {
        pos += n;
      }
      return counted(n);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
