package dev.ddbload.decode;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads one source record by record, in order. Not thread-safe: one reader thread per decoder.
 */
public interface RecordDecoder extends Closeable {

  /**
   * The next record, good or bad, or {@code null} at the end of the input.
   *
   * @throws IOException when the rest of the source cannot be read (damaged compression, invalid
   *     UTF-8 where the format cannot resynchronize, a failing disk); {@link #position()} then
   *     names where the unread part starts
   */
  Decoded next() throws IOException;

  /**
   * Where the next record starts (or would start): line, record index and, if known, byte
   * offset. After {@link #next()} threw, the start of the part that could not be read.
   */
  Origin position();

  /**
   * The column names records are read under, for formats with columns (a CSV/TSV header, or the
   * columns given for header-less input); empty for the others.
   */
  default List<String> columns() {
    return List.of();
  }
}
