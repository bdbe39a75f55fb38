package dev.ddbload.source;

import dev.ddbload.decode.Format;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local file. A regular file is read up to the size it had when opened and checked for change
 * at that point ({@link WatchedFileInputStream}); it can be read again and from any offset.
 * Anything else that can be opened by name (a named pipe, {@code /dev/stdin}, the
 * {@code /dev/fd/N} of a shell's process substitution, a character device) is a stream: read once,
 * from its start, like standard input. Immutable and thread-safe.
 */
public final class LocalFileSource implements Source {

  private final Path path;
  private final String name;
  private final Format declaredFormat;
  private final boolean stream;
  private final AtomicBoolean opened = new AtomicBoolean();

  /** A file, named by its path as given. */
  public LocalFileSource(Path path) {
    this(path, null);
  }

  /** A file whose dataset declares its format (null: none). */
  public LocalFileSource(Path path, Format declaredFormat) {
    this.path = Objects.requireNonNull(path, "path");
    this.name = path.toString();
    this.declaredFormat = declaredFormat;
    this.stream = Files.exists(path) && !Files.isRegularFile(path);
  }

  /** The file's path. */
  public Path path() {
    return path;
  }

  /** Whether this is a regular file, which can be read again and for which {@link #snapshot()} means something. */
  public boolean isRegularFile() {
    return !stream;
  }

  /** The file as it is now. */
  public FileSnapshot snapshot() throws IOException {
    return FileSnapshot.of(path);
  }

  @Override
  public String name() {
    return name;
  }

  /** The real path (links resolved), or the absolute path where there is none (a pipe's /dev/fd/N). */
  @Override
  public String inputKey() {
    try {
      return path.toRealPath().toString();
    } catch (IOException | SecurityException e) {
      return path.toAbsolutePath().normalize().toString();
    }
  }

  @Override
  public OptionalLong size() {
    if (stream) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Files.size(path));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * {@inheritDoc} A stream (a pipe) can be opened once; a regular file's stream ends with an
   * {@link InputChangedException} when the file changed while it was read.
   */
  @Override
  public InputStream open() throws IOException {
    if (stream) {
      if (!opened.compareAndSet(false, true)) {
        throw new IOException(name + " is a pipe or device and can be read only once");
      }
      // FileInputStream, not Files.newInputStream: the latter asks a pipe for its position.
      return new FileInputStream(path.toFile());
    }
    return WatchedFileInputStream.open(path, name, 0);
  }

  @Override
  public InputStream openAt(long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    if (stream) {
      return Source.super.openAt(offset);
    }
    return WatchedFileInputStream.open(path, name, offset);
  }

  @Override
  public boolean isReopenable() {
    return !stream;
  }

  @Override
  public boolean isSeekable() {
    return !stream;
  }

  @Override
  public Optional<String> identity() {
    if (stream) {
      return Optional.empty();
    }
    try {
      FileSnapshot s = FileSnapshot.of(path);
      return Optional.of("size=" + s.size() + ",modified=" + s.modified().toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Format> declaredFormat() {
    return Optional.ofNullable(declaredFormat);
  }

  @Override
  public String toString() {
    return name;
  }
}
