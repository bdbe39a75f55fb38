package dev.ddbload.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * How one run of a job ended, before the job's record is written.
 *
 * @param kind what became of the run
 * @param counts the job's counts over all its runs, as of this run's end
 * @param error why the load failed, in one sentence (FAILED)
 * @param capacityProblem why write capacity could not be restored, when it could not
 */
public record RunOutcome(Kind kind, JobCounts counts, Optional<String> error, Optional<String> capacityProblem) {

  /** What became of a run. */
  public enum Kind {
    /** The job ended: every record written. */
    SUCCEEDED,
    /** The job ended with rejects, or with input not read in full (a DAMAGED reject says where). */
    PARTIAL,
    /** A fatal error ended the job. */
    FAILED,
    /** The run stopped for its deadline; the job is released for the next run, capacity left raised. */
    PAUSED,
    /** The run was interrupted (a signal); the job is released, capacity restored. */
    INTERRUPTED,
    /** Another run took the job over; this one stopped without recording anything. */
    LOST
  }

  /** Validates presence. */
  public RunOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(capacityProblem, "capacityProblem");
  }

  /** Whether the job ended with this run. */
  public boolean ended() {
    return kind == Kind.SUCCEEDED || kind == Kind.PARTIAL || kind == Kind.FAILED;
  }

  /** The job's final state, for a run that ended it. */
  public JobState state() {
    return switch (kind) {
      case SUCCEEDED -> JobState.SUCCEEDED;
      case PARTIAL -> JobState.PARTIAL;
      case FAILED -> JobState.FAILED;
      default -> throw new IllegalStateException("the job did not end: " + kind);
    };
  }
}
