package dev.ddbload.source.s3;

import dev.ddbload.decode.Format;
import dev.ddbload.source.Source;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One S3 object, as it was when listed: its size and ETag. Every stream it opens reads that
 * version only, by ranged GETs ({@link S3RangeReader}), from the start or from any byte offset.
 * Made by {@link S3Storage#source}. Immutable and thread-safe; each stream is for one reader.
 */
public final class S3ObjectSource implements Source {

  private final RangeReads reads;
  private final S3Location location;
  private final long size;
  private final String etag;
  private final Format declaredFormat;

  S3ObjectSource(RangeReads reads, S3Location location, long size, String etag, Format declaredFormat) {
    this.reads = Objects.requireNonNull(reads, "reads");
    this.location = Objects.requireNonNull(location, "location");
    this.size = size;
    this.etag = etag;
    this.declaredFormat = declaredFormat;
  }

  /** The object's bucket and key. */
  public S3Location location() {
    return location;
  }

  /** The ETag every read must match, with its quotes; empty when the store gave none. */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  @Override
  public String name() {
    return location.toString();
  }

  @Override
  public OptionalLong size() {
    return OptionalLong.of(size);
  }

  @Override
  public InputStream open() {
    return openAt(0);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException for an offset below 0 or past the object's end
   */
  @Override
  public InputStream openAt(long offset) {
    return new S3RangeReader(reads, location, etag, size, offset);
  }

  @Override
  public boolean isSeekable() {
    return true;
  }

  /** {@code etag="…",size=N}. */
  @Override
  public Optional<String> identity() {
    return Optional.of((etag == null ? "" : "etag=" + etag + ",") + "size=" + size);
  }

  @Override
  public Optional<Format> declaredFormat() {
    return Optional.ofNullable(declaredFormat);
  }

  @Override
  public String toString() {
    return name();
  }
}
