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

  private LoadOptions(Builder b) {
    this.table = b.table;
    this.client = b.client;
    this.input = new InputSettings(b.format, b.columns, b.delimiter, b.csvDialect, b.inferTypes, b.schema,
        b.emptyCells, b.setDelimiter, b.timestamps, b.shaping, b.maxRecordBytes, b.parallelFiles);
    this.writing = new WriteSettings(b.mode, b.concurrency, b.maxAttempts, b.backoffBase, b.backoffMax, b.maxErrors,
        b.rejectsFile, b.createTableKey, b.shuffleWindow);
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

  /** A builder with the defaults; {@link Builder#table} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
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

  /** Put each record, or delete its key. */
  public WriteMode mode() {
    return writing.mode();
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

  /** Builds {@link LoadOptions}. Not thread-safe. */
  public static final class Builder {
    private String table;
    private ClientSettings client = ClientSettings.defaults();
    private Format format;
    private ItemSchema schema;
    private EmptyCellPolicy emptyCells;
    private String setDelimiter;
    private Concurrency concurrency;
    private int maxAttempts;
    private Duration backoffBase;
    private Duration backoffMax;
    private Path rejectsFile;
    private KeySchema createTableKey;
    private int maxRecordBytes;
    private WriteMode mode;
    private long maxErrors;
    private CapacityTargets capacity;
    private double capacityFraction;
    private double maxWcu;
    private int shuffleWindow;
    private boolean dryRun = false;
    private double pricePerMillionWriteUnits;
    private Path stateDirectory;
    private CheckpointStore checkpointStore;
    private RestoreStore restoreStore;
    private boolean checkpointing;
    private Duration checkpointInterval;
    private boolean restart;
    private int parallelFiles;
    private List<String> columns;
    private String delimiter;
    private CsvDialect csvDialect;
    private boolean inferTypes;
    private TimeEncoding timestamps;
    private AttributeShaping shaping;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom();

    private Builder() {
      input(InputSettings.DEFAULTS);
      writing(WriteSettings.DEFAULTS);
      capacitySettings(CapacitySettings.DEFAULTS);
      state(StateSettings.DEFAULTS);
    }

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
      this.setDelimiter = InputSettings.checkSetDelimiter(setDelimiter);
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
      this.columns = InputSettings.checkColumns(columns);
      return this;
    }

    /**
     * The field delimiter: for CSV/TSV a string ({@code \t} stands for a tab), for text a regular
     * expression; null for the format's own (comma, tab, {@code \s+}).
     */
    public Builder delimiter(String delimiter) {
      this.delimiter = InputSettings.checkDelimiter(delimiter);
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

    /** Sets every input and mapping setting at once. */
    public Builder input(InputSettings input) {
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
    public Builder writing(WriteSettings writing) {
      mode = writing.mode();
      concurrency = writing.concurrency();
      maxAttempts = writing.maxAttempts();
      backoffBase = writing.backoffBase();
      backoffMax = writing.backoffMax();
      maxErrors = writing.maxErrors();
      rejectsFile = writing.rejectsFile();
      createTableKey = writing.createTableKey();
      shuffleWindow = writing.shuffleWindow();
      return this;
    }

    /** Sets every capacity setting at once. */
    public Builder capacitySettings(CapacitySettings settings) {
      capacity = settings.targets();
      capacityFraction = settings.capacityFraction();
      maxWcu = settings.maxWcu();
      pricePerMillionWriteUnits = settings.pricePerMillionWriteUnits();
      return this;
    }

    /** Sets every state setting at once. */
    public Builder state(StateSettings state) {
      stateDirectory = state.directory();
      checkpointStore = state.checkpointStore();
      restoreStore = state.restoreStore();
      checkpointing = state.checkpointing();
      checkpointInterval = state.checkpointInterval();
      restart = state.restart();
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
      return new LoadOptions(this);
    }
  }
}
