package dev.ddbload.checkpoint;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a load job's {@link Checkpoint} is kept between runs. {@link FileCheckpointStore} keeps
 * it in a local file; a store in a DynamoDB table can serve distributed runs. Implementations
 * make {@link #save} atomic: a crash leaves the old or the new checkpoint, never a mix.
 */
public interface CheckpointStore {

  /** The checkpoint an earlier run left, if any. */
  Optional<Checkpoint> load() throws IOException;

  /** Replaces the checkpoint. */
  void save(Checkpoint checkpoint) throws IOException;

  /** Forgets the checkpoint (the job is complete, or restarted). */
  void delete() throws IOException;

  /** Where the checkpoint is, for messages. */
  String describe();
}
