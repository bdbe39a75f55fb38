package dev.ddbload.cli;

import dev.ddbload.BulkLoader;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.checkpoint.FileCheckpointStore;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadOptionsBuilder;
import dev.ddbload.OnConflict;
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
import picocli.CommandLine.ArgGroup;
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
      description = "Start an embedded DynamoDB Local persisted in DIR (default ./.ddbload/local) or :memory:, use it.")
  Path localDir;

  @Option(names = "--create-table", description = "Create the table (on-demand billing) if it does not exist; needs --key.")
  boolean createTable;

  @Option(names = "--key", paramLabel = "NAME:TYPE[,NAME:TYPE]",
      description = "Key for --create-table: partition key, optional sort key; TYPE is S, N or B.")
  String key;

  @ArgGroup(validate = false, heading = "Writing: how records are written and retried%n")
  LoadSections.Writing writing = new LoadSections.Writing();

  @ArgGroup(validate = false, heading = RetryOptions.HEADING)
  RetryOptions retries = new RetryOptions();

  @ArgGroup(validate = false, heading = "Capacity: the table's write capacity and the write rate%n")
  LoadSections.Capacity capacity = new LoadSections.Capacity();

  @ArgGroup(validate = false, heading = "State: checkpoints and what is kept between runs%n")
  LoadSections.State state = new LoadSections.State();

  @ArgGroup(validate = false, heading = "Output: dry run, verification, reports%n")
  LoadSections.Output output = new LoadSections.Output();

  private final Supplier<InputStream> stdin;

  LoadCommand(Supplier<InputStream> stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    jobs.checkCompatible(output.dryRun, state.checkpoint != null, state.noCheckpoint, state.restart);
    if (output.verify && output.dryRun) {
      throw new ConfigurationException("--verify reads back what the load wrote, and --dry-run writes nothing;"
          + " drop one of the two.");
    }
    if (output.differences != null && !output.verify) {
      throw new ConfigurationException("--differences is used only with --verify.");
    }
    LoadOptionsBuilder options = options();
    boolean batched;
    try {
      batched = options.build().writing().rule().batched(); // the settings checked together
    } catch (IllegalArgumentException e) {
      throw LibrarySettings.invalid(e);
    }
    if (output.verify && !batched) {
      throw new ConfigurationException("--verify compares the table with the inputs' whole items, which insert,"
          + " update, --if-newer and --op-field loads do not write; drop --verify.");
    }
    try (S3Storage s3Storage = new S3Storage(s3Settings())) {
      DistinctSources resolved = new SourceResolver(stdin, List.of(s3Storage), lake.datasetOptions())
          .resolveDistinct(input.inputs, input.manifests);
      for (String note : resolved.notes()) {
        err.println("ddbload: note: " + note);
      }
      err.flush();
      if (output.verify && !resolved.sources().stream().allMatch(Source::isReopenable)) {
        throw new ConfigurationException("--verify reads the inputs again after the load, which standard input"
            + " and pipes cannot be; load a file instead.");
      }
      return load(options, resolved.sources(), out, err);
    }
  }

  private int load(LoadOptionsBuilder options, List<Source> sources, PrintWriter out, PrintWriter err)
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
      AfterLoad after = new AfterLoad(output.verify, output.differences, writing.concurrency, output.quiet);
      LoadReport result;
      Optional<VerifyReport> verified;
      try (SignalStop stop = SignalStop.install(() -> {
        loader.cancel();
        after.cancel();
      }, finished, out, err)) {
        try (Progress progress = Progress.start(loader::stats, err, output.quiet)) {
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
      if (output.report != null) {
        summary.writeReport(output.report);
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

  LoadOptionsBuilder options() {
    LoadOptionsBuilder b = input.apply(LoadOptions.builder());
    try {
      b.table(table)
          .maxAttempts(retries.maxAttempts)
          .backoffBase(retries.backoffBase)
          .backoffMax(retries.backoffMax)
          .rejectsFile(writing.rejects)
          .maxErrors(writing.maxErrors)
          .capacity(new CapacityTargets(capacity.maxWriteCapacity, capacity.minWriteCapacity,
              capacity.gsiWriteCapacity))
          .maxWcu(capacity.maxWcu)
          .capacityFraction(capacity.capacityFraction)
          .shuffleWindow(writing.shuffleWindow)
          .onConflict(OnConflict.parse(writing.onConflict))
          .removeNulls(writing.removeNulls)
          .ifNewer(writing.ifNewer)
          .opField(writing.opField)
          .dryRun(output.dryRun)
          .pricePerMillionWriteUnits(output.pricePerMillionWru)
          .stateDirectory(state.stateDir)
          .checkpointStore(state.checkpoint == null ? null : new FileCheckpointStore(state.checkpoint))
          .checkpointing(!state.noCheckpoint)
          .checkpointInterval(state.checkpointInterval)
          .restart(state.restart)
          .timestamps(lake.timestamps());
      Optional.ofNullable(writing.concurrency).ifPresent(b::concurrency);
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
