package dev.ddbload.verify;

import dev.ddbload.config.Bounds;
import dev.ddbload.config.CommonSettings;
import dev.ddbload.config.Durations;
import dev.ddbload.write.Concurrency;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * How a verification reads the table: what it checks (a sample of the keys, items nobody wrote),
 * how it reads (consistency, calls in flight, read rate, retries) and where it keeps its work
 * (the spill directory, the memory it may hold, the differences file). What the inputs are and
 * how they map to items is the load's ({@code LoadOptions}). Immutable; build with
 * {@link #builder()}, whose setters reject a bad value at once.
 */
public final class VerifyOptions {

  /**
   * BatchGetItem calls in flight unless set: adaptive (the writer's {@code InFlightLimit}), 4 to
   * 64, starting at 16. Fewer than a load's at most, as a call's answer holds up to 16 MB.
   */
  public static final Concurrency DEFAULT_CONCURRENCY = Concurrency.adaptive(4, 16, 64);
  /** Reads of a key before it is reported unverified, unless set. */
  public static final int DEFAULT_MAX_ATTEMPTS = CommonSettings.DEFAULT_ATTEMPTS;
  /** Share of a provisioned table's read capacity used without a {@code maxRcu}. */
  public static final double DEFAULT_CAPACITY_FRACTION = CommonSettings.DEFAULT_CAPACITY_FRACTION;
  /** The share of the keys checked unless set: all. */
  public static final double DEFAULT_SAMPLE = 1;
  /** The share of the keys checked: more than 0, at most 1. */
  public static final Bounds SAMPLE_BOUNDS = Bounds.above(0, 1);
  /** Spilled expected records held in memory at once, at most, unless set: 64 MiB. */
  public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  /** The smallest memory allowed: 1 MiB. */
  public static final long MIN_MEMORY_BYTES = 1L << 20;
  /** Parallel Scan segments of {@code --extra} unless set. */
  public static final int DEFAULT_SCAN_SEGMENTS = 4;
  /** DynamoDB's limit on Scan's TotalSegments. */
  public static final int MAX_SCAN_SEGMENTS = 1_000_000;
  /** Parallel Scan segments: 1 to DynamoDB's limit. */
  public static final Bounds SCAN_SEGMENTS_BOUNDS = Bounds.between(1, MAX_SCAN_SEGMENTS);

  private final double sample;
  private final boolean extra;
  private final boolean consistentRead;
  private final double maxRcu;
  private final double capacityFraction;
  private final Concurrency concurrency;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Path differencesFile;
  private final Path spillDirectory;
  private final long memoryBytes;
  private final int scanSegments;
  private final Clock clock;
  private final RandomGenerator random;

  private VerifyOptions(Builder b) {
    this.sample = b.sample;
    this.extra = b.extra;
    this.consistentRead = b.consistentRead;
    this.maxRcu = b.maxRcu;
    this.capacityFraction = b.capacityFraction;
    this.concurrency = b.concurrency;
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.differencesFile = b.differencesFile;
    this.spillDirectory = b.spillDirectory;
    this.memoryBytes = b.memoryBytes;
    this.scanSegments = b.scanSegments;
    this.clock = b.clock;
    this.random = b.random;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static VerifyOptions defaults() {
    return builder().build();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sample = sample;
    b.extra = extra;
    b.consistentRead = consistentRead;
    b.maxRcu = maxRcu;
    b.capacityFraction = capacityFraction;
    b.concurrency = concurrency;
    b.maxAttempts = maxAttempts;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.differencesFile = differencesFile;
    b.spillDirectory = spillDirectory;
    b.memoryBytes = memoryBytes;
    b.scanSegments = scanSegments;
    b.clock = clock;
    b.random = random;
    return b;
  }

  /** The share of keys checked, (0, 1]: a key is checked when its hash falls in it (1: every key). */
  public double sample() {
    return sample;
  }

  /** Whether to scan the table for items no input record accounts for. */
  public boolean extra() {
    return extra;
  }

  /** Whether reads are strongly consistent (twice the read units); else a difference is read again so. */
  public boolean consistentRead() {
    return consistentRead;
  }

  /** Read capacity units per second at most; 0 for the default (a share of provisioned capacity, else none). */
  public double maxRcu() {
    return maxRcu;
  }

  /** Share of a provisioned table's read capacity used without {@link #maxRcu()}. */
  public double capacityFraction() {
    return capacityFraction;
  }

  /** BatchGetItem calls in flight at most. */
  public Concurrency concurrency() {
    return concurrency;
  }

  /** Reads of a key (and of each Scan page) before giving up on it. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Cap of the first re-read's delay. */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** Cap of any re-read's delay. */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** The differences file; empty for {@code ./ddbload-differences-TABLE-TIMESTAMP.jsonl}. */
  public Optional<Path> differencesFile() {
    return Optional.ofNullable(differencesFile);
  }

  /** Where the spill directory is made (default: the system's temporary directory). */
  public Path spillDirectory() {
    return spillDirectory;
  }

  /** Spilled expected records held in memory at once, at most, in bytes (one partition's). */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** Parallel Scan segments for {@link #extra()}. */
  public int scanSegments() {
    return scanSegments;
  }

  /** The clock of elapsed times and the differences file's name. */
  public Clock clock() {
    return clock;
  }

  /** The source of backoff jitter. */
  public RandomGenerator random() {
    return random;
  }

  /** Builds {@link VerifyOptions}. Not thread-safe. */
  public static final class Builder {
    private double sample = DEFAULT_SAMPLE;
    private boolean extra;
    private boolean consistentRead;
    private double maxRcu;
    private double capacityFraction = DEFAULT_CAPACITY_FRACTION;
    private Concurrency concurrency = DEFAULT_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoffBase = CommonSettings.DEFAULT_BACKOFF_BASE;
    private Duration backoffMax = CommonSettings.DEFAULT_BACKOFF_MAX;
    private Path differencesFile;
    private Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private long memoryBytes = DEFAULT_MEMORY_BYTES;
    private int scanSegments = DEFAULT_SCAN_SEGMENTS;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom();

    private Builder() {}

    /** Checks this share of the keys, (0, 1]; the same keys every run. */
    public Builder sample(double fraction) {
      this.sample = SAMPLE_BOUNDS.check("VerifyOptions.sample", fraction);
      return this;
    }

    /** Also scan the table for items no input accounts for. */
    public Builder extra(boolean extra) {
      this.extra = extra;
      return this;
    }

    /** Read with strongly consistent reads (twice the read units). */
    public Builder consistentRead(boolean consistentRead) {
      this.consistentRead = consistentRead;
      return this;
    }

    /** Read capacity units per second at most, positive; 0 for the default. */
    public Builder maxRcu(double maxRcu) {
      this.maxRcu = CommonSettings.UNITS_PER_SECOND.check("VerifyOptions.maxRcu", maxRcu);
      return this;
    }

    /** Share of a provisioned table's read capacity used without {@code maxRcu}: above 0, at most 1. */
    public Builder capacityFraction(double fraction) {
      this.capacityFraction = CommonSettings.CAPACITY_FRACTION.check("VerifyOptions.capacityFraction", fraction);
      return this;
    }

    /** BatchGetItem calls in flight: pinned, or adaptive within bounds. */
    public Builder concurrency(Concurrency concurrency) {
      this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
      return this;
    }

    /** Reads per key before it is counted unverified: 1 to 100. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = CommonSettings.ATTEMPTS.check("VerifyOptions.maxAttempts", maxAttempts);
      return this;
    }

    /** Cap of the first re-read's delay. */
    public Builder backoffBase(Duration base) {
      Objects.requireNonNull(base, "backoffBase");
      this.backoffBase = Durations.checkPositive("VerifyOptions.backoffBase", base);
      return this;
    }

    /** Cap of any re-read's delay; at least the base. */
    public Builder backoffMax(Duration max) {
      Objects.requireNonNull(max, "backoffMax");
      this.backoffMax = Durations.checkPositive("VerifyOptions.backoffMax", max);
      return this;
    }

    /** The differences file; null for the default name in the working directory. */
    public Builder differencesFile(Path file) {
      this.differencesFile = file;
      return this;
    }

    /** Where the spilled partitions go (an owner-only directory is made inside). */
    public Builder spillDirectory(Path directory) {
      this.spillDirectory = Objects.requireNonNull(directory, "spillDirectory");
      return this;
    }

    /** Spilled expected records held in memory at once, at least {@link #MIN_MEMORY_BYTES}. */
    public Builder memoryBytes(long bytes) {
      this.memoryBytes = Bounds.atLeast(MIN_MEMORY_BYTES).check("VerifyOptions.memoryBytes", bytes);
      return this;
    }

    /** Parallel Scan segments for {@code extra}. */
    public Builder scanSegments(int segments) {
      this.scanSegments = SCAN_SEGMENTS_BOUNDS.check("VerifyOptions.scanSegments", segments);
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of backoff jitter and probes (tests). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException when the backoff's largest delay is below its base
     */
    public VerifyOptions build() {
      Durations.checkBackoff("VerifyOptions", backoffBase, backoffMax);
      return new VerifyOptions(this);
    }
  }
}
