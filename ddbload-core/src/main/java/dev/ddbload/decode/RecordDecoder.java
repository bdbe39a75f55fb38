package dev.ddbload.decode;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads one source record by record, in order. Not thread-safe: one reader thread per decoder.
 */
public interface RecordDecoder extends Closeable {

  /**
   * The next record, good or bad, or {@code null} at the end of the input.
   *
   * @throws IOException when the source itself cannot be read
   */
  Decoded next() throws IOException;
}
