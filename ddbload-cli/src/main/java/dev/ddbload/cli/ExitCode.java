package dev.ddbload.cli;

import dev.ddbload.LoadReport;

/** The process exit codes, as documented in the README. */
final class ExitCode {
  /** Every record read was written. */
  static final int OK = 0;
  /** The load finished but some records were rejected. */
  static final int REJECTS = 1;
  /** Bad usage or configuration; nothing was written. */
  static final int USAGE = 2;
  /** A fatal error aborted the load. */
  static final int FATAL = 3;
  /** The load finished but the table's write capacity could not be restored. */
  static final int CAPACITY = 4;
  /**
   * The load went through every input, but some were not read in full (damaged, cut short,
   * changed while read): a DAMAGED reject says where each stopped.
   */
  static final int DAMAGED_INPUT = 5;
  /** Interrupted (SIGINT, SIGTERM). */
  static final int INTERRUPTED = 130;

  private ExitCode() {}

  /** The exit code of a load that ran. */
  static int of(LoadReport report) {
    return switch (report.status()) {
      case COMPLETED -> report.capacity().restoreFailed() ? CAPACITY : OK;
      case COMPLETED_WITH_REJECTS -> report.capacity().restoreFailed() ? CAPACITY : REJECTS;
      case DAMAGED_INPUT -> report.capacity().restoreFailed() ? CAPACITY : DAMAGED_INPUT;
      case ABORTED -> FATAL;
      case INTERRUPTED -> INTERRUPTED;
    };
  }
}
