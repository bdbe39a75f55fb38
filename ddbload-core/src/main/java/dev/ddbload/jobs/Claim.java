package dev.ddbload.jobs;

/**
 * What came of claiming a job.
 *
 * @param outcome whether this run holds the job now, and why not when it does not
 * @param job the job as recorded after the claim (or as found, when not claimed)
 */
public record Claim(Outcome outcome, Job job) {

  /** What came of the claim. */
  public enum Outcome {
    /** A new job: this run claimed it first. */
    CLAIMED,
    /** This run took over a job that was released, stale or failed; it resumes from the checkpoint. */
    TAKEN_OVER,
    /** Another run holds the job and is alive: nothing to do. */
    BUSY,
    /** The dataset version is loaded already (SUCCEEDED or PARTIAL): nothing to do. */
    DONE
  }

  /** Whether this run holds the job and should load it. */
  public boolean holds() {
    return outcome == Outcome.CLAIMED || outcome == Outcome.TAKEN_OVER;
  }

  /** One sentence for the log: what this run does and why. */
  public String describe() {
    return switch (outcome) {
      case CLAIMED -> "Claimed job " + job.id() + " for " + job.key().dataset() + ".";
      case TAKEN_OVER -> "Took over job " + job.id() + " for " + job.key().dataset() + " (run " + job.runs()
          + "); resuming from its checkpoint.";
      case BUSY -> "Job " + job.id() + " for " + job.key().dataset() + " is " + job.state()
          + " in another run (" + job.owner() + "); nothing to do.";
      case DONE -> "Job " + job.id() + " for " + job.key().dataset() + " already ended " + job.state()
          + "; nothing to do.";
    };
  }
}
