package dev.ddbload.jobs;

import dev.ddbload.checkpoint.Checkpoint;
import java.io.IOException;

/**
 * Copies a job's rejects somewhere every run can read them, before each checkpoint save: the
 * rejects up to the checkpoint's {@link Checkpoint#rejectsBytes()} must outlive the machine, or a
 * run continuing elsewhere would count records as finished whose rejects are lost.
 */
@FunctionalInterface
public interface RejectsMirror {

  /** Rejects stay in the local file (a command run on one machine or a shared disk). */
  RejectsMirror NONE = checkpoint -> { };

  /** Copies the rejects file's bytes up to {@code checkpoint.rejectsBytes()} that are not copied yet. */
  void mirror(Checkpoint checkpoint) throws IOException;
}
