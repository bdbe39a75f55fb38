package dev.ddbload.jobs;

import dev.ddbload.source.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves a job's input objects after it ends, to a "complete" or "error" prefix: each object is
 * copied to {@code <prefix><its key>} (in the prefix's bucket), then deleted. S3 copies up to
 * 5 GB in one call (CopyObject); larger objects are copied in parts of {@value #PART_BYTES}
 * bytes (UploadPartCopy). An object already gone (moved by an earlier attempt) is passed over.
 * Thread-safe.
 */
public final class InputMover {

  private static final Logger log = LoggerFactory.getLogger(InputMover.class);
  /** S3's limit for a single CopyObject. */
  static final long SINGLE_COPY_LIMIT = 5L << 30;
  static final long PART_BYTES = 512L << 20;

  private final S3Client s3;

  /** Moves with this client (the SDK's retries). */
  public InputMover(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * A destination prefix: {@code s3://bucket/prefix/}, or a key prefix in {@code bucket}. A
   * trailing {@code /} is added when missing.
   */
  public static S3Location prefixIn(String spec, String bucket) {
    S3Location at = S3Location.isS3(spec) ? S3Location.parse(spec) : new S3Location(bucket, spec);
    return at.key().isEmpty() ? at : at.asPrefix();
  }

  /** Where an object goes under a prefix. */
  public static S3Location destination(S3Location object, S3Location prefix) {
    return new S3Location(prefix.bucket(), prefix.key() + object.key());
  }

  /**
   * Moves the objects under the prefix.
   *
   * @return how many were moved
   * @throws S3Exception when a copy or delete is refused (the objects before it are moved)
   */
  public long move(List<S3Location> objects, S3Location prefix) {
    long moved = 0;
    for (S3Location from : objects) {
      S3Location to = destination(from, prefix);
      Optional<HeadObjectResponse> head = head(from);
      if (head.isEmpty()) {
        log.info("{} is gone already; not moved.", uri(from));
        continue;
      }
      if (head.get().contentLength() <= SINGLE_COPY_LIMIT) {
        s3.copyObject(b -> b.sourceBucket(from.bucket()).sourceKey(from.key())
            .destinationBucket(to.bucket()).destinationKey(to.key()));
      } else {
        copyInParts(from, to, head.get().contentLength());
      }
      s3.deleteObject(b -> b.bucket(from.bucket()).key(from.key()));
      moved++;
    }
    return moved;
  }

  /** The object's metadata (a HEAD), empty when it does not exist. */
  public Optional<HeadObjectResponse> head(S3Location at) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(at.bucket()).key(at.key())));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void copyInParts(S3Location from, S3Location to, long size) {
    String upload = s3.createMultipartUpload(b -> b.bucket(to.bucket()).key(to.key())).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long start = 0; start < size; start += PART_BYTES, number++) {
        String range = "bytes=" + start + "-" + (Math.min(size, start + PART_BYTES) - 1);
        int n = number;
        String etag = s3.uploadPartCopy(b -> b.sourceBucket(from.bucket()).sourceKey(from.key())
            .destinationBucket(to.bucket()).destinationKey(to.key()).uploadId(upload).partNumber(n)
            .copySourceRange(range)).copyPartResult().eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(upload)
          .multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      s3.abortMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(upload));
      throw e;
    }
  }

  private static String uri(S3Location at) {
    return S3Location.SCHEME + at.bucket() + "/" + at.key();
  }
}
