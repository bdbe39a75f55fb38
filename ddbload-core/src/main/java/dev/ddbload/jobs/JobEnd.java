package dev.ddbload.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * How a job ended, as its final record says.
 *
 * @param state SUCCEEDED, PARTIAL or FAILED
 * @param counts the job's counts over all its runs
 * @param rejects where the rejects are, when any record was rejected
 * @param error why the job failed, in one sentence
 * @param capacityProblem why write capacity could not be restored, when it could not
 * @param inputsMovedTo where the inputs are being moved, when they are
 */
public record JobEnd(JobState state, JobCounts counts, Optional<String> rejects, Optional<String> error,
    Optional<String> capacityProblem, Optional<String> inputsMovedTo) {

  /** Validates that the state is an end. */
  public JobEnd {
    if (state.isActive()) {
      throw new IllegalArgumentException("a job ends SUCCEEDED, PARTIAL or FAILED, not " + state);
    }
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(rejects, "rejects");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(capacityProblem, "capacityProblem");
    Objects.requireNonNull(inputsMovedTo, "inputsMovedTo");
  }
}
