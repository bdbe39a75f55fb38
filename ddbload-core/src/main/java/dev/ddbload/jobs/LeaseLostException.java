package dev.ddbload.jobs;

import java.io.IOException;

/**
 * This run no longer holds the job: another run took it over (its heartbeat looked stale) or it
 * ended. The run must stop writing state; its last records are loaded again by the owner.
 */
public final class LeaseLostException extends IOException {

  private static final long serialVersionUID = 1L;

  /** One sentence naming the job. */
  public LeaseLostException(String jobId) {
    super("this run no longer holds job " + jobId + ": another run took it over");
  }
}
