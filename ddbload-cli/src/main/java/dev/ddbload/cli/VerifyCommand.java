package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadOptionsBuilder;
import dev.ddbload.Verifier;
import dev.ddbload.source.DistinctSources;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.s3.S3Settings;
import dev.ddbload.source.s3.S3Storage;
import dev.ddbload.verify.VerifyOptions;
import dev.ddbload.verify.VerifyReport;
import dev.ddbload.write.Concurrency;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddbload verify}: proves the table holds what the inputs say, or names every difference. */
@Command(
    name = "verify",
    defaultValueProvider = LibrarySettings.class,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Reads the inputs as load does, reads the table back with BatchGetItem and compares each key's"
        + " item with the last record of that key, attribute by attribute.",
        "Exit codes: 0 the table holds what the inputs say, 1 differences (see the differences file),",
        "2 bad usage or configuration, 3 aborted by a fatal error, 5 some input not read in full (damaged),",
        "130 interrupted."})
final class VerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-t", "--table"}, required = true, paramLabel = "NAME", description = "The table to verify.")
  String table;

  @Mixin
  ClientOptions client;

  @Mixin
  S3Options s3;

  @Mixin
  LakeOptions lake;

  @Mixin
  InputOptions input;

  @Option(names = "--local", arity = "0..1", fallbackValue = ".ddbload/local", paramLabel = "DIR",
      description = "Verify a table of the embedded DynamoDB Local persisted in DIR (default ./.ddbload/local).")
  Path localDir;

  @Option(names = "--sample", paramLabel = "FRACTION",
      description = "Check this share of the keys, chosen by a hash of the key: the same keys every run (default ${DEFAULT-VALUE}).")
  double sample;

  @Option(names = "--extra",
      description = "Also scan the table (parallel Scan segments) and list items no input record accounts for.")
  boolean extra;

  @Option(names = "--scan-segments", paramLabel = "N",
      description = "Parallel Scan segments for --extra (default ${DEFAULT-VALUE}).")
  int scanSegments;

  @Option(names = "--consistent-read",
      description = "Read strongly consistent (twice the read units). Without it, a key that differs is read again"
          + " strongly consistent before it is reported.")
  boolean consistentRead;

  @Option(names = "--max-rcu", paramLabel = "R",
      description = "Consume at most R read capacity units per second (default: --capacity-fraction of a"
          + " provisioned table's read capacity; no limit on-demand). Capacity is never changed.")
  double maxRcu;

  @Option(names = "--capacity-fraction", paramLabel = "F",
      description = "Share of a provisioned table's read capacity to use without --max-rcu (default ${DEFAULT-VALUE}).")
  double capacityFraction;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
      description = "Pins the BatchGetItem calls in flight to N, 1 to 1024; default: adaptive, 4 to 64.")
  Integer concurrency;

  @ArgGroup(validate = false, heading = RetryOptions.HEADING)
  RetryOptions retries = new RetryOptions();

  @Option(names = "--differences", paramLabel = "FILE",
      description = "Differences file, JSON Lines (default ./ddbload-differences-<table>-<timestamp>.jsonl, created at"
          + " the first difference).")
  Path differences;

  @Option(names = "--spill-dir", paramLabel = "DIR",
      description = "Where the expected records are spilled while checking (default: the system's temporary"
          + " directory); deleted at the end.")
  Path spillDir;

  @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      description = "Spilled records held in memory at once, at most (default ${DEFAULT-VALUE}).")
  int memory;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
  Path report;

  @Option(names = {"-q", "--quiet"}, description = "No progress output; the summary is still printed.")
  boolean quiet;

  private final Supplier<InputStream> stdin;

  VerifyCommand(Supplier<InputStream> stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadOptionsBuilder load = input.apply(LoadOptions.builder());
    VerifyOptions options = options();
    try (S3Storage s3Storage = new S3Storage(s3Settings())) {
      DistinctSources resolved = new SourceResolver(stdin, List.of(s3Storage), lake.datasetOptions())
          .resolveDistinct(input.inputs, input.manifests);
      for (String note : resolved.notes()) {
        err.println("ddbload: note: " + note);
      }
      err.flush();
      return verify(load, options, resolved.sources(), out, err);
    }
  }

  private int verify(LoadOptionsBuilder load, VerifyOptions options, List<Source> sources, PrintWriter out,
      PrintWriter err) throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(1);
    try (DynamoTarget dynamo = DynamoTarget.open(client, localDir);
        Verifier verifier = Verifier.create(loadOptions(load, dynamo), options);
        SignalStop stop = SignalStop.install(verifier::cancel, finished, out, err)) {
      VerifyReport result;
      try (Progress progress = Progress.startLines(() -> VerifySummary.line(verifier.stats()), err, quiet)) {
        result = verifier.verify(sources);
      } catch (UncheckedIOException e) {
        err.println("ddbload: the verification stopped: " + e.getMessage());
        return ExitCode.FATAL;
      }
      VerifySummary summary = new VerifySummary(result, dynamo.description());
      summary.print(out, true);
      if (report != null) {
        summary.writeJson(report);
      }
      return ExitCode.of(result);
    } finally {
      finished.countDown();
    }
  }

  private LoadOptions loadOptions(LoadOptionsBuilder load, DynamoTarget dynamo) {
    try {
      return load.table(table).timestamps(lake.timestamps()).client(dynamo.settings()).build();
    } catch (IllegalArgumentException e) {
      throw LibrarySettings.invalid(e);
    }
  }

  private S3Settings s3Settings() {
    try {
      return s3.toSettings(client.toSettings());
    } catch (IllegalArgumentException e) {
      throw LibrarySettings.invalid(e);
    }
  }

  VerifyOptions options() {
    try {
      VerifyOptions.Builder b = VerifyOptions.builder()
          .sample(sample)
          .extra(extra)
          .scanSegments(scanSegments)
          .consistentRead(consistentRead)
          .maxRcu(maxRcu)
          .capacityFraction(capacityFraction)
          .maxAttempts(retries.maxAttempts)
          .backoffBase(retries.backoffBase)
          .backoffMax(retries.backoffMax)
          .differencesFile(differences)
          .memoryBytes(memory);
      if (concurrency != null) {
        b.concurrency(Concurrency.pinned(concurrency));
      }
      if (spillDir != null) {
        b.spillDirectory(spillDir);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw LibrarySettings.invalid(e);
    }
  }
}
