package dev.ddbload.source.s3;

import dev.ddbload.throttle.Backoff;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * What every {@link S3RangeReader} of one store shares: the non-blocking client and how ranges
 * are sized, fetched ahead and retried. Immutable; thread-safe as the client is.
 */
record RangeReads(S3AsyncClient client, int chunkBytes, int prefetchChunks, int maxAttempts, Backoff backoff) {

  /** The reads these settings ask for, through this client. */
  static RangeReads of(S3AsyncClient client, S3Settings settings) {
    return new RangeReads(client, settings.chunkBytes(), settings.prefetchChunks(), settings.maxAttempts(),
        settings.backoff());
  }
}
