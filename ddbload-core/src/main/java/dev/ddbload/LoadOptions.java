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
 * Everything a load needs besides its inputs. Immutable; built with {@link #builder()}, whose
 * setters reject bad values at once with a one-sentence message.
 *
 * <pre>{@code
 * LoadOptions options = LoadOptions.builder()
 *     .table("Books")
 *     .schema(ItemSchema.parse("year:N,in_stock:BOOL,tags:SS"))
 *     .build();
 * }</pre>
 */
public final class LoadOptions {

  /** Default BatchWriteItem calls in flight: adaptive, 8 to 512, following latency. */
  public static final Concurrency DEFAULT_CONCURRENCY = Concurrency.ADAPTIVE;
  /** Default sends per item before it is rejected. */
  public static final int DEFAULT_MAX_ATTEMPTS = CommonSettings.DEFAULT_ATTEMPTS;
  /** Sends per item an option may ask for: {@link CommonSettings#ATTEMPTS}. */
  public static final Bounds MAX_ATTEMPTS_BOUNDS = CommonSettings.ATTEMPTS;
  /** Default cap of the first retry's delay. */
  public static final Duration DEFAULT_BACKOFF_BASE = CommonSettings.DEFAULT_BACKOFF_BASE;
  /** Default largest retry delay. */
  public static final Duration DEFAULT_BACKOFF_MAX = CommonSettings.DEFAULT_BACKOFF_MAX;
  /** Default largest record accepted, in bytes. */
  public static final int DEFAULT_MAX_RECORD_BYTES = DecodeOptions.DEFAULT_MAX_RECORD_BYTES;
  /** Default number of sources read at once. */
  public static final int DEFAULT_PARALLEL_FILES = 4;
  /** Sources read at once: 1 to 64. */
  public static final Bounds PARALLEL_FILES_BOUNDS = Bounds.between(1, 64);
  /** Largest record accepted: 1 KB to 1 GB. */
  public static final Bounds MAX_RECORD_BYTES_BOUNDS = Bounds.between(1024, 1 << 30);
  /** Records in the shuffle window: 0 (off) to 1,000,000. */
  public static final Bounds SHUFFLE_WINDOW_BOUNDS = Bounds.between(0, 1_000_000);
  /** Default separator between set elements in a text cell. */
  public static final String DEFAULT_SET_DELIMITER = ";";
  /** Default of what an empty text cell becomes. */
  public static final EmptyCellPolicy DEFAULT_EMPTY_CELLS = EmptyCellPolicy.OMIT;
  /** Default write mode. */
  public static final WriteMode DEFAULT_MODE = WriteMode.PUT;
  /** Default encoding of Parquet and Avro dates and timestamps. */
  public static final TimeEncoding DEFAULT_TIMESTAMPS = TimeEncoding.ISO;

  /** Default share of a provisioned table's write capacity a load uses. */
  public static final double DEFAULT_CAPACITY_FRACTION = CommonSettings.DEFAULT_CAPACITY_FRACTION;
  /** Default records in the shuffle window. */
  public static final int DEFAULT_SHUFFLE_WINDOW = 10_000;
  /**
   * Bytes of items (DynamoDB's size) the shuffle window holds at most, whatever its size in
   * records: 10,000 items of 400 KB would otherwise hold 4 GB.
   */
  public static final long SHUFFLE_WINDOW_BYTES = 16L << 20;
  /**
   * Default on-demand price per million write request units: USD 0.625, us-east-1, as published
   * by AWS after the price reduction of 2024-11-01.
   */
  public static final double DEFAULT_PRICE_PER_MILLION_WRITE_UNITS = 0.625;
  /** Default directory for state kept between runs. */
  public static final Path DEFAULT_STATE_DIRECTORY = Path.of(".ddbload");
  /** How often a load's checkpoint is saved by default. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
  /** The shortest checkpoint interval. */
  public static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(100);
  /** The longest checkpoint interval. */
  public static final Duration MAX_CHECKPOINT_INTERVAL = Duration.ofHours(1);

  private final String table;
  private final ClientSettings client;
  private final InputSettings input;
  private final WriteSettings writing;
  private final CapacitySettings capacity;
  private final StateSettings state;
  private final boolean dryRun;
  private final Clock clock;
  private final RandomGenerator random;

  LoadOptions(LoadOptionsBuilder b) {
    this.table = b.table;
    this.client = b.client;
    this.input = new InputSettings(b.format, b.columns, b.delimiter, b.csvDialect, b.inferTypes, b.schema,
        b.emptyCells, b.setDelimiter, b.timestamps, b.shaping, b.maxRecordBytes, b.parallelFiles);
    this.writing = new WriteSettings(b.mode, b.concurrency, b.maxAttempts, b.backoffBase, b.backoffMax, b.maxErrors,
        b.rejectsFile, b.createTableKey, b.shuffleWindow, b.onConflict, b.removeNulls, b.ifNewer, b.opField);
    this.capacity = new CapacitySettings(b.capacity, b.capacityFraction, b.maxWcu, b.pricePerMillionWriteUnits);
    this.state = new StateSettings(b.stateDirectory, b.checkpointStore, b.restoreStore, b.checkpointing,
        b.checkpointInterval, b.restart);
    this.dryRun = b.dryRun;
    this.clock = b.clock;
    this.random = b.random;
  }

  /**
   * Checks a number of sends per item against {@link #MAX_ATTEMPTS_BOUNDS}.
   *
   * @return {@code maxAttempts}
   * @throws dev.ddbload.config.InvalidSettingException when out of bounds
   */
  public static int checkMaxAttempts(int maxAttempts) {
    return MAX_ATTEMPTS_BOUNDS.check("LoadOptions.maxAttempts", maxAttempts);
  }

  /** A builder with the defaults; {@link LoadOptionsBuilder#table} is required. */
  public static LoadOptionsBuilder builder() {
    return new LoadOptionsBuilder();
  }

  /** A builder holding these options. */
  public LoadOptionsBuilder toBuilder() {
    LoadOptionsBuilder b = new LoadOptionsBuilder();
    b.table = table;
    b.client = client;
    b.input(input);
    b.writing(writing);
    b.capacitySettings(capacity);
    b.state(state);
    b.dryRun = dryRun;
    b.clock = clock;
    b.random = random;
    return b;
  }

  /** How the inputs are read and mapped to items. */
  public InputSettings input() {
    return input;
  }

  /** How the load writes: mode, calls in flight, retries, rejects. */
  public WriteSettings writing() {
    return writing;
  }

  /** How the load uses and changes the table's write capacity. */
  public CapacitySettings capacitySettings() {
    return capacity;
  }

  /** What the load keeps between runs, and where. */
  public StateSettings state() {
    return state;
  }

  /** The target table. */
  public String table() {
    return table;
  }

  /** Endpoint, region, profile, credentials. */
  public ClientSettings client() {
    return client;
  }

  /** The input format for every source; empty means by file extension. */
  public Optional<Format> format() {
    return Optional.ofNullable(input.format());
  }

  /** Column types for text formats. */
  public ItemSchema schema() {
    return input.schema();
  }

  /** What an empty text cell becomes. */
  public EmptyCellPolicy emptyCells() {
    return input.emptyCells();
  }

  /** Separator between set elements in a text cell. */
  public String setDelimiter() {
    return input.setDelimiter();
  }

  /** BatchWriteItem calls in flight: pinned, or adaptive within bounds (the default). */
  public Concurrency concurrency() {
    return writing.concurrency();
  }

  /** Sends per item before it is rejected. */
  public int maxAttempts() {
    return writing.maxAttempts();
  }

  /** Cap of the first retry's delay. */
  public Duration backoffBase() {
    return writing.backoffBase();
  }

  /** Largest retry delay. */
  public Duration backoffMax() {
    return writing.backoffMax();
  }

  /** The rejects file; empty means {@code ddbload-rejects-<table>-<timestamp>.jsonl}. */
  public Optional<Path> rejectsFile() {
    return Optional.ofNullable(writing.rejectsFile());
  }

  /** The key to create a missing table with; empty means the table must exist. */
  public Optional<KeySchema> createTableKey() {
    return Optional.ofNullable(writing.createTableKey());
  }

  /** Largest record accepted, in bytes; a longer record is rejected TOO_LARGE. */
  public int maxRecordBytes() {
    return input.maxRecordBytes();
  }

  /** Sources read at once, each by its own reader thread. */
  public int parallelFiles() {
    return input.parallelFiles();
  }

  /** Column names of header-less CSV/TSV and of text lines; empty means CSV/TSV header rows. */
  public List<String> columns() {
    return input.columns();
  }

  /** The field delimiter (CSV/TSV: a string; text: a regular expression); empty for the format's own. */
  public Optional<String> delimiter() {
    return Optional.ofNullable(input.delimiter());
  }

  /** How CSV and TSV files quote, escape and comment (default RFC 4180). */
  public CsvDialect csvDialect() {
    return input.csvDialect();
  }

  /** Whether undeclared text columns get their type from each cell ({@code TypeInference}). */
  public boolean inferTypes() {
    return input.inferTypes();
  }

  /** How Parquet and Avro dates and timestamps become attributes. */
  public TimeEncoding timestamps() {
    return input.timestamps();
  }

  /** Attribute renames and exclusions, for every format. */
  public AttributeShaping shaping() {
    return input.shaping();
  }

  /** Put each record, delete its key, insert it only if new, or update the stored item. */
  public WriteMode mode() {
    return writing.mode();
  }

  /** What a write refused on its condition becomes: skipped (the default) or rejected. */
  public OnConflict onConflict() {
    return writing.onConflict();
  }

  /** Whether updates remove the attributes a record has as null. */
  public boolean removeNulls() {
    return writing.removeNulls();
  }

  /** The version attribute writes compare (write only if newer), if any. */
  public Optional<String> ifNewer() {
    return Optional.ofNullable(writing.ifNewer());
  }

  /** The attribute naming each record's operation, if any. */
  public Optional<String> opField() {
    return Optional.ofNullable(writing.opField());
  }

  /** Rejects after which the load stops (status ABORTED); 0 means no limit. */
  public long maxErrors() {
    return writing.maxErrors();
  }

  /** Write capacity to raise a provisioned table to before the load and lower it to after. */
  public CapacityTargets capacity() {
    return capacity.targets();
  }

  /** Share of a provisioned table's write capacity the load may use when no {@link #maxWcu} is set. */
  public double capacityFraction() {
    return capacity.capacityFraction();
  }

  /** Write capacity units consumed per second at most (indexes included); 0 means the default. */
  public double maxWcu() {
    return capacity.maxWcu();
  }

  /** Records interleaved at random to spread sorted input over partitions; 0 is off. */
  public int shuffleWindow() {
    return writing.shuffleWindow();
  }

  /** Read and validate everything, write nothing, and report a plan. */
  public boolean dryRun() {
    return dryRun;
  }

  /** On-demand price of a million write request units, in USD, for the dry run's cost estimate. */
  public double pricePerMillionWriteUnits() {
    return capacity.pricePerMillionWriteUnits();
  }

  /** Where the loader keeps its state between runs (pending capacity restores, checkpoints). */
  public Path stateDirectory() {
    return state.directory();
  }

  /**
   * Where the load's checkpoint is kept; empty for the default file under
   * {@link #stateDirectory()}{@code /checkpoints/}, named from the table and the inputs.
   */
  public Optional<CheckpointStore> checkpointStore() {
    return Optional.ofNullable(state.checkpointStore());
  }

  /**
   * Where pending capacity restores are kept; empty for files under
   * {@link #stateDirectory()}{@code /capacity/} ({@code RestoreLedger}).
   */
  public Optional<RestoreStore> restoreStore() {
    return Optional.ofNullable(state.restoreStore());
  }

  /** Whether the load saves checkpoints, so that running it again resumes it (default true). */
  public boolean checkpointing() {
    return state.checkpointing();
  }

  /** How often the checkpoint is saved while loading. */
  public Duration checkpointInterval() {
    return state.checkpointInterval();
  }

  /** Whether to forget an earlier run's checkpoint and load everything from the start. */
  public boolean restart() {
    return state.restart();
  }

  /** The clock for elapsed times. */
  public Clock clock() {
    return clock;
  }

  /** The source of backoff jitter. */
  public RandomGenerator random() {
    return random;
  }
}
