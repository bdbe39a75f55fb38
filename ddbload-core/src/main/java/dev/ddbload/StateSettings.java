package dev.ddbload;

import dev.ddbload.capacity.RestoreStore;
import dev.ddbload.checkpoint.CheckpointStore;
import dev.ddbload.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a load keeps between runs (checkpoints, pending capacity restores) and where: one group of
 * {@link LoadOptions}. Immutable; every value is checked when the settings are made.
 *
 * @param directory where state is kept between runs
 * @param checkpointStore where the checkpoint is kept, or null for a file under {@code directory}
 * @param restoreStore where pending capacity restores are kept, or null for files under {@code directory}
 * @param checkpointing whether the load saves checkpoints, so that running it again resumes it
 * @param checkpointInterval how often the checkpoint is saved, {@link LoadOptions#MIN_CHECKPOINT_INTERVAL}
 *     to {@link LoadOptions#MAX_CHECKPOINT_INTERVAL}
 * @param restart whether to forget an earlier run's checkpoint and load everything from the start
 */
public record StateSettings(Path directory, CheckpointStore checkpointStore, RestoreStore restoreStore,
    boolean checkpointing, Duration checkpointInterval, boolean restart) {

  /** The library's defaults. */
  public static final StateSettings DEFAULTS = new StateSettings(LoadOptions.DEFAULT_STATE_DIRECTORY, null, null,
      true, LoadOptions.DEFAULT_CHECKPOINT_INTERVAL, false);

  /** Checks every value. */
  public StateSettings {
    Objects.requireNonNull(directory, "stateDirectory");
    Durations.checkBetween("LoadOptions.checkpointInterval", checkpointInterval,
        LoadOptions.MIN_CHECKPOINT_INTERVAL, LoadOptions.MAX_CHECKPOINT_INTERVAL);
  }
}
