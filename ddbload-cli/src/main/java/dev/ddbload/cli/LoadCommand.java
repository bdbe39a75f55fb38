package dev.ddbload.cli;

import dev.ddbload.BulkLoader;
import dev.ddbload.ClientSettings;
import dev.ddbload.ConfigurationException;
import dev.ddbload.checkpoint.FileCheckpointStore;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.WriteMode;
import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.decode.CsvDialect;
import dev.ddbload.decode.Format;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.DistinctSources;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.s3.S3Settings;
import dev.ddbload.source.s3.S3Storage;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddbload load}: loads files into a table and prints a summary. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Loads records from files, directories, globs, S3 objects and prefixes, or standard input (-)"
        + " into a DynamoDB table.",
        "Exit codes: 0 all written, 1 some rejected, 2 bad usage or configuration (nothing written),",
        "3 aborted by a fatal error, 4 capacity not restored, 5 some input not read in full (damaged),",
        "130 interrupted."})
final class LoadCommand implements Callable<Integer> {

  /** How long an interrupted load may take to send what it already read before the JVM exits. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "INPUT",
      description = "Files (plain or compressed), directories (Spark/Hadoop output, _committed_ markers, DynamoDB"
          + " exports), manifests (manifest-files.json, _committed_<id>), globs, s3://bucket/key, s3://bucket/prefix/,"
          + " or - for stdin.")
  List<String> inputs = List.of();

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "Also load the inputs this file (local or s3://) lists, one path or URI per line (repeatable).")
  List<String> manifests = List.of();

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

  @Option(names = "--local", arity = "0..1", fallbackValue = ".ddbload/local", paramLabel = "DIR",
      description = "Start an embedded DynamoDB Local persisted in DIR (default ./.ddbload/local) or :memory:, use it.")
  Path localDir;

  @Option(names = "--create-table", description = "Create the table (on-demand billing) if it does not exist; needs --key.")
  boolean createTable;

  @Option(names = "--key", paramLabel = "NAME:TYPE[,NAME:TYPE]",
      description = "Key for --create-table: partition key, optional sort key; TYPE is S, N or B.")
  String key;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "csv, tsv, jsonl, json, ddb-json, ion, text, parquet or avro (default: a DynamoDB export's"
          + " manifest, else the extension: .csv; .tsv; .jsonl, .ndjson; .json; .ion; .parquet; .avro).")
  String format;

  @Option(names = "--columns", paramLabel = "COL,...", split = ",",
      description = "Column names: CSV/TSV files without a header row; the fields of text lines (required for text).")
  List<String> columns = List.of();

  @Option(names = "--delimiter", paramLabel = "STR",
      description = "Field delimiter: CSV/TSV a string (\\t for tab; default , and tab); text a regular"
          + " expression (default \\s+).")
  String delimiter;

  @Option(names = "--csv-quote", paramLabel = "CHAR", defaultValue = "\"",
      description = "CSV/TSV quote character (default \"); none: fields are never quoted.")
  String csvQuote;

  @Option(names = "--csv-escape", paramLabel = "CHAR",
      description = "CSV/TSV escape character before a quote inside a quoted field, e.g. \\ for the CSV Spark and Hive"
          + " write (default none: a quote inside is doubled).")
  String csvEscape;

  @Option(names = "--csv-comment", paramLabel = "CHAR",
      description = "CSV/TSV: skip lines that start with CHAR (default none).")
  String csvComment;

  @Option(names = "--infer-types",
      description = "CSV/TSV/text: undeclared cells that are numbers written as DynamoDB writes them become N,"
          + " true/false BOOL; the rest S.")
  boolean inferTypes;

  @Option(names = "--rename", paramLabel = "OLD=NEW", description = "Rename an attribute, any format (repeatable).")
  List<String> renames = List.of();

  @Option(names = "--exclude", paramLabel = "NAME", description = "Leave an attribute out, any format (repeatable).")
  List<String> excludes = List.of();

  @Option(names = "--max-record-bytes", paramLabel = "SIZE", defaultValue = "4MB", converter = ByteSizeConverter.class,
      description = "Longest record accepted; a longer one is rejected (default 4MB; e.g. 512KB, 16MB).")
  int maxRecordBytes;

  @Option(names = "--parallel-files", paramLabel = "N", defaultValue = "4",
      description = "Files read at once (default 4); records of one file keep their order.")
  int parallelFiles;

  @Option(names = "--schema", paramLabel = "COL:TYPE,...",
      description = "CSV column types: S, N, BOOL, B (base64), NULL, SS, NS, JSON. Unlisted columns are S.")
  String schema;

  @Option(names = "--empty", paramLabel = "POLICY", defaultValue = "omit",
      description = "What an empty CSV cell becomes: omit (default), null or string.")
  String empty;

  @Option(names = "--set-delimiter", paramLabel = "STR", defaultValue = ";",
      description = "Separator between elements of SS and NS cells (default ;).")
  String setDelimiter;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "put",
      description = "put (default): write each record; delete: delete each record's key (other attributes ignored).")
  String mode;

  @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0",
      description = "Stop the load (exit 3) once N records are rejected; 0 (default) means no limit.")
  long maxErrors;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Rejects file, JSON Lines (default ./ddbload-rejects-<table>-<timestamp>.jsonl, created on the first reject).")
  Path rejects;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "${env:THREAD_COUNT}",
      description = "Pins the calls in flight to N, 1 to 1024 (env THREAD_COUNT); default: adaptive, 8 to 512.")
  Integer concurrency;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "15",
      description = "Sends per item before it is rejected (default 15).")
  int maxAttempts;

  @Option(names = "--backoff-base", paramLabel = "DURATION", defaultValue = "25ms", converter = DurationConverter.class,
      description = "Cap of the first retry's delay (default 25ms).")
  Duration backoffBase;

  @Option(names = "--backoff-max", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "Largest retry delay (default 10s).")
  Duration backoffMax;

  @Option(names = "--max-write-capacity", paramLabel = "N", defaultValue = "${env:MAX_WRITE_CAPACITY:-0}",
      description = "Provisioned tables: raise write capacity to N before the load if lower (env MAX_WRITE_CAPACITY).")
  long maxWriteCapacity;

  @Option(names = "--min-write-capacity", paramLabel = "M", defaultValue = "${env:MIN_WRITE_CAPACITY:-0}",
      description = "Provisioned tables: lower write capacity to M after the load where higher (env MIN_WRITE_CAPACITY; "
          + "default: back to what it was).")
  long minWriteCapacity;

  @Option(names = "--gsi-write-capacity", paramLabel = "N", defaultValue = "0",
      description = "Write capacity to raise each global secondary index to (default: --max-write-capacity).")
  long gsiWriteCapacity;

  @Option(names = "--max-wcu", paramLabel = "R", defaultValue = "0",
      description = "Consume at most R write capacity units per second, indexes included "
          + "(default: --capacity-fraction of a provisioned table's capacity; no limit on-demand).")
  double maxWcu;

  @Option(names = "--capacity-fraction", paramLabel = "F", defaultValue = "0.9",
      description = "Share of a provisioned table's write capacity to use without --max-wcu (default 0.9).")
  double capacityFraction;

  @Option(names = "--shuffle-window", paramLabel = "N", defaultValue = "10000",
      description = "Interleave records within a window of N to spread key-sorted input over partitions "
          + "(default 10000, 0 = off; at most 16 MiB of items whatever N); records with the same key keep their order.")
  int shuffleWindow;

  @Option(names = "--dry-run",
      description = "Read and validate everything, write nothing, and report records, rejects, WCU, sizes, cost, "
          + "duration and hot keys.")
  boolean dryRun;

  @Option(names = "--price-per-million-wru", paramLabel = "USD", defaultValue = "0.625",
      description = "On-demand price per million write request units for --dry-run (default 0.625, us-east-1).")
  double pricePerMillionWru;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".ddbload",
      description = "Where state kept between runs goes: pending capacity restores, checkpoints (default ./.ddbload).")
  Path stateDir;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Where the load's checkpoint is kept, so that running the same command again resumes it "
          + "(default .ddbload/checkpoints/TABLE-<digest of the inputs>.json).")
  Path checkpoint;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class, description = "How often the checkpoint is saved (default 5s).")
  Duration checkpointInterval;

  @Option(names = "--restart", description = "Ignore the checkpoint of an earlier run and load everything again.")
  boolean restart;

  @Option(names = "--no-checkpoint", description = "Save no checkpoint: a failed load starts again from the start.")
  boolean noCheckpoint;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary to FILE: a self-contained"
      + " HTML page with charts over time for a name ending in .html, JSON otherwise.")
  Path report;

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
    LoadOptions.Builder options = options();
    try (S3Storage s3Storage = new S3Storage(s3Settings())) {
      DistinctSources resolved = new SourceResolver(stdin, List.of(s3Storage), lake.datasetOptions())
          .resolveDistinct(inputs, manifests);
      for (String note : resolved.notes()) {
        err.println("ddbload: note: " + note);
      }
      err.flush();
      return load(options, resolved.sources(), out, err);
    }
  }

  private int load(LoadOptions.Builder options, List<Source> sources, PrintWriter out, PrintWriter err)
      throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    EmbeddedDynamo local = null;
    try {
      ClientSettings settings;
      String target;
      if (localDir != null) {
        local = EmbeddedDynamo.start(localDir);
        settings = client.toSettings().toBuilder().endpoint(local.endpoint()).region(EmbeddedDynamo.REGION)
            .credentials(EmbeddedDynamo.CREDENTIALS).build();
        target = local.describe();
      } else {
        settings = client.toSettings();
        target = settings.describeTarget();
      }
      LoadOptions loadOptions = options.client(settings).build();
      List<String> named = Stream.concat(inputs.stream(), manifests.stream()).toList();
      try (JobLoad job = JobLoad.claim(jobs, settings, table, named, sources, createTable)) {
        if (job != null && !job.holds()) {
          out.println(job.describe());
          return ExitCode.OK;
        }
        return load(job == null ? loadOptions : job.options(loadOptions), job, sources, target, out, err,
            finished);
      }
    } finally {
      if (local != null) {
        local.close();
      }
      finished.countDown();
    }
  }

  private int load(LoadOptions loadOptions, JobLoad job, List<Source> sources, String target, PrintWriter out,
      PrintWriter err, CountDownLatch finished) throws Exception {
    try (BulkLoader loader = BulkLoader.create(loadOptions)) {
      if (job != null) {
        job.attach(loader);
      }
      Thread hook = new Thread(() -> {
        loader.cancel();
        awaitQuietly(finished);
        out.flush();
        err.flush();
        // SIGINT and SIGTERM alike end with the documented exit code.
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
      }, "ddbload-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      LoadReport result;
      try (Progress progress = Progress.start(loader::stats, err, quiet)) {
        result = loader.load(sources);
      } catch (ConfigurationException e) {
        if (job != null) {
          job.failed(e.getMessage());
        }
        throw e;
      } finally {
        removeHook(hook);
      }
      Summary summary = new Summary(result, target);
      summary.print(out);
      if (report != null) {
        summary.writeReport(report);
      }
      if (job != null) {
        job.finish(result, out);
      }
      return ExitCode.of(result);
    }
  }

  private S3Settings s3Settings() {
    try {
      return s3.toSettings(client.toSettings());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Invalid option: " + e.getMessage() + ".", e);
    }
  }

  private LoadOptions.Builder options() {
    if (localDir != null && client.endpointUrl != null) {
      throw new ConfigurationException("--local starts its own DynamoDB Local, so --endpoint-url cannot be used with"
          + " it; drop one of the two.");
    }
    try {
      LoadOptions.Builder b = LoadOptions.builder()
          .table(table)
          .schema(ItemSchema.parse(schema))
          .emptyCells(EmptyCellPolicy.valueOf(empty.trim().toUpperCase(Locale.ROOT)))
          .setDelimiter(setDelimiter)
          .maxAttempts(maxAttempts)
          .backoffBase(backoffBase)
          .backoffMax(backoffMax)
          .rejectsFile(rejects)
          .mode(WriteMode.parse(mode))
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
          .columns(columns)
          .delimiter(delimiter)
          .csvDialect(new CsvDialect(CsvDialect.parseCharacter("--csv-quote", csvQuote),
              CsvDialect.parseCharacter("--csv-escape", csvEscape), CsvDialect.parseCharacter("--csv-comment", csvComment)))
          .inferTypes(inferTypes)
          .timestamps(lake.timestamps())
          .shaping(AttributeShaping.of(AttributeShaping.parseRenames(renames), new LinkedHashSet<>(excludes)))
          .maxRecordBytes(maxRecordBytes)
          .parallelFiles(parallelFiles);
      if (format != null) {
        b.format(Format.parse(format));
      }
      java.util.Optional.ofNullable(concurrency).ifPresent(b::concurrency);
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
      String message = e.getMessage();
      if (message != null && message.startsWith("No enum constant")) {
        message = "--empty must be omit, null or string, not '" + empty + "'";
      }
      throw new ConfigurationException("Invalid option: " + message + ".", e);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it waits for this load to finish.
    }
  }

  private static void awaitQuietly(CountDownLatch finished) {
    try {
      finished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
