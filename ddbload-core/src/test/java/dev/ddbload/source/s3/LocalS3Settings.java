package dev.ddbload.source.s3;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.testkit.s3.LocalS3;
import dev.ddbload.throttle.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.SplittableRandom;

/** Settings reaching a {@link LocalS3} (directly or through a proxy), retrying within milliseconds. */
public final class LocalS3Settings {

  private LocalS3Settings() {}

  /** Path-style, LocalS3's credentials, these chunks and prefetch, backoff 5 to 50 ms (seeded). */
  public static S3Settings of(URI endpoint, int chunkBytes, int prefetchChunks) {
    return S3Settings.builder()
        .client(ClientSettings.builder().endpoint(endpoint).region("us-east-1").credentials(LocalS3.CREDENTIALS)
            .build())
        .pathStyle(true)
        .chunkBytes(chunkBytes)
        .prefetchChunks(prefetchChunks)
        .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), new SplittableRandom(7)))
        .build();
  }
}
