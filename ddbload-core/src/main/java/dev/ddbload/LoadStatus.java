package dev.ddbload;

/** How a load ended. */
public enum LoadStatus {
  /** Every record read was written (or superseded by a later one with the same key). */
  COMPLETED,
  /** The load finished, but some records went to the rejects file. */
  COMPLETED_WITH_REJECTS,
  /**
   * The load went through every input, but some could not be read in full (damaged or
   * truncated data, a checksum that failed, a file that changed while it was read): the rest of
   * each is one {@code DAMAGED} reject, and {@link dev.ddbload.report.LoadStats} counts those
   * inputs and the bytes not read ({@link LoadReport#damage()} says where and why).
   */
  DAMAGED_INPUT,
  /** A fatal error stopped the load; unsent records were rejected as ABORTED. */
  ABORTED,
  /** The load was cancelled (Ctrl-C, SIGTERM, {@link BulkLoader#cancel()}) before the end. */
  INTERRUPTED
}
