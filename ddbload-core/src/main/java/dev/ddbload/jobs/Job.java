package dev.ddbload.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the ledger records it. Immutable; read with {@link JobLedger#find}.
 *
 * @param id the job's id ({@link JobKey#id()})
 * @param key the table, dataset and version
 * @param state where the job is
 * @param owner the run holding the job's lease; empty when none does (released for the next
 *     run, or ended)
 * @param heartbeat when the owner last said it is alive (or the job last changed)
 * @param createdAt when the job was first claimed
 * @param startedAt when records started loading
 * @param endedAt when the job ended (final or failed)
 * @param runs runs that claimed the job (invocations, processes)
 * @param takeovers claims of a job another run held or had released, failed, or let go stale
 * @param counts record counts (while running: finished so far, at the last checkpoint)
 * @param rejects where the rejects are (a local path or an S3 URI), when any record was rejected
 * @param error the error that failed the job, in one sentence
 * @param capacityProblem why write capacity could not be restored, when it could not
 * @param inputsMovedTo the prefix the inputs were moved to after the job, when moved
 * @param inputsMoved how many input objects were moved there
 */
public record Job(String id, JobKey key, JobState state, String owner, Instant heartbeat, Instant createdAt,
    Optional<Instant> startedAt, Optional<Instant> endedAt, int runs, int takeovers, JobCounts counts,
    Optional<String> rejects, Optional<String> error, Optional<String> capacityProblem,
    Optional<String> inputsMovedTo, long inputsMoved) {

  /** Validates presence. */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(rejects, "rejects");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(capacityProblem, "capacityProblem");
    Objects.requireNonNull(inputsMovedTo, "inputsMovedTo");
  }

  /** Whether no run holds the lease: the next run may continue the job at once. */
  public boolean released() {
    return owner.isEmpty();
  }

  /** Whether the owner's heartbeat is older than {@code staleAfter} at {@code now}. */
  public boolean isStale(Instant now, Duration staleAfter) {
    return heartbeat.plus(staleAfter).isBefore(now);
  }

  /**
   * Whether a new run may take the job: it is active and released or stale, or it failed
   * (resumed from its checkpoint).
   */
  public boolean isTakeable(Instant now, Duration staleAfter) {
    if (state == JobState.FAILED) {
      return true;
    }
    return state.isActive() && (released() || isStale(now, staleAfter));
  }
}
