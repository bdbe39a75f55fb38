package dev.ddbload.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The sections of {@code load}'s own options, each an {@code @ArgGroup} without validation: they
 * give the help its headings and {@link LoadCommand} its groups. Defaults come from the library
 * ({@link LibrarySettings}).
 */
final class LoadSections {

  private LoadSections() {}

  /** Writing options. */
  static final class Writing {
    @Option(names = "--max-errors", paramLabel = "N",
        description = "Stop the load (exit 3) once N records are rejected; 0 means no limit (default ${DEFAULT-VALUE}).")
    long maxErrors;

    @Option(names = "--rejects", paramLabel = "FILE",
        description = "Rejects file, JSON Lines (default ./ddbload-rejects-<table>-<timestamp>.jsonl, created on the first reject).")
    Path rejects;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "${env:THREAD_COUNT}",
        description = "Pins the calls in flight to N, 1 to 1024 (env THREAD_COUNT); default: adaptive, 8 to 512.")
    Integer concurrency;

    @Option(names = "--shuffle-window", paramLabel = "N",
        description = "Interleave records within a window of N to spread key-sorted input over partitions "
            + "(default ${DEFAULT-VALUE}, 0 = off; at most 16 MiB of items whatever N); records with the same key keep their order.")
    int shuffleWindow;

    @Option(names = "--on-conflict", paramLabel = "WHAT",
        description = "A write refused on its condition (insert: the key exists; --if-newer: not newer): "
            + "skip counts it, reject writes it to the rejects file (default ${DEFAULT-VALUE}).")
    String onConflict;

    @Option(names = "--remove-nulls",
        description = "In update mode, a null attribute removes the stored attribute rather than setting NULL.")
    boolean removeNulls;

    @Option(names = "--if-newer", paramLabel = "ATTR",
        description = "Put, update or delete only when the stored item has no ATTR or a lower one "
            + "(a number, or an ISO-8601 timestamp string); replays never overwrite newer data.")
    String ifNewer;

    @Option(names = "--op-field", paramLabel = "NAME",
        description = "Each record's operation from its attribute NAME: put, update or delete (NAME is not stored).")
    String opField;
  }

  /** Capacity options. */
  static final class Capacity {
    @Option(names = "--max-write-capacity", paramLabel = "N",
        description = "Provisioned tables: raise write capacity to N before the load if lower (env MAX_WRITE_CAPACITY).")
    long maxWriteCapacity;

    @Option(names = "--min-write-capacity", paramLabel = "M",
        description = "Provisioned tables: lower write capacity to M after the load where higher (env MIN_WRITE_CAPACITY; "
            + "default: back to what it was).")
    long minWriteCapacity;

    @Option(names = "--gsi-write-capacity", paramLabel = "N",
        description = "Write capacity to raise each global secondary index to (default: --max-write-capacity).")
    long gsiWriteCapacity;

    @Option(names = "--max-wcu", paramLabel = "R",
        description = "Consume at most R write capacity units per second, indexes included "
            + "(default: --capacity-fraction of a provisioned table's capacity; no limit on-demand).")
    double maxWcu;

    @Option(names = "--capacity-fraction", paramLabel = "F",
        description = "Share of a provisioned table's write capacity to use without --max-wcu (default ${DEFAULT-VALUE}).")
    double capacityFraction;
  }

  /** State options. */
  static final class State {
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "Where state kept between runs goes: pending capacity restores, checkpoints (default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--checkpoint", paramLabel = "FILE",
        description = "Where the load's checkpoint is kept, so that running the same command again resumes it "
            + "(default .ddbload/checkpoints/TABLE-<digest of the inputs>.json).")
    Path checkpoint;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
        converter = DurationConverter.class, description = "How often the checkpoint is saved (default ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--restart", description = "Ignore the checkpoint of an earlier run and load everything again.")
    boolean restart;

    @Option(names = "--no-checkpoint", description = "Save no checkpoint: a failed load starts again from the start.")
    boolean noCheckpoint;
  }

  /** Output options. */
  static final class Output {
    @Option(names = "--dry-run",
        description = "Read and validate everything, write nothing, and report records, rejects, WCU, sizes, cost, "
            + "duration and hot keys.")
    boolean dryRun;

    @Option(names = "--price-per-million-wru", paramLabel = "USD",
        description = "On-demand price per million write request units for --dry-run (default ${DEFAULT-VALUE}, us-east-1).")
    double pricePerMillionWru;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary to FILE: a self-contained"
        + " HTML page with charts over time for a name ending in .html, JSON otherwise.")
    Path report;

    @Option(names = "--verify",
        description = "After the load, read the table back and compare it with the inputs (as ddbload verify does,"
            + " with consistent reads); the result joins the summary and the report.")
    boolean verify;

    @Option(names = "--differences", paramLabel = "FILE",
        description = "With --verify: the differences file (default ./ddbload-differences-<table>-<timestamp>.jsonl,"
            + " created at the first difference).")
    Path differences;

    @Option(names = {"-q", "--quiet"}, description = "No progress output; the summary is still printed.")
    boolean quiet;
  }
}
