package dev.ddbload.testkit.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@link FaultProxy} does to write calls: BatchWriteItem; the single writes (PutItem,
 * UpdateItem, DeleteItem) as calls of one item, one held back refused with {@code
 * ProvisionedThroughputExceededException}; BatchExecuteStatement as a BatchWriteItem of its
 * statements. Immutable; build with {@link #builder()}, change a copy with {@link #toBuilder()}.
 *
 * <p>Whole-request faults are drawn once per BatchWriteItem call, in this order of precedence
 * for one uniform draw: dropped connection, HTTP 500, HTTP 503, {@code
 * ProvisionedThroughputExceededException}, {@code ThrottlingException}; their rates must add up
 * to at most 1. A call that escapes them has each of its items held back (returned in {@code
 * UnprocessedItems} without being forwarded) with {@link #holdBackRate()}; poison keys are
 * always held back. {@link #invalidKeys()}, {@link #refusesCredentials()} and {@link
 * #deniesBatchWrites()} are not random. All random draws come from one generator seeded with
 * {@link #seed()}, so the faults are the same for the same seed and the same order of requests.
 *
 * <p>Two modes replace forwarding or bound it: {@link #sinkDelay()} answers write calls as
 * processed without forwarding or storing anything; {@link #capacity()} lets through only what
 * the tables' write capacity allows (a provisioned rate with burst, partitions, on demand), as a
 * {@link DynamoModel} decides.
 */
public final class FaultRules {

  private static final Duration DEFAULT_BUDGET_BURST = Duration.ofMillis(100);

  private final long seed;
  private final double throttleRate;
  private final double throttlingExceptionRate;
  private final double http500Rate;
  private final double http503Rate;
  private final double dropRate;
  private final double holdBackRate;
  private final Duration latencyMin;
  private final Duration latencyMax;
  private final String poisonAttribute;
  private final Set<String> poisonKeys;
  private final Set<String> invalidKeys;
  private final boolean refuseCredentials;
  private final boolean denyBatchWrites;
  private final Duration sinkDelay;
  private final CapacitySpec capacity;
  private final boolean countSendsPerKey;

  private FaultRules(Builder b) {
    this.seed = b.seed;
    this.throttleRate = b.throttleRate;
    this.throttlingExceptionRate = b.throttlingExceptionRate;
    this.http500Rate = b.http500Rate;
    this.http503Rate = b.http503Rate;
    this.dropRate = b.dropRate;
    this.holdBackRate = b.holdBackRate;
    this.latencyMin = b.latencyMin;
    this.latencyMax = b.latencyMax;
    this.poisonAttribute = b.poisonAttribute;
    this.poisonKeys = b.poisonKeys;
    this.invalidKeys = b.invalidKeys;
    this.refuseCredentials = b.refuseCredentials;
    this.denyBatchWrites = b.denyBatchWrites;
    this.sinkDelay = b.sinkDelay;
    this.capacity = b.capacity;
    this.countSendsPerKey = b.countSendsPerKey;
  }

  /** A builder with no faults: every request is forwarded untouched. */
  public static Builder builder() {
    return new Builder();
  }

  /** No faults at all. */
  public static FaultRules none() {
    return builder().build();
  }

  /** A builder holding these rules, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Seed of the random draws. */
  public long seed() {
    return seed;
  }

  /** Fraction of BatchWriteItem calls answered HTTP 400 {@code ProvisionedThroughputExceededException}. */
  public double throttleRate() {
    return throttleRate;
  }

  /** Fraction of BatchWriteItem calls answered HTTP 400 {@code ThrottlingException}. */
  public double throttlingExceptionRate() {
    return throttlingExceptionRate;
  }

  /** Fraction of BatchWriteItem calls answered HTTP 500 {@code InternalServerError}. */
  public double http500Rate() {
    return http500Rate;
  }

  /** Fraction of BatchWriteItem calls answered HTTP 503 {@code ServiceUnavailable}. */
  public double http503Rate() {
    return http503Rate;
  }

  /** Fraction of BatchWriteItem calls whose connection is closed before any response. */
  public double dropRate() {
    return dropRate;
  }

  /** Fraction of items (of calls without a whole-request fault) returned unprocessed. */
  public double holdBackRate() {
    return holdBackRate;
  }

  /** The sum of the whole-request fault rates, at most 1. */
  public double wholeRequestFaultRate() {
    return dropRate + http500Rate + http503Rate + throttleRate + throttlingExceptionRate;
  }

  /** Least delay added before a BatchWriteItem call is answered or forwarded. */
  public Duration latencyMin() {
    return latencyMin;
  }

  /** Greatest delay added before a BatchWriteItem call is answered or forwarded. */
  public Duration latencyMax() {
    return latencyMax;
  }

  /** The top-level attribute poison keys are matched on, if any poison keys are set. */
  public Optional<String> poisonAttribute() {
    return Optional.ofNullable(poisonAttribute);
  }

  /** Values of {@link #poisonAttribute()} whose items are always returned unprocessed. */
  public Set<String> poisonKeys() {
    return poisonKeys;
  }

  /**
   * String values that make a BatchWriteItem call fail with a {@code ValidationException} when one
   * of its items holds one of them as a top-level S attribute (a put's item or a delete's key).
   */
  public Set<String> invalidKeys() {
    return invalidKeys;
  }

  /** Whether every request, of every operation, is refused with {@code UnrecognizedClientException}. */
  public boolean refusesCredentials() {
    return refuseCredentials;
  }

  /** Whether every BatchWriteItem is refused with {@code AccessDeniedException}, other operations passing. */
  public boolean deniesBatchWrites() {
    return denyBatchWrites;
  }

  /**
   * Sink mode: BatchWriteItem and single writes are answered as processed (held-back items aside)
   * after this delay, without forwarding or storing anything; other operations are still forwarded.
   */
  public Optional<Duration> sinkDelay() {
    return Optional.ofNullable(sinkDelay);
  }

  /**
   * Every table's write capacity (default {@link CapacitySpec#unlimited()}): items beyond it are
   * returned unprocessed, and a call none of whose items fits is throttled. An {@code
   * UpdateTable} passing through with new {@code WriteCapacityUnits} (or {@code PAY_PER_REQUEST})
   * changes a limited table's capacity.
   */
  public CapacitySpec capacity() {
    return capacity;
  }

  /** Whether the proxy counts sends per partition-key value ({@link FaultStats#sends}; memory grows with keys). */
  public boolean countsSendsPerKey() {
    return countSendsPerKey;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("seed=").append(seed);
    appendRate(sb, "throttle", throttleRate);
    appendRate(sb, "throttling-exception", throttlingExceptionRate);
    appendRate(sb, "http500", http500Rate);
    appendRate(sb, "http503", http503Rate);
    appendRate(sb, "drop", dropRate);
    appendRate(sb, "hold-back", holdBackRate);
    appendIf(sb, !latencyMax.isZero(), () -> "latency=" + latencyMin.toMillis() + "ms.." + latencyMax.toMillis()
        + "ms");
    appendIf(sb, !poisonKeys.isEmpty(), () -> "poison-keys=" + poisonKeys.size());
    appendIf(sb, !invalidKeys.isEmpty(), () -> "invalid-keys=" + invalidKeys.size());
    appendIf(sb, refuseCredentials, () -> "refuse-credentials");
    appendIf(sb, denyBatchWrites, () -> "deny-batch-writes");
    appendIf(sb, sinkDelay != null, () -> "sink=" + sinkDelay.toMillis() + "ms");
    appendIf(sb, capacity.limitsWrites(), capacity::toString);
    return sb.toString();
  }

  private static void appendRate(StringBuilder sb, String name, double rate) {
    appendIf(sb, rate > 0, () -> name + "=" + rate);
  }

  private static void appendIf(StringBuilder sb, boolean condition, Supplier<String> text) {
    if (condition) {
      sb.append(' ').append(text.get());
    }
  }

  /** Builds {@link FaultRules}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private long seed;
    private double throttleRate;
    private double throttlingExceptionRate;
    private double http500Rate;
    private double http503Rate;
    private double dropRate;
    private double holdBackRate;
    private Duration latencyMin = Duration.ZERO;
    private Duration latencyMax = Duration.ZERO;
    private String poisonAttribute;
    private Set<String> poisonKeys = Set.of();
    private Set<String> invalidKeys = Set.of();
    private boolean refuseCredentials;
    private boolean denyBatchWrites;
    private Duration sinkDelay;
    private CapacitySpec capacity = CapacitySpec.unlimited();
    private Duration budgetBurst = DEFAULT_BUDGET_BURST;
    private boolean countSendsPerKey = true;

    private Builder() {}

    private Builder(FaultRules r) {
      seed = r.seed;
      throttleRate = r.throttleRate;
      throttlingExceptionRate = r.throttlingExceptionRate;
      http500Rate = r.http500Rate;
      http503Rate = r.http503Rate;
      dropRate = r.dropRate;
      holdBackRate = r.holdBackRate;
      latencyMin = r.latencyMin;
      latencyMax = r.latencyMax;
      poisonAttribute = r.poisonAttribute;
      poisonKeys = r.poisonKeys;
      invalidKeys = r.invalidKeys;
      refuseCredentials = r.refuseCredentials;
      denyBatchWrites = r.denyBatchWrites;
      sinkDelay = r.sinkDelay;
      capacity = r.capacity;
      budgetBurst = r.capacity.mode() == CapacitySpec.Mode.PROVISIONED ? r.capacity.burst() : DEFAULT_BUDGET_BURST;
      countSendsPerKey = r.countSendsPerKey;
    }

    /** Seed of the random draws (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Fraction of calls throttled with {@code ProvisionedThroughputExceededException}, 0 to 1. */
    public Builder throttleRate(double rate) {
      this.throttleRate = rate(rate, "throttleRate");
      return this;
    }

    /** Fraction of calls throttled with {@code ThrottlingException}, 0 to 1. */
    public Builder throttlingExceptionRate(double rate) {
      this.throttlingExceptionRate = rate(rate, "throttlingExceptionRate");
      return this;
    }

    /** Fraction of calls answered HTTP 500, 0 to 1. */
    public Builder http500Rate(double rate) {
      this.http500Rate = rate(rate, "http500Rate");
      return this;
    }

    /** Fraction of calls answered HTTP 503, 0 to 1. */
    public Builder http503Rate(double rate) {
      this.http503Rate = rate(rate, "http503Rate");
      return this;
    }

    /** Fraction of calls whose connection is closed without a response, 0 to 1. */
    public Builder dropRate(double rate) {
      this.dropRate = rate(rate, "dropRate");
      return this;
    }

    /** Fraction of items returned unprocessed without being forwarded, 0 to 1. */
    public Builder holdBackRate(double rate) {
      this.holdBackRate = rate(rate, "holdBackRate");
      return this;
    }

    /** Delay before each BatchWriteItem call is handled, uniform in {@code [min, max]}. */
    public Builder latency(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency needs 0 <= min <= max, got " + min + ".." + max);
      }
      this.latencyMin = min;
      this.latencyMax = max;
      return this;
    }

    /** Items whose top-level attribute {@code attribute} is an S value in {@code keys} are never processed. */
    public Builder poisonKeys(String attribute, Set<String> keys) {
      this.poisonAttribute = Objects.requireNonNull(attribute, "attribute");
      this.poisonKeys = Set.copyOf(keys);
      return this;
    }

    /** Calls holding an item with a top-level S attribute in {@code keys} fail with ValidationException. */
    public Builder invalidKeys(Set<String> keys) {
      this.invalidKeys = Set.copyOf(keys);
      return this;
    }

    /** Refuse every request with {@code UnrecognizedClientException} (default false). */
    public Builder refuseCredentials(boolean refuse) {
      this.refuseCredentials = refuse;
      return this;
    }

    /** Refuse every BatchWriteItem with {@code AccessDeniedException}, passing other operations (default false). */
    public Builder denyBatchWrites(boolean deny) {
      this.denyBatchWrites = deny;
      return this;
    }

    /** Sink mode: answer write calls after {@code delay} without forwarding; {@code null} turns it off. */
    public Builder sink(Duration delay) {
      if (delay != null && delay.isNegative()) {
        throw new IllegalArgumentException("sink delay must not be negative, got " + delay);
      }
      this.sinkDelay = delay;
      return this;
    }

    /** Every table's write capacity (default {@link CapacitySpec#unlimited()}). */
    public Builder capacity(CapacitySpec spec) {
      this.capacity = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /** Shorthand: {@code capacity(provisioned(wcuPerSecond).burst(budgetBurst))}; 0 for unlimited. */
    public Builder wcuBudget(double wcuPerSecond) {
      if (!(wcuPerSecond >= 0) || Double.isInfinite(wcuPerSecond)) {
        throw new IllegalArgumentException("wcuBudget must be 0 (off) or a positive rate, got " + wcuPerSecond);
      }
      this.capacity = wcuPerSecond == 0 ? CapacitySpec.unlimited()
          : CapacitySpec.provisioned(wcuPerSecond).burst(budgetBurst);
      return this;
    }

    /** Shorthand: unused capacity a provisioned table saves up (default 100 ms), for {@link #wcuBudget}. */
    public Builder budgetBurst(Duration burst) {
      if (burst.isNegative()) {
        throw new IllegalArgumentException("budgetBurst must not be negative, got " + burst);
      }
      this.budgetBurst = burst;
      if (capacity.mode() == CapacitySpec.Mode.PROVISIONED) {
        capacity = capacity.burst(burst);
      }
      return this;
    }

    /** Count sends per partition-key value (default true). */
    public Builder countSendsPerKey(boolean count) {
      this.countSendsPerKey = count;
      return this;
    }

    /** The rules; throws {@code IllegalArgumentException} when the whole-request rates add up to more than 1. */
    public FaultRules build() {
      double whole = dropRate + http500Rate + http503Rate + throttleRate + throttlingExceptionRate;
      if (whole > 1.0 + 1e-9) {
        throw new IllegalArgumentException("whole-request fault rates add up to " + whole + ", more than 1");
      }
      return new FaultRules(this);
    }

    private static double rate(double rate, String name) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
      }
      return rate;
    }
  }
}
