package dev.ddbload.source;

import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One input to load: a file, a pipe, standard input, an S3 object. Implementations are immutable
 * and thread-safe; each {@link #open()} returns a new stream for one reader.
 */
public interface Source {

  /** The name records and rejects refer to: the path as given, or {@code -} for stdin. */
  String name();

  /**
   * What tells this input from every other: two sources with the same key are the same input
   * named twice (a file's real path, an S3 object's URI). The name by default.
   */
  default String inputKey() {
    return name();
  }

  /** The size in bytes if known before reading (for progress and ETA). */
  OptionalLong size();

  /**
   * Opens the source for reading from its start. A source that can only be read once (standard
   * input) fails on a second call.
   */
  InputStream open() throws IOException;

  /**
   * The format the source's dataset declares (a DynamoDB export's manifest), if any; an explicit
   * {@code --format} still wins.
   */
  default Optional<Format> declaredFormat() {
    return Optional.empty();
  }

  /** Whether {@link #open()} may be called more than once. */
  default boolean isReopenable() {
    return true;
  }

  /**
   * Opens the source's stored bytes from byte {@code offset} on (0 is the start), for a resumed
   * load. Only sources that say {@link #isSeekable()} support an offset other than 0.
   *
   * @throws UnsupportedOperationException for a positive offset on a source that cannot seek
   */
  default InputStream openAt(long offset) throws IOException {
    if (offset == 0) {
      return open();
    }
    throw new UnsupportedOperationException(name() + " cannot be read from a byte offset");
  }

  /** Whether {@link #openAt} takes any offset. */
  default boolean isSeekable() {
    return false;
  }

  /**
   * What tells this version of the input from another with the same name (size and modification
   * time for a file, ETag and size for an S3 object), recorded in a checkpoint so that a resume
   * refuses an input that changed; empty when nothing does (standard input).
   */
  default Optional<String> identity() {
    return Optional.empty();
  }
}
