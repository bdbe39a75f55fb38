package dev.ddbload.source.s3;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An object or prefix in S3, written {@code s3://bucket/key} as the AWS CLI writes it: the key
 * as it is, unencoded. A key that is empty or ends with {@code /} is a prefix (a "directory").
 */
public record S3Location(String bucket, String key) {

  /** The scheme and separator every S3 location starts with. */
  public static final String SCHEME = "s3://";

  /** A location; {@code key} may be empty (the whole bucket). */
  public S3Location {
    if (bucket == null || bucket.isEmpty() || bucket.indexOf('/') >= 0) {
      throw new IllegalArgumentException("'" + bucket + "' is not a bucket name");
    }
    if (key == null) {
      throw new IllegalArgumentException("key is null");
    }
  }

  /** Whether a location is written as an S3 URI (the scheme in any case). */
  public static boolean isS3(String location) {
    return location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Parses {@code s3://bucket}, {@code s3://bucket/prefix/} or {@code s3://bucket/key}.
   *
   * @throws IllegalArgumentException when it is not an S3 URI or names no bucket
   */
  public static S3Location parse(String uri) {
    if (!isS3(uri)) {
      throw new IllegalArgumentException("'" + uri + "' does not start with s3://");
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("'" + uri + "' names no bucket");
    }
    return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
  }

  /** Whether this is a prefix (the key is empty or ends with {@code /}). */
  public boolean isPrefix() {
    return key.isEmpty() || key.endsWith("/");
  }

  /** The same key as a prefix: with a trailing {@code /}. */
  public S3Location asPrefix() {
    return isPrefix() ? this : new S3Location(bucket, key + "/");
  }

  /** The last part of the key without a trailing {@code /}; the bucket for the whole bucket. */
  public String name() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.isEmpty() ? bucket : k.substring(k.lastIndexOf('/') + 1);
  }

  /** The prefix holding this object or prefix; the whole bucket holds itself. */
  public S3Location parent() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return new S3Location(bucket, k.substring(0, k.lastIndexOf('/') + 1));
  }

  /**
   * A key relative to this prefix, with {@code .} and {@code ..} parts resolved; one starting
   * with {@code /} is relative to the bucket.
   */
  public S3Location resolve(String relative) {
    String joined = relative.startsWith("/") ? relative.substring(1) : asPrefix().key + relative;
    Deque<String> parts = new ArrayDeque<>();
    String[] split = joined.split("/", -1);
    for (int i = 0; i < split.length; i++) {
      String part = split[i];
      boolean last = i == split.length - 1;
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.equals(".") && (!part.isEmpty() || last)) {
        parts.addLast(part);
      }
    }
    return new S3Location(bucket, String.join("/", parts));
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
