package dev.ddbload.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The job ledger options of {@code load}: exactly-once loads with their state in DynamoDB. */
final class JobsOptions {

  @Option(names = "--jobs-table", paramLabel = "NAME", defaultValue = "${env:JOBS_TABLE}",
      description = "Run the load as a job recorded in this DynamoDB table (env JOBS_TABLE; created with"
          + " --create-table): each version of the inputs is loaded once, the checkpoint and pending capacity"
          + " restores are kept there, and the same command on another machine resumes it.")
  String table;

  @Option(names = "--stale-after", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
      description = "With --jobs-table: a running job whose heartbeat is older than this is taken over (default 2m).")
  Duration staleAfter;

  /** Whether the load is a job. */
  boolean enabled() {
    return table != null && !table.isBlank();
  }
}
