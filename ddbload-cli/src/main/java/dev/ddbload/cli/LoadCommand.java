package dev.ddbload.cli;

import dev.ddbload.BulkLoader;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.checkpoint.FileCheckpointStore;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.DistinctSources;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.s3.S3Settings;
import dev.ddbload.source.s3.S3Storage;
import dev.ddbload.verify.VerifyReport;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddbload load}: loads files into a table and prints a summary. */
@Command(
    name = "load",
    defaultValueProvider = LibrarySettings.class,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Loads records from files, directories, globs, S3 objects and prefixes, or standard input (-)"
        + " into a DynamoDB table.",
        "Exit codes: 0 all written, 1 some rejected, 2 bad usage or configuration (nothing written),",
        "3 aborted by a fatal error, 4 capacity not restored, 5 some input not read in full (damaged),",
        "130 interrupted. With --verify, a table that differs from the inputs exits 1 as well."})
final class LoadCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-t", "--table"}, required = true, paramLabel = "NAME", description = "Target table.")
  String table;

  @Mixin
  ClientOptions client;

  @Mixin
  S3Options s3;

  @Mixin
  LakeOptions lake;

  @Mixin
  JobsOptions jobs;

  @Mixin
  InputOptions input;

  @Option(names = "--local", arity = "0..1", fallbackValue = ".ddbload/local", paramLabel = "DIR",
      description = "Start an embedded DynamoDB Local persisted in DIR (default ./.ddbload/local), use it, stop it on exit.")
  Path localDir;

  @Option(names = "--create-table", description = "Create the table (on-demand billing) if it does not exist; needs --key.")
  boolean createTable;

  @Option(names = "--key", paramLabel = "NAME:TYPE[,NAME:TYPE]",
      description = "Key for --create-table: partition key, optional sort key; TYPE is S, N or B.")
  String key;

  @Option(names = "--max-errors", paramLabel = "N",
      description = "Stop the load (exit 3) once N records are rejected; 0 means no limit (default ${DEFAULT-VALUE}).")
  long maxErrors;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Rejects file, JSON Lines (default ./ddbload-rejects-<table>-<timestamp>.jsonl, created on the first reject).")
  Path rejects;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "${env:THREAD_COUNT}",
      description = "Pins the calls in flight to N, 1 to 1024 (env THREAD_COUNT); default: adaptive, 8 to 512.")
  Integer concurrency;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "Sends per item before it is rejected, 1 to 100 (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--backoff-base", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Cap of the first retry's delay (default ${DEFAULT-VALUE}).")
  Duration backoffBase;

  @Option(names = "--backoff-max", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Largest retry delay (default ${DEFAULT-VALUE}).")
  Duration backoffMax;

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

  @Option(names = "--shuffle-window", paramLabel = "N",
      description = "Interleave records within a window of N to spread key-sorted input over partitions "
          + "(default ${DEFAULT-VALUE}, 0 = off; at most 16 MiB of items whatever N); records with the same key keep their order.")
  int shuffleWindow;

  @Option(names = "--dry-run",
      description = "Read and validate everything, write nothing, and report records, rejects, WCU, sizes, cost, "
          + "duration and hot keys.")
  boolean dryRun;

  @Option(names = "--price-per-million-wru", paramLabel = "USD",
      description = "On-demand price per million write request units for --dry-run (default ${DEFAULT-VALUE}, us-east-1).")
  double pricePerMillionWru;

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

  private final Supplier<InputStream> stdin;

  LoadCommand(Supplier<InputStream> stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    jobs.checkCompatible(dryRun, checkpoint != null, noCheckpoint, restart);
    if (verify && dryRun) {
      throw new ConfigurationException("--verify reads back what the load wrote, and --dry-run writes nothing;"
          + " drop one of the two.");
    }
    if (differences != null && !verify) {
      throw new ConfigurationException("--differences is used only with --verify.");
    }
    LoadOptions.Builder options = options();
    try (S3Storage s3Storage = new S3Storage(s3Settings())) {
      DistinctSources resolved = new SourceResolver(stdin, List.of(s3Storage), lake.datasetOptions())
          .resolveDistinct(input.inputs, input.manifests);
      for (String note : resolved.notes()) {
        err.println("ddbload: note: " + note);
      }
      err.flush();
      if (verify && !resolved.sources().stream().allMatch(Source::isReopenable)) {
        throw new ConfigurationException("--verify reads the inputs again after the load, which standard input"
            + " and pipes cannot be; load a file instead.");
      }
      return load(options, resolved.sources(), out, err);
    }
  }

  private int load(LoadOptions.Builder options, List<Source> sources, PrintWriter out, PrintWriter err)
      throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    try (DynamoTarget dynamo = DynamoTarget.open(client, localDir)) {
      ClientSettings settings = dynamo.settings();
      LoadOptions loadOptions = options.client(settings).build();
      List<String> named = Stream.concat(input.inputs.stream(), input.manifests.stream()).toList();
      try (JobLoad job = JobLoad.claim(jobs, settings, table, named, sources, createTable)) {
        if (job != null && !job.holds()) {
          out.println(job.describe());
          return ExitCode.OK;
        }
        return load(job == null ? loadOptions : job.options(loadOptions), job, sources, dynamo.description(), out,
            err, finished);
      }
    } finally {
      finished.countDown();
    }
  }

  private int load(LoadOptions loadOptions, JobLoad job, List<Source> sources, String target, PrintWriter out,
      PrintWriter err, CountDownLatch finished) throws Exception {
    try (BulkLoader loader = BulkLoader.create(loadOptions)) {
      if (job != null) {
        job.attach(loader);
      }
      AfterLoad after = new AfterLoad(verify, differences, concurrency, quiet);
      LoadReport result;
      Optional<VerifyReport> verified;
      try (SignalStop stop = SignalStop.install(() -> {
        loader.cancel();
        after.cancel();
      }, finished, out, err)) {
        try (Progress progress = Progress.start(loader::stats, err, quiet)) {
          result = loader.load(sources);
        } catch (ConfigurationException e) {
          if (job != null) {
            job.failed(e.getMessage());
          }
          throw e;
        }
        verified = after.verify(loadOptions, sources, result, err);
      }
      Summary summary = new Summary(result, target, verified);
      summary.print(out);
      if (report != null) {
        summary.writeReport(report);
      }
      if (job != null) {
        job.finish(result, out);
      }
      return ExitCode.of(result, verified);
    }
  }

  private S3Settings s3Settings() {
    try {
      return s3.toSettings(client.toSettings());
    } catch (IllegalArgumentException e) {
      throw LibrarySettings.invalid(e);
    }
  }

  LoadOptions.Builder options() {
    LoadOptions.Builder b = input.apply(LoadOptions.builder());
    try {
      b.table(table)
          .maxAttempts(maxAttempts)
          .backoffBase(backoffBase)
          .backoffMax(backoffMax)
          .rejectsFile(rejects)
          .maxErrors(maxErrors)
          .capacity(new CapacityTargets(maxWriteCapacity, minWriteCapacity, gsiWriteCapacity))
          .maxWcu(maxWcu)
          .capacityFraction(capacityFraction)
          .shuffleWindow(shuffleWindow)
          .dryRun(dryRun)
          .pricePerMillionWriteUnits(pricePerMillionWru)
          .stateDirectory(stateDir)
          .checkpointStore(checkpoint == null ? null : new FileCheckpointStore(checkpoint))
          .checkpointing(!noCheckpoint)
          .checkpointInterval(checkpointInterval)
          .restart(restart)
          .timestamps(lake.timestamps());
      Optional.ofNullable(concurrency).ifPresent(b::concurrency);
      if (createTable) {
        if (key == null) {
          throw new ConfigurationException("--create-table needs --key NAME:TYPE[,NAME:TYPE].");
        }
        b.createTableKey(KeySchema.parse(key));
      } else if (key != null) {
        throw new ConfigurationException("--key is used only with --create-table.");
      }
      b.client(client.toSettings());
      return b;
    } catch (IllegalArgumentException e) {
      throw LibrarySettings.invalid(e);
    }
  }

}
