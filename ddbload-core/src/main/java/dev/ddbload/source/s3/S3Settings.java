package dev.ddbload.source.s3;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.throttle.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Where S3 is and how objects are read from it: S3's own endpoint and region (with the same
 * profile and credentials as DynamoDB), path-style addressing, the size of each ranged GET, how
 * many are fetched ahead of the reader, and how a failed one is retried. Immutable; built with
 * {@link #builder()}, whose setters reject bad values at once.
 */
public final class S3Settings {

  /** Default bytes per ranged GET: 8 MiB. */
  public static final int DEFAULT_CHUNK_BYTES = 8 << 20;
  /** Smallest chunk accepted. */
  public static final int MIN_CHUNK_BYTES = 1 << 10;
  /** Largest chunk accepted. */
  public static final int MAX_CHUNK_BYTES = 1 << 30;
  /** Default chunks fetched ahead of the one being read. */
  public static final int DEFAULT_PREFETCH_CHUNKS = 2;
  /** Default GETs of one range before the object is given up. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;
  /** Default cap of the first retry's delay. */
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(200);
  /** Default largest retry delay. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
  private static final Backoff DEFAULT_BACKOFF = new Backoff(DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX,
      new SplittableRandom());

  private static final S3Settings DEFAULTS = builder().build();

  private final ClientSettings client;
  private final boolean pathStyle;
  private final int chunkBytes;
  private final int prefetchChunks;
  private final int maxAttempts;
  private final Backoff backoff;

  private S3Settings(Builder b) {
    this.client = b.client;
    this.pathStyle = b.pathStyle;
    this.chunkBytes = b.chunkBytes;
    this.prefetchChunks = b.prefetchChunks;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
  }

  /** Everything at its default, the endpoint, region and credentials from the SDK's chains. */
  public static S3Settings defaults() {
    return DEFAULTS;
  }

  /** A new builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.client = client;
    b.pathStyle = pathStyle;
    b.chunkBytes = chunkBytes;
    b.prefetchChunks = prefetchChunks;
    b.maxAttempts = maxAttempts;
    b.backoff = backoff;
    return b;
  }

  /** S3's endpoint override, region, profile and credentials. */
  public ClientSettings client() {
    return client;
  }

  /** Whether buckets are addressed as URL paths ({@code http://host/bucket/key}). */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** Bytes asked for by each ranged GET (the last one of an object may be shorter). */
  public int chunkBytes() {
    return chunkBytes;
  }

  /** Chunks fetched ahead of the one being read, at most. */
  public int prefetchChunks() {
    return prefetchChunks;
  }

  /** GETs of one range, the first included, before reading the object fails. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The delay before each retry of a range (full jitter, capped). */
  public Backoff backoff() {
    return backoff;
  }

  /** Builds {@link S3Settings}. Not thread-safe. */
  public static final class Builder {
    private ClientSettings client = ClientSettings.defaults();
    private boolean pathStyle;
    private int chunkBytes = DEFAULT_CHUNK_BYTES;
    private int prefetchChunks = DEFAULT_PREFETCH_CHUNKS;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Backoff backoff = DEFAULT_BACKOFF;

    private Builder() {}

    /** S3's endpoint override, region, profile and credentials. */
    public Builder client(ClientSettings client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Address buckets as URL paths, as most S3-compatible stores need. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Bytes per ranged GET, 1 KiB to 1 GiB. */
    public Builder chunkBytes(int chunkBytes) {
      if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
        throw new IllegalArgumentException("the S3 chunk size must be 1KB to 1GB, not " + chunkBytes + " bytes");
      }
      this.chunkBytes = chunkBytes;
      return this;
    }

    /** Chunks fetched ahead of the one being read, 0 to 64. */
    public Builder prefetchChunks(int prefetchChunks) {
      if (prefetchChunks < 0 || prefetchChunks > 64) {
        throw new IllegalArgumentException("S3 prefetch must be 0 to 64 chunks, not " + prefetchChunks);
      }
      this.prefetchChunks = prefetchChunks;
      return this;
    }

    /** GETs of one range before reading the object fails, 1 to 100. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("S3 attempts must be 1 to 100, not " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The delay before each retry of a range (default: full jitter from 200 ms, at most 10 s). */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** The settings. */
    public S3Settings build() {
      return new S3Settings(this);
    }
  }
}
