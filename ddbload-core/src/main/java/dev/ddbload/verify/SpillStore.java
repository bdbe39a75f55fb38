package dev.ddbload.verify;

import dev.ddbload.files.PrivateFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The expected records and scanned keys of one verification, spilled to disk in partitions by
 * the hash of their key, so that all records of a key land in one partition and a partition can
 * be checked in memory alone. Lives in a directory of its own, readable by its owner only,
 * deleted with everything in it by {@link #close()}. Each file is a sequence of frames: an
 * unsigned varint length, then that many bytes. Adding is thread-safe (one lock per partition);
 * the rest is called by the one thread that checks.
 */
final class SpillStore implements Closeable {

  private static final int WRITE_BUFFER_BYTES = 8 * 1024;
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** One partition's files: expected records and, with {@code --extra}, scanned keys. */
  static final class Partition {
    final Path records;
    final Path scanned;
    final int level;
    private OutputStream recordsOut;
    private OutputStream scannedOut;
    private long recordBytes;
    private long scannedBytes;

    private Partition(Path records, Path scanned, int level) {
      this.records = records;
      this.scanned = scanned;
      this.level = level;
    }

    /** Bytes of expected records spilled to it. */
    synchronized long recordBytes() {
      return recordBytes;
    }

    synchronized long scannedBytes() {
      return scannedBytes;
    }
  }

  private final Path directory;
  private final List<Partition> partitions;
  private final AtomicInteger names = new AtomicInteger();
  private final AtomicLong spilled = new AtomicLong();

  private SpillStore(Path directory, int count) {
    this.directory = directory;
    this.partitions = newPartitions(count, 0);
  }

  /**
   * A store of {@code count} partitions in a new owner-only directory under {@code parent}.
   *
   * @throws UncheckedIOException when the directory cannot be made
   */
  static SpillStore create(Path parent, int count) {
    try {
      return new SpillStore(PrivateFiles.createDirectory(parent, "ddbload-verify-"), count);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a spill directory under " + parent + ": " + e.getMessage(), e);
    }
  }

  Path directory() {
    return directory;
  }

  /** The first-level partitions. */
  List<Partition> partitions() {
    return partitions;
  }

  /** Bytes spilled so far, records and keys, splits included. */
  long spilledBytes() {
    return spilled.get();
  }

  /** Adds an expected record ({@code len} bytes of {@code b}) whose key has this hash. */
  void addRecord(long hash, byte[] b, int len) {
    Partition p = partitions.get(KeyHash.partition(hash, 0, partitions.size()));
    synchronized (p) {
      try {
        if (p.recordsOut == null) {
          p.recordsOut = new BufferedOutputStream(privateFile(p.records), WRITE_BUFFER_BYTES);
        }
        p.recordBytes += frame(p.recordsOut, b, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }

  /** Adds a key scanned from the table (its canonical bytes), of this hash. */
  void addScanned(long hash, byte[] b, int len) {
    Partition p = partitions.get(KeyHash.partition(hash, 0, partitions.size()));
    synchronized (p) {
      try {
        if (p.scannedOut == null) {
          p.scannedOut = new BufferedOutputStream(privateFile(p.scanned), WRITE_BUFFER_BYTES);
        }
        p.scannedBytes += frame(p.scannedOut, b, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }

  /** Flushes and closes every partition's writers: call once nothing more is added. */
  void finishWriting() {
    for (Partition p : partitions) {
      closeWriters(p);
    }
  }

  /**
   * Splits a partition into {@code count} at the next level, records and keys alike (a key's
   * hash picks its part), and deletes its files.
   */
  List<Partition> split(Partition p, int count) {
    List<Partition> parts = newPartitions(count, p.level + 1);
    try {
      forEach(p.records, b -> {
        Partition to = parts.get(KeyHash.partition(Expected.parse(b).hash(), p.level + 1, count));
        if (to.recordsOut == null) {
          to.recordsOut = new BufferedOutputStream(privateFile(to.records), WRITE_BUFFER_BYTES);
        }
        to.recordBytes += frame(to.recordsOut, b, b.length);
      });
      forEach(p.scanned, b -> {
        Partition to = parts.get(KeyHash.partition(KeyHash.of(b, 0, b.length), p.level + 1, count));
        if (to.scannedOut == null) {
          to.scannedOut = new BufferedOutputStream(privateFile(to.scanned), WRITE_BUFFER_BYTES);
        }
        to.scannedBytes += frame(to.scannedOut, b, b.length);
      });
    } catch (IOException e) {
      throw failed(e);
    } finally {
      parts.forEach(this::closeWriters);
    }
    delete(p);
    return parts;
  }

  /** What is done with each frame read. */
  @FunctionalInterface
  interface FrameConsumer {
    void accept(byte[] frame) throws IOException;
  }

  /** Reads every frame of a spill file (none if it was never written), in order. */
  static void forEach(Path file, FrameConsumer consumer) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), READ_BUFFER_BYTES)) {
      while (true) {
        long len = readVarLong(in);
        if (len < 0) {
          return;
        }
        byte[] b = in.readNBytes(Math.toIntExact(len));
        if (b.length != len) {
          throw new EOFException(file + " ends inside a record");
        }
        consumer.accept(b);
      }
    }
  }

  /** Deletes a partition's files. */
  void delete(Partition p) {
    try {
      Files.deleteIfExists(p.records);
      Files.deleteIfExists(p.scanned);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Deletes the directory and everything in it. */
  @Override
  public void close() {
    partitions.forEach(this::closeWriters);
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> all = Files.walk(directory)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private List<Partition> newPartitions(int count, int level) {
    List<Partition> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = names.getAndIncrement();
      list.add(new Partition(directory.resolve("records-" + n), directory.resolve("keys-" + n), level));
    }
    return list;
  }

  private void closeWriters(Partition p) {
    synchronized (p) {
      try {
        if (p.recordsOut != null) {
          p.recordsOut.close();
          p.recordsOut = null;
        }
        if (p.scannedOut != null) {
          p.scannedOut.close();
          p.scannedOut = null;
        }
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }

  /** A new spill file, readable by its owner only. */
  private static OutputStream privateFile(Path file) throws IOException {
    return Channels.newOutputStream(PrivateFiles.openForWriting(file, false));
  }

  private int frame(OutputStream out, byte[] b, int len) throws IOException {
    int header = 1;
    long v = len;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
      header++;
    }
    out.write((int) v);
    out.write(b, 0, len);
    spilled.addAndGet(header + len);
    return header + len;
  }

  /** A varint, or -1 at the end of the stream before its first byte. */
  private static long readVarLong(InputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.read();
      if (b < 0) {
        if (shift == 0) {
          return -1;
        }
        throw new EOFException("a spill file ends inside a length");
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("a spill file holds a length too long");
  }

  private UncheckedIOException failed(IOException e) {
    return new UncheckedIOException("the spill directory " + directory + " could not be written or read: "
        + e.getMessage(), e);
  }
}
