package dev.ddbload.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A regular local file read up to the size it had when opened, never further, and checked for
 * change when that size is reached: if the file is now shorter (it ended early), longer, rewritten
 * or replaced, the end is an {@link InputChangedException} naming the file and the change, rather
 * than an end of input, so a decoder never takes a half-written last record for a whole one.
 * A file that was empty when opened is read to its end instead, unchecked: pseudo-files such as
 * those under {@code /proc} report no size. Not thread-safe: one reader.
 */
public final class WatchedFileInputStream extends InputStream {

  private final Path path;
  private final String name;
  private final FileChannel channel;
  private final FileSnapshot openedAs;
  private long position;
  private boolean ended;
  private InputChangedException change;

  private WatchedFileInputStream(Path path, String name, FileChannel channel, FileSnapshot openedAs, long position) {
    this.path = path;
    this.name = name;
    this.channel = channel;
    this.openedAs = openedAs;
    this.position = position;
  }

  /**
   * Opens a file at a byte offset.
   *
   * @param name the file's name in messages
   */
  public static WatchedFileInputStream open(Path path, String name, long offset) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      FileSnapshot snapshot = FileSnapshot.of(path);
      // The channel's own size: the file opened, even if the path was replaced meanwhile.
      snapshot = new FileSnapshot(channel.size(), snapshot.modified(), snapshot.fileKey());
      channel.position(offset);
      return new WatchedFileInputStream(path, name, channel, snapshot, offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The file as it was when opened. */
  public FileSnapshot openedAs() {
    return openedAs;
  }

  /** The change found when the reader reached the end, if any. */
  public InputChangedException change() {
    return change;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (change != null) {
      throw change;
    }
    if (ended) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    boolean sized = openedAs.size() > 0;
    long left = sized ? openedAs.size() - position : len;
    int n = left <= 0 ? -1 : channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)));
    if (n > 0) {
      position += n;
      return n;
    }
    if (n == 0) {
      return 0;
    }
    if (sized) {
      checkUnchanged();
    }
    ended = true;
    return -1;
  }

  /** At the end: the file must still be what was opened, and its end where it was. */
  private void checkUnchanged() throws InputChangedException {
    String how;
    if (position < openedAs.size()) {
      how = String.format(Locale.ROOT, "was truncated while it was read: it ended at byte %,d of the %,d it had"
          + " when opened", position, openedAs.size());
    } else {
      try {
        String diff = openedAs.changeTo(FileSnapshot.of(path));
        how = diff == null ? null : diff + " while it was read";
      } catch (IOException e) {
        how = "was removed while it was read";
      }
    }
    if (how != null) {
      change = new InputChangedException(name + " " + how);
      throw change;
    }
  }

  /**
   * Always 0: a buffered reader above goes on reading within one call while bytes are said to be
   * available, and a failure there (the end of a truncated file) would lose the bytes that call
   * already copied.
   */
  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
