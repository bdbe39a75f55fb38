package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The job ledger options of {@code load}: exactly-once loads with their state in DynamoDB. */
final class JobsOptions {

  @Option(names = "--jobs-table", paramLabel = "NAME", defaultValue = "${env:JOBS_TABLE}",
      description = "Run the load as a job recorded in this DynamoDB table (env JOBS_TABLE; created with"
          + " --create-table): each version of the inputs is loaded once, the checkpoint and pending capacity"
          + " restores are kept there, and the same command on another machine resumes it.")
  String table;

  @Option(names = "--stale-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --jobs-table: a running job whose heartbeat is older than this is taken over (default ${DEFAULT-VALUE}).")
  Duration staleAfter;

  /**
   * Refuses options a job decides itself: its checkpoint lives in the jobs table, and a dry run
   * loads nothing to record.
   *
   * @throws ConfigurationException naming the option
   */
  void checkCompatible(boolean dryRun, boolean checkpointFile, boolean noCheckpoint, boolean restart) {
    if (!enabled()) {
      return;
    }
    String clash = dryRun ? "--dry-run" : checkpointFile ? "--checkpoint" : noCheckpoint ? "--no-checkpoint"
        : restart ? "--restart" : null;
    if (clash != null) {
      throw new ConfigurationException(clash + " cannot be used with --jobs-table: a job keeps its checkpoint"
          + " in the jobs table and runs each version of its inputs once.");
    }
  }

  /** Whether the load is a job. */
  boolean enabled() {
    return table != null && !table.isBlank();
  }
}
