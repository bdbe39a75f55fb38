package dev.ddbload.cli;

import dev.ddbload.LoadReport;
import dev.ddbload.verify.VerifyReport;
import java.util.Optional;

/** The process exit codes, as documented in the README. */
final class ExitCode {
  /** Every record read was written. */
  static final int OK = 0;
  /** The load finished but some records were rejected; or the table differs from the inputs. */
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

  /** The exit code of a verification: 0 matched, 1 differences, 3 aborted, 5 damaged input, 130 interrupted. */
  static int of(VerifyReport report) {
    return switch (report.status()) {
      case MATCHED -> OK;
      case DIFFERENT -> REJECTS;
      case DAMAGED_INPUT -> DAMAGED_INPUT;
      case ABORTED -> FATAL;
      case INTERRUPTED -> INTERRUPTED;
    };
  }

  /**
   * The exit code of a load and the verification after it: the load's, unless the load's is 0 or
   * 1 and the verification's is not 0.
   */
  static int of(LoadReport load, Optional<VerifyReport> verified) {
    int code = of(load);
    if (verified.isEmpty() || (code != OK && code != REJECTS)) {
      return code;
    }
    int verify = of(verified.get());
    return verify == OK ? code : verify;
  }
}
