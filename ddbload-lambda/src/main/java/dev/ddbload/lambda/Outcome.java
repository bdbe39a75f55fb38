package dev.ddbload.lambda;

import java.util.Optional;

/**
 * What one event led to.
 *
 * @param kind what happened
 * @param jobId the job, when the event was a sentinel
 * @param message one sentence for the log
 */
record Outcome(Kind kind, Optional<String> jobId, String message) {

  /** What happened. */
  enum Kind {
    /** Not a sentinel, or an object the function itself wrote, or gone: nothing to load. */
    IGNORED,
    /** The dataset version is loaded already. */
    DONE,
    /** Another invocation holds the job. */
    BUSY,
    /** Stopped before the deadline; the job waits for the next invocation. */
    PAUSED,
    /** The job ended (SUCCEEDED, PARTIAL or FAILED; the job's record says which). */
    ENDED
  }

  static Outcome ignored(String message) {
    return new Outcome(Kind.IGNORED, Optional.empty(), message);
  }

  /** Whether the job needs another invocation to go on. */
  boolean continues() {
    return kind == Kind.PAUSED;
  }
}
