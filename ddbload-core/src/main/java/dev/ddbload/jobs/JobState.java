package dev.ddbload.jobs;

/**
 * Where a job is: {@code CLAIMED → RUNNING → SUCCEEDED | PARTIAL | FAILED}. SUCCEEDED and PARTIAL
 * are final (the dataset version is loaded; nothing runs it again); a FAILED job keeps its
 * checkpoint and is resumed by the next run or event that claims it.
 */
public enum JobState {
  /** An importer holds the job and is getting ready (resolving inputs, raising capacity). */
  CLAIMED,
  /** Records are being loaded, or the job waits for its next run (its lease released). */
  RUNNING,
  /** Every record was written. */
  SUCCEEDED,
  /** The load finished, but some records were rejected. */
  PARTIAL,
  /** A fatal error stopped the load (the error says which); the next claim resumes it. */
  FAILED;

  /** Whether the dataset version is loaded: no run ever loads it again. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == PARTIAL;
  }

  /** Whether a run holds or may take the job: not final and not failed. */
  public boolean isActive() {
    return this == CLAIMED || this == RUNNING;
  }
}
