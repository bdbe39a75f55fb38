package dev.ddbload.source;

import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One input to load: a file, standard input, later an S3 object. Implementations are immutable
 * and thread-safe; each {@link #open()} returns a new stream for one reader.
 */
public interface Source {

  /** The name records and rejects refer to: the path as given, or {@code -} for stdin. */
  String name();

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
}
