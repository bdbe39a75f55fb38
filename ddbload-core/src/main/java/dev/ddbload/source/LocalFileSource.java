package dev.ddbload.source;

import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A local file. Immutable. */
public final class LocalFileSource implements Source {

  private final Path path;
  private final String name;
  private final Format declaredFormat;

  /** A file, named by its path as given. */
  public LocalFileSource(Path path) {
    this(path, null);
  }

  /** A file whose dataset declares its format (null: none). */
  public LocalFileSource(Path path, Format declaredFormat) {
    this.path = Objects.requireNonNull(path, "path");
    this.name = path.toString();
    this.declaredFormat = declaredFormat;
  }

  /** The file's path. */
  public Path path() {
    return path;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OptionalLong size() {
    try {
      return OptionalLong.of(Files.size(path));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public InputStream open() throws IOException {
    return Files.newInputStream(path);
  }

  @Override
  public InputStream openAt(long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    SeekableByteChannel channel = Files.newByteChannel(path);
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  @Override
  public boolean isSeekable() {
    return true;
  }

  @Override
  public Optional<String> identity() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return Optional.of("size=" + a.size() + ",modified=" + a.lastModifiedTime().toInstant());
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
