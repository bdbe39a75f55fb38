package dev.ddbload.report;

/**
 * Records that were decoded, and loaded or rejected, from compressed data whose checksum failed
 * only after they were handed on (a stream that cannot be read twice: standard input, a pipe, an
 * S3 object): they may be wrong and should be loaded again from a good copy. Consecutive in
 * their source.
 *
 * @param firstLine the first one's line (1-based; 0 where the format has no lines)
 * @param firstIndex the first one's 0-based index in the source
 * @param lastLine the last one's line
 * @param lastIndex the last one's index
 */
public record SuspectRecords(long firstLine, long firstIndex, long lastLine, long lastIndex) {

  /** How many records the range holds. */
  public long count() {
    return lastIndex - firstIndex + 1;
  }

  /** "lines 1,201 to 1,964 (records 1,200 to 1,963)". */
  @Override
  public String toString() {
    if (firstLine > 0) {
      return String.format(java.util.Locale.ROOT, "lines %,d to %,d (records %,d to %,d)", firstLine, lastLine,
          firstIndex, lastIndex);
    }
    return String.format(java.util.Locale.ROOT, "records %,d to %,d", firstIndex, lastIndex);
  }
}
