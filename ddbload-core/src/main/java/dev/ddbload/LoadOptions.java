package dev.ddbload;

import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.capacity.RestoreStore;
import dev.ddbload.checkpoint.CheckpointStore;
import dev.ddbload.config.Bounds;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.CommonSettings;
import dev.ddbload.config.Durations;
import dev.ddbload.config.InvalidSettingException;
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
  private final Format format;
  private final ItemSchema schema;
  private final EmptyCellPolicy emptyCells;
  private final String setDelimiter;
  private final Concurrency concurrency;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Path rejectsFile;
  private final KeySchema createTableKey;
  private final int maxRecordBytes;
  private final WriteMode mode;
  private final long maxErrors;
  private final CapacityTargets capacity;
  private final double capacityFraction;
  private final double maxWcu;
  private final int shuffleWindow;
  private final boolean dryRun;
  private final double pricePerMillionWriteUnits;
  private final Path stateDirectory;
  private final CheckpointStore checkpointStore;
  private final RestoreStore restoreStore;
  private final boolean checkpointing;
  private final Duration checkpointInterval;
  private final boolean restart;
  private final int parallelFiles;
  private final List<String> columns;
  private final String delimiter;
  private final CsvDialect csvDialect;
  private final boolean inferTypes;
  private final TimeEncoding timestamps;
  private final AttributeShaping shaping;
  private final Clock clock;
  private final RandomGenerator random;

  private LoadOptions(Builder b) {
    this.table = b.table;
    this.client = b.client;
    this.format = b.format;
    this.schema = b.schema;
    this.emptyCells = b.emptyCells;
    this.setDelimiter = b.setDelimiter;
    this.concurrency = b.concurrency;
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.rejectsFile = b.rejectsFile;
    this.createTableKey = b.createTableKey;
    this.maxRecordBytes = b.maxRecordBytes;
    this.mode = b.mode;
    this.maxErrors = b.maxErrors;
    this.capacity = b.capacity;
    this.capacityFraction = b.capacityFraction;
    this.maxWcu = b.maxWcu;
    this.shuffleWindow = b.shuffleWindow;
    this.dryRun = b.dryRun;
    this.pricePerMillionWriteUnits = b.pricePerMillionWriteUnits;
    this.stateDirectory = b.stateDirectory;
    this.checkpointStore = b.checkpointStore;
    this.restoreStore = b.restoreStore;
    this.checkpointing = b.checkpointing;
    this.checkpointInterval = b.checkpointInterval;
    this.restart = b.restart;
    this.parallelFiles = b.parallelFiles;
    this.columns = b.columns;
    this.delimiter = b.delimiter;
    this.csvDialect = b.csvDialect;
    this.inferTypes = b.inferTypes;
    this.timestamps = b.timestamps;
    this.shaping = b.shaping;
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

  /** A builder with the defaults; {@link Builder#table} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.table = table;
    b.client = client;
    b.format = format;
    b.schema = schema;
    b.emptyCells = emptyCells;
    b.setDelimiter = setDelimiter;
    b.concurrency = concurrency;
    b.maxAttempts = maxAttempts;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.rejectsFile = rejectsFile;
    b.createTableKey = createTableKey;
    b.maxRecordBytes = maxRecordBytes;
    b.mode = mode;
    b.maxErrors = maxErrors;
    b.capacity = capacity;
    b.capacityFraction = capacityFraction;
    b.maxWcu = maxWcu;
    b.shuffleWindow = shuffleWindow;
    b.dryRun = dryRun;
    b.pricePerMillionWriteUnits = pricePerMillionWriteUnits;
    b.stateDirectory = stateDirectory;
    b.checkpointStore = checkpointStore;
    b.restoreStore = restoreStore;
    b.checkpointing = checkpointing;
    b.checkpointInterval = checkpointInterval;
    b.restart = restart;
    b.parallelFiles = parallelFiles;
    b.columns = columns;
    b.delimiter = delimiter;
    b.csvDialect = csvDialect;
    b.inferTypes = inferTypes;
    b.timestamps = timestamps;
    b.shaping = shaping;
    b.clock = clock;
    b.random = random;
    return b;
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
    return Optional.ofNullable(format);
  }

  /** Column types for text formats. */
  public ItemSchema schema() {
    return schema;
  }

  /** What an empty text cell becomes. */
  public EmptyCellPolicy emptyCells() {
    return emptyCells;
  }

  /** Separator between set elements in a text cell. */
  public String setDelimiter() {
    return setDelimiter;
  }

  /** BatchWriteItem calls in flight: pinned, or adaptive within bounds (the default). */
  public Concurrency concurrency() {
    return concurrency;
  }

  /** Sends per item before it is rejected. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Cap of the first retry's delay. */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** Largest retry delay. */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** The rejects file; empty means {@code ddbload-rejects-<table>-<timestamp>.jsonl}. */
  public Optional<Path> rejectsFile() {
    return Optional.ofNullable(rejectsFile);
  }

  /** The key to create a missing table with; empty means the table must exist. */
  public Optional<KeySchema> createTableKey() {
    return Optional.ofNullable(createTableKey);
  }

  /** Largest record accepted, in bytes; a longer record is rejected TOO_LARGE. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** Sources read at once, each by its own reader thread. */
  public int parallelFiles() {
    return parallelFiles;
  }

  /** Column names of header-less CSV/TSV and of text lines; empty means CSV/TSV header rows. */
  public List<String> columns() {
    return columns;
  }

  /** The field delimiter (CSV/TSV: a string; text: a regular expression); empty for the format's own. */
  public Optional<String> delimiter() {
    return Optional.ofNullable(delimiter);
  }

  /** How CSV and TSV files quote, escape and comment (default RFC 4180). */
  public CsvDialect csvDialect() {
    return csvDialect;
  }

  /** Whether undeclared text columns get their type from each cell ({@code TypeInference}). */
  public boolean inferTypes() {
    return inferTypes;
  }

  /** How Parquet and Avro dates and timestamps become attributes. */
  public TimeEncoding timestamps() {
    return timestamps;
  }

  /** Attribute renames and exclusions, for every format. */
  public AttributeShaping shaping() {
    return shaping;
  }

  /** Put each record, or delete its key. */
  public WriteMode mode() {
    return mode;
  }

  /** Rejects after which the load stops (status ABORTED); 0 means no limit. */
  public long maxErrors() {
    return maxErrors;
  }

  /** Write capacity to raise a provisioned table to before the load and lower it to after. */
  public CapacityTargets capacity() {
    return capacity;
  }

  /** Share of a provisioned table's write capacity the load may use when no {@link #maxWcu} is set. */
  public double capacityFraction() {
    return capacityFraction;
  }

  /** Write capacity units consumed per second at most (indexes included); 0 means the default. */
  public double maxWcu() {
    return maxWcu;
  }

  /** Records interleaved at random to spread sorted input over partitions; 0 is off. */
  public int shuffleWindow() {
    return shuffleWindow;
  }

  /** Read and validate everything, write nothing, and report a plan. */
  public boolean dryRun() {
    return dryRun;
  }

  /** On-demand price of a million write request units, in USD, for the dry run's cost estimate. */
  public double pricePerMillionWriteUnits() {
    return pricePerMillionWriteUnits;
  }

  /** Where the loader keeps its state between runs (pending capacity restores, checkpoints). */
  public Path stateDirectory() {
    return stateDirectory;
  }

  /**
   * Where the load's checkpoint is kept; empty for the default file under
   * {@link #stateDirectory()}{@code /checkpoints/}, named from the table and the inputs.
   */
  public Optional<CheckpointStore> checkpointStore() {
    return Optional.ofNullable(checkpointStore);
  }

  /**
   * Where pending capacity restores are kept; empty for files under
   * {@link #stateDirectory()}{@code /capacity/} ({@code RestoreLedger}).
   */
  public Optional<RestoreStore> restoreStore() {
    return Optional.ofNullable(restoreStore);
  }

  /** Whether the load saves checkpoints, so that running it again resumes it (default true). */
  public boolean checkpointing() {
    return checkpointing;
  }

  /** How often the checkpoint is saved while loading. */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** Whether to forget an earlier run's checkpoint and load everything from the start. */
  public boolean restart() {
    return restart;
  }

  /** The clock for elapsed times. */
  public Clock clock() {
    return clock;
  }

  /** The source of backoff jitter. */
  public RandomGenerator random() {
    return random;
  }

  /** Builds {@link LoadOptions}. Not thread-safe. */
  public static final class Builder {
    private String table;
    private ClientSettings client = ClientSettings.defaults();
    private Format format;
    private ItemSchema schema = ItemSchema.empty();
    private EmptyCellPolicy emptyCells = DEFAULT_EMPTY_CELLS;
    private String setDelimiter = DEFAULT_SET_DELIMITER;
    private Concurrency concurrency = DEFAULT_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoffBase = DEFAULT_BACKOFF_BASE;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private Path rejectsFile;
    private KeySchema createTableKey;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private WriteMode mode = DEFAULT_MODE;
    private long maxErrors;
    private CapacityTargets capacity = CapacityTargets.NONE;
    private double capacityFraction = DEFAULT_CAPACITY_FRACTION;
    private double maxWcu = 0;
    private int shuffleWindow = DEFAULT_SHUFFLE_WINDOW;
    private boolean dryRun = false;
    private double pricePerMillionWriteUnits = DEFAULT_PRICE_PER_MILLION_WRITE_UNITS;
    private Path stateDirectory = DEFAULT_STATE_DIRECTORY;
    private CheckpointStore checkpointStore;
    private RestoreStore restoreStore;
    private boolean checkpointing = true;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    private boolean restart;
    private int parallelFiles = DEFAULT_PARALLEL_FILES;
    private List<String> columns = List.of();
    private String delimiter;
    private CsvDialect csvDialect = CsvDialect.rfc4180();
    private boolean inferTypes;
    private TimeEncoding timestamps = DEFAULT_TIMESTAMPS;
    private AttributeShaping shaping = AttributeShaping.none();
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom();

    private Builder() {}

    /** The target table: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'. Required. */
    public Builder table(String table) {
      Objects.requireNonNull(table, "table");
      this.table = TableNames.check("LoadOptions.table", table);
      return this;
    }

    /** Endpoint, region, profile, credentials. */
    public Builder client(ClientSettings client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The input format for every source; null means by file extension. */
    public Builder format(Format format) {
      this.format = format;
      return this;
    }

    /** Column types for text formats. */
    public Builder schema(ItemSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** What an empty text cell becomes. */
    public Builder emptyCells(EmptyCellPolicy emptyCells) {
      this.emptyCells = Objects.requireNonNull(emptyCells, "emptyCells");
      return this;
    }

    /** Separator between set elements in a text cell, non-empty. */
    public Builder setDelimiter(String setDelimiter) {
      if (setDelimiter == null || setDelimiter.isEmpty()) {
        throw new InvalidSettingException("LoadOptions.setDelimiter", "must not be empty");
      }
      this.setDelimiter = setDelimiter;
      return this;
    }

    /** Pins the BatchWriteItem calls in flight to {@code concurrency}, 1 to 1024 (default: adaptive). */
    public Builder concurrency(int concurrency) {
      this.concurrency = Concurrency.pinned(Concurrency.PINNED.check("LoadOptions.concurrency", concurrency));
      return this;
    }

    /** BatchWriteItem calls in flight: pinned or adaptive (default {@link Concurrency#ADAPTIVE}). */
    public Builder concurrency(Concurrency concurrency) {
      this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
      return this;
    }

    /** Sends per item before it is rejected, 1 to 100. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = checkMaxAttempts(maxAttempts);
      return this;
    }

    /** Cap of the first retry's delay, positive. */
    public Builder backoffBase(Duration backoffBase) {
      this.backoffBase = Durations.checkPositive("LoadOptions.backoffBase", backoffBase);
      return this;
    }

    /** Largest retry delay, positive. */
    public Builder backoffMax(Duration backoffMax) {
      this.backoffMax = Durations.checkPositive("LoadOptions.backoffMax", backoffMax);
      return this;
    }

    /** The rejects file; null means {@code ddbload-rejects-<table>-<timestamp>.jsonl}. */
    public Builder rejectsFile(Path rejectsFile) {
      this.rejectsFile = rejectsFile;
      return this;
    }

    /** Creates a missing table with this key (on-demand billing); null requires the table. */
    public Builder createTableKey(KeySchema key) {
      this.createTableKey = key;
      return this;
    }

    /** Largest record accepted, 1 KB to 1 GB. */
    public Builder maxRecordBytes(int maxRecordBytes) {
      this.maxRecordBytes = MAX_RECORD_BYTES_BOUNDS.check("LoadOptions.maxRecordBytes", maxRecordBytes);
      return this;
    }

    /** Put each record (the default), or delete its key. */
    public Builder mode(WriteMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Stop the load once this many records are rejected; 0 (the default) means no limit. */
    public Builder maxErrors(long maxErrors) {
      this.maxErrors = Bounds.atLeast(0).check("LoadOptions.maxErrors", maxErrors);
      return this;
    }

    /** Write capacity to raise a provisioned table to before the load and lower it to after. */
    public Builder capacity(CapacityTargets capacity) {
      this.capacity = Objects.requireNonNull(capacity, "capacity");
      return this;
    }

    /** Share of a provisioned table's write capacity to use without {@link #maxWcu}, in (0, 1]. */
    public Builder capacityFraction(double capacityFraction) {
      this.capacityFraction = CommonSettings.CAPACITY_FRACTION.check("LoadOptions.capacityFraction", capacityFraction);
      return this;
    }

    /** Write capacity units consumed per second at most (indexes included); 0 for the default. */
    public Builder maxWcu(double maxWcu) {
      this.maxWcu = CommonSettings.UNITS_PER_SECOND.check("LoadOptions.maxWcu", maxWcu);
      return this;
    }

    /** Records interleaved at random to spread sorted input over partitions, 0 (off) to 1,000,000. */
    public Builder shuffleWindow(int shuffleWindow) {
      this.shuffleWindow = SHUFFLE_WINDOW_BOUNDS.check("LoadOptions.shuffleWindow", shuffleWindow);
      return this;
    }

    /** Read and validate everything, write nothing (not even capacity), and report a plan. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** On-demand price of a million write request units, in USD, for the dry run's estimate. */
    public Builder pricePerMillionWriteUnits(double price) {
      this.pricePerMillionWriteUnits = Bounds.atLeast(0).check("LoadOptions.pricePerMillionWriteUnits", price);
      return this;
    }

    /** Where the loader keeps state between runs (default {@code ./.ddbload}). */
    public Builder stateDirectory(Path stateDirectory) {
      this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
      return this;
    }

    /** Where to keep the checkpoint; null for the default file under the state directory. */
    public Builder checkpointStore(CheckpointStore store) {
      this.checkpointStore = store;
      return this;
    }

    /** Where to keep pending capacity restores; null for files under the state directory. */
    public Builder restoreStore(RestoreStore store) {
      this.restoreStore = store;
      return this;
    }

    /** Whether to save checkpoints (default true). */
    public Builder checkpointing(boolean checkpointing) {
      this.checkpointing = checkpointing;
      return this;
    }

    /** How often to save the checkpoint, 100 ms to 1 hour (default 5 s). */
    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = Durations.checkBetween("LoadOptions.checkpointInterval", interval,
          MIN_CHECKPOINT_INTERVAL, MAX_CHECKPOINT_INTERVAL);
      return this;
    }

    /** Whether to forget an earlier run's checkpoint and start over (default false). */
    public Builder restart(boolean restart) {
      this.restart = restart;
      return this;
    }

    /** Sources read at once, 1 to 64. */
    public Builder parallelFiles(int parallelFiles) {
      this.parallelFiles = PARALLEL_FILES_BOUNDS.check("LoadOptions.parallelFiles", parallelFiles);
      return this;
    }

    /**
     * Column names for header-less CSV/TSV and for text lines, distinct and non-empty; an empty
     * list means CSV/TSV files start with a header row.
     */
    public Builder columns(List<String> columns) {
      List<String> copy = List.copyOf(columns);
      if (copy.stream().anyMatch(String::isEmpty) || copy.stream().distinct().count() != copy.size()) {
        throw new InvalidSettingException("LoadOptions.columns", "must be distinct and non-empty names, not " + copy);
      }
      this.columns = copy;
      return this;
    }

    /**
     * The field delimiter: for CSV/TSV a string ({@code \t} stands for a tab), for text a regular
     * expression; null for the format's own (comma, tab, {@code \s+}).
     */
    public Builder delimiter(String delimiter) {
      if (delimiter != null && delimiter.isEmpty()) {
        throw new InvalidSettingException("LoadOptions.delimiter", "must not be empty");
      }
      this.delimiter = delimiter;
      return this;
    }

    /**
     * How CSV and TSV files quote, escape and comment (default RFC 4180: quote {@code "}, doubled
     * inside quoted fields, no comments); e.g. {@code CsvDialect.rfc4180().withEscape('\\')}
     * for the CSV Spark and Hive write.
     */
    public Builder csvDialect(CsvDialect csvDialect) {
      this.csvDialect = Objects.requireNonNull(csvDialect, "csvDialect");
      return this;
    }

    /** Whether undeclared text columns get their type from each cell (default false). */
    public Builder inferTypes(boolean inferTypes) {
      this.inferTypes = inferTypes;
      return this;
    }

    /** How Parquet and Avro dates and timestamps become attributes (default ISO-8601 strings). */
    public Builder timestamps(TimeEncoding timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
      return this;
    }

    /** Attribute renames and exclusions. */
    public Builder shaping(AttributeShaping shaping) {
      this.shaping = Objects.requireNonNull(shaping, "shaping");
      return this;
    }

    /** The clock for elapsed times (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of backoff jitter (tests). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if no table was set
     * @throws IllegalArgumentException if backoff max is below backoff base
     */
    public LoadOptions build() {
      if (table == null) {
        throw new IllegalStateException("LoadOptions.table is required");
      }
      if (backoffMax.compareTo(backoffBase) < 0) {
        throw new InvalidSettingException("LoadOptions.backoffMax", "(" + Durations.format(backoffMax)
            + ") must be at least LoadOptions.backoffBase (" + Durations.format(backoffBase) + ")");
      }
      return new LoadOptions(this);
    }
  }
}
