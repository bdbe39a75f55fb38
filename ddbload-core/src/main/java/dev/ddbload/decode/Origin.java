package dev.ddbload.decode;

/**
 * Where a record came from: its source, the line it starts on, its position among the source's
 * records and, where the decoder knows it exactly, the byte offset of its first byte in the
 * source's (decompressed) data. Enough to name a record in the rejects file and to find it
 * again when a load resumes.
 *
 * @param source the source's name as the user gave it (path, {@code -} for standard input)
 * @param line 1-based line number the record starts on; 0 when the format has no lines
 * @param index 0-based position of the record among the records of its source
 * @param offset byte offset of the record's start in the decompressed data, or {@link #UNKNOWN}
 */
public record Origin(String source, long line, long index, long offset) {

  /** An offset the decoder cannot know exactly. */
  public static final long UNKNOWN = -1;

  @Override
  public String toString() {
    return source + ":" + line;
  }
}
