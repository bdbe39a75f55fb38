package dev.ddbload;

import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.capacity.RestoreStore;
import dev.ddbload.checkpoint.CheckpointStore;
import dev.ddbload.config.Bounds;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.CommonSettings;
import dev.ddbload.config.Durations;
import dev.ddbload.config.TableNames;
import dev.ddbload.decode.CsvDialect;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.TimeEncoding;
import dev.ddbload.write.Concurrency;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Builds {@link LoadOptions} ({@link LoadOptions#builder()}): starts from the defaults of the
 * settings groups; each setter rejects a bad value at once with a one-sentence message. Not
 * thread-safe.
 */
public final class LoadOptionsBuilder {
  String table;
  ClientSettings client = ClientSettings.defaults();
  Format format;
  ItemSchema schema;
  EmptyCellPolicy emptyCells;
  String setDelimiter;
  Concurrency concurrency;
  int maxAttempts;
  Duration backoffBase;
  Duration backoffMax;
  Path rejectsFile;
  KeySchema createTableKey;
  int maxRecordBytes;
  WriteMode mode;
  OnConflict onConflict;
  boolean removeNulls;
  String ifNewer;
  String opField;
  long maxErrors;
  CapacityTargets capacity;
  double capacityFraction;
  double maxWcu;
  int shuffleWindow;
  boolean dryRun = false;
  double pricePerMillionWriteUnits;
  Path stateDirectory;
  CheckpointStore checkpointStore;
  RestoreStore restoreStore;
  boolean checkpointing;
  Duration checkpointInterval;
  boolean restart;
  int parallelFiles;
  List<String> columns;
  String delimiter;
  CsvDialect csvDialect;
  boolean inferTypes;
  TimeEncoding timestamps;
  AttributeShaping shaping;
  Clock clock = Clock.systemUTC();
  RandomGenerator random = new SplittableRandom();

  LoadOptionsBuilder() {
    input(InputSettings.DEFAULTS);
    writing(WriteSettings.DEFAULTS);
    capacitySettings(CapacitySettings.DEFAULTS);
    state(StateSettings.DEFAULTS);
  }

  /** The target table: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'. Required. */
  public LoadOptionsBuilder table(String table) {
    Objects.requireNonNull(table, "table");
    this.table = TableNames.check("LoadOptions.table", table);
    return this;
  }

  /** Endpoint, region, profile, credentials. */
  public LoadOptionsBuilder client(ClientSettings client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** The input format for every source; null means by file extension. */
  public LoadOptionsBuilder format(Format format) {
    this.format = format;
    return this;
  }

  /** Column types for text formats. */
  public LoadOptionsBuilder schema(ItemSchema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
    return this;
  }

  /** What an empty text cell becomes. */
  public LoadOptionsBuilder emptyCells(EmptyCellPolicy emptyCells) {
    this.emptyCells = Objects.requireNonNull(emptyCells, "emptyCells");
    return this;
  }

  /** Separator between set elements in a text cell, non-empty. */
  public LoadOptionsBuilder setDelimiter(String setDelimiter) {
    this.setDelimiter = InputSettings.checkSetDelimiter(setDelimiter);
    return this;
  }

  /** Pins the BatchWriteItem calls in flight to {@code concurrency}, 1 to 1024 (default: adaptive). */
  public LoadOptionsBuilder concurrency(int concurrency) {
    this.concurrency = Concurrency.pinned(Concurrency.PINNED.check("LoadOptions.concurrency", concurrency));
    return this;
  }

  /** BatchWriteItem calls in flight: pinned or adaptive (default {@link Concurrency#ADAPTIVE}). */
  public LoadOptionsBuilder concurrency(Concurrency concurrency) {
    this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
    return this;
  }

  /** Sends per item before it is rejected, 1 to 100. */
  public LoadOptionsBuilder maxAttempts(int maxAttempts) {
    this.maxAttempts = LoadOptions.checkMaxAttempts(maxAttempts);
    return this;
  }

  /** Cap of the first retry's delay, positive. */
  public LoadOptionsBuilder backoffBase(Duration backoffBase) {
    this.backoffBase = Durations.checkPositive("LoadOptions.backoffBase", backoffBase);
    return this;
  }

  /** Largest retry delay, positive. */
  public LoadOptionsBuilder backoffMax(Duration backoffMax) {
    this.backoffMax = Durations.checkPositive("LoadOptions.backoffMax", backoffMax);
    return this;
  }

  /** The rejects file; null means {@code ddbload-rejects-<table>-<timestamp>.jsonl}. */
  public LoadOptionsBuilder rejectsFile(Path rejectsFile) {
    this.rejectsFile = rejectsFile;
    return this;
  }

  /** Creates a missing table with this key (on-demand billing); null requires the table. */
  public LoadOptionsBuilder createTableKey(KeySchema key) {
    this.createTableKey = key;
    return this;
  }

  /** Largest record accepted, 1 KB to 1 GB. */
  public LoadOptionsBuilder maxRecordBytes(int maxRecordBytes) {
    this.maxRecordBytes = LoadOptions.MAX_RECORD_BYTES_BOUNDS.check("LoadOptions.maxRecordBytes", maxRecordBytes);
    return this;
  }

  /** Put each record (the default), delete its key, insert it only if new, or update the stored item. */
  public LoadOptionsBuilder mode(WriteMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** What a write refused on its condition becomes: skipped (the default) or rejected. */
  public LoadOptionsBuilder onConflict(OnConflict onConflict) {
    this.onConflict = Objects.requireNonNull(onConflict, "onConflict");
    return this;
  }

  /** In update mode, remove the attributes a record has as null rather than set NULL (default false). */
  public LoadOptionsBuilder removeNulls(boolean removeNulls) {
    this.removeNulls = removeNulls;
    return this;
  }

  /** Write only when the stored item has no such attribute or a lower one (number, ISO-8601); null: always. */
  public LoadOptionsBuilder ifNewer(String attribute) {
    this.ifNewer = attribute;
    return this;
  }

  /** The attribute naming each record's operation (put, update, delete; not stored), or null. */
  public LoadOptionsBuilder opField(String attribute) {
    this.opField = attribute;
    return this;
  }

  /** Stop the load once this many records are rejected; 0 (the default) means no limit. */
  public LoadOptionsBuilder maxErrors(long maxErrors) {
    this.maxErrors = Bounds.atLeast(0).check("LoadOptions.maxErrors", maxErrors);
    return this;
  }

  /** Write capacity to raise a provisioned table to before the load and lower it to after. */
  public LoadOptionsBuilder capacity(CapacityTargets capacity) {
    this.capacity = Objects.requireNonNull(capacity, "capacity");
    return this;
  }

  /** Share of a provisioned table's write capacity to use without {@link #maxWcu}, in (0, 1]. */
  public LoadOptionsBuilder capacityFraction(double capacityFraction) {
    this.capacityFraction = CommonSettings.CAPACITY_FRACTION.check("LoadOptions.capacityFraction", capacityFraction);
    return this;
  }

  /** Write capacity units consumed per second at most (indexes included); 0 for the default. */
  public LoadOptionsBuilder maxWcu(double maxWcu) {
    this.maxWcu = CommonSettings.UNITS_PER_SECOND.check("LoadOptions.maxWcu", maxWcu);
    return this;
  }

  /** Records interleaved at random to spread sorted input over partitions, 0 (off) to 1,000,000. */
  public LoadOptionsBuilder shuffleWindow(int shuffleWindow) {
    this.shuffleWindow = LoadOptions.SHUFFLE_WINDOW_BOUNDS.check("LoadOptions.shuffleWindow", shuffleWindow);
    return this;
  }

  /** Read and validate everything, write nothing (not even capacity), and report a plan. */
  public LoadOptionsBuilder dryRun(boolean dryRun) {
    this.dryRun = dryRun;
    return this;
  }

  /** On-demand price of a million write request units, in USD, for the dry run's estimate. */
  public LoadOptionsBuilder pricePerMillionWriteUnits(double price) {
    this.pricePerMillionWriteUnits = Bounds.atLeast(0).check("LoadOptions.pricePerMillionWriteUnits", price);
    return this;
  }

  /** Where the loader keeps state between runs (default {@code ./.ddbload}). */
  public LoadOptionsBuilder stateDirectory(Path stateDirectory) {
    this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
    return this;
  }

  /** Where to keep the checkpoint; null for the default file under the state directory. */
  public LoadOptionsBuilder checkpointStore(CheckpointStore store) {
    this.checkpointStore = store;
    return this;
  }

  /** Where to keep pending capacity restores; null for files under the state directory. */
  public LoadOptionsBuilder restoreStore(RestoreStore store) {
    this.restoreStore = store;
    return this;
  }

  /** Whether to save checkpoints (default true). */
  public LoadOptionsBuilder checkpointing(boolean checkpointing) {
    this.checkpointing = checkpointing;
    return this;
  }

  /** How often to save the checkpoint, 100 ms to 1 hour (default 5 s). */
  public LoadOptionsBuilder checkpointInterval(Duration interval) {
    this.checkpointInterval = Durations.checkBetween("LoadOptions.checkpointInterval", interval,
        LoadOptions.MIN_CHECKPOINT_INTERVAL, LoadOptions.MAX_CHECKPOINT_INTERVAL);
    return this;
  }

  /** Whether to forget an earlier run's checkpoint and start over (default false). */
  public LoadOptionsBuilder restart(boolean restart) {
    this.restart = restart;
    return this;
  }

  /** Sources read at once, 1 to 64. */
  public LoadOptionsBuilder parallelFiles(int parallelFiles) {
    this.parallelFiles = LoadOptions.PARALLEL_FILES_BOUNDS.check("LoadOptions.parallelFiles", parallelFiles);
    return this;
  }

  /** Column names for header-less CSV/TSV and text lines, distinct, non-empty; empty: a header row. */
  public LoadOptionsBuilder columns(List<String> columns) {
    this.columns = InputSettings.checkColumns(columns);
    return this;
  }

  /** The delimiter: CSV/TSV a string ({@code \t}: tab), text a regex; null: comma, tab, {@code \s+}. */
  public LoadOptionsBuilder delimiter(String delimiter) {
    this.delimiter = InputSettings.checkDelimiter(delimiter);
    return this;
  }

  /**
   * How CSV and TSV files quote, escape and comment (default RFC 4180: quote {@code "}, doubled
   * inside quoted fields, no comments); e.g. {@code CsvDialect.rfc4180().withEscape('\\')}
   * for the CSV Spark and Hive write.
   */
  public LoadOptionsBuilder csvDialect(CsvDialect csvDialect) {
    this.csvDialect = Objects.requireNonNull(csvDialect, "csvDialect");
    return this;
  }

  /** Whether undeclared text columns get their type from each cell (default false). */
  public LoadOptionsBuilder inferTypes(boolean inferTypes) {
    this.inferTypes = inferTypes;
    return this;
  }

  /** How Parquet and Avro dates and timestamps become attributes (default ISO-8601 strings). */
  public LoadOptionsBuilder timestamps(TimeEncoding timestamps) {
    this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
    return this;
  }

  /** Attribute renames and exclusions. */
  public LoadOptionsBuilder shaping(AttributeShaping shaping) {
    this.shaping = Objects.requireNonNull(shaping, "shaping");
    return this;
  }

  /** Sets every input and mapping setting at once. */
  public LoadOptionsBuilder input(InputSettings input) {
    format = input.format();
    columns = input.columns();
    delimiter = input.delimiter();
    csvDialect = input.csvDialect();
    inferTypes = input.inferTypes();
    schema = input.schema();
    emptyCells = input.emptyCells();
    setDelimiter = input.setDelimiter();
    timestamps = input.timestamps();
    shaping = input.shaping();
    maxRecordBytes = input.maxRecordBytes();
    parallelFiles = input.parallelFiles();
    return this;
  }

  /** Sets every writing setting at once. */
  public LoadOptionsBuilder writing(WriteSettings writing) {
    mode = writing.mode();
    concurrency = writing.concurrency();
    maxAttempts = writing.maxAttempts();
    backoffBase = writing.backoffBase();
    backoffMax = writing.backoffMax();
    maxErrors = writing.maxErrors();
    rejectsFile = writing.rejectsFile();
    createTableKey = writing.createTableKey();
    shuffleWindow = writing.shuffleWindow();
    onConflict = writing.onConflict();
    removeNulls = writing.removeNulls();
    ifNewer = writing.ifNewer();
    opField = writing.opField();
    return this;
  }

  /** Sets every capacity setting at once. */
  public LoadOptionsBuilder capacitySettings(CapacitySettings settings) {
    capacity = settings.targets();
    capacityFraction = settings.capacityFraction();
    maxWcu = settings.maxWcu();
    pricePerMillionWriteUnits = settings.pricePerMillionWriteUnits();
    return this;
  }

  /** Sets every state setting at once. */
  public LoadOptionsBuilder state(StateSettings state) {
    stateDirectory = state.directory();
    checkpointStore = state.checkpointStore();
    restoreStore = state.restoreStore();
    checkpointing = state.checkpointing();
    checkpointInterval = state.checkpointInterval();
    restart = state.restart();
    return this;
  }

  /** The clock for elapsed times (tests). */
  public LoadOptionsBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The source of backoff jitter (tests). */
  public LoadOptionsBuilder random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /** The options; {@link IllegalStateException} when no table was set. */
  public LoadOptions build() {
    if (table == null) {
      throw new IllegalStateException("LoadOptions.table is required");
    }
    return new LoadOptions(this);
  }
}
