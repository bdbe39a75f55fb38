package dev.ddbload;

/** How a load ended. */
public enum LoadStatus {
  /** Every record read was written (or superseded by a later one with the same key). */
  COMPLETED,
  /** The load finished, but some records went to the rejects file. */
  COMPLETED_WITH_REJECTS,
  /** A fatal error stopped the load; unsent records were rejected as ABORTED. */
  ABORTED,
  /** The load was cancelled (Ctrl-C, SIGTERM, {@link BulkLoader#cancel()}) before the end. */
  INTERRUPTED
}
