package dev.ddbload.source.s3;

import dev.ddbload.config.AwsChains;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the two S3 clients a load uses, as {@code DynamoClients} does for DynamoDB: the
 * non-blocking client (SDK v2 on Netty) for ranged GETs, with the SDK's own retries off because
 * {@link S3RangeReader} retries each range with its own capped backoff; and a blocking client
 * with the SDK's standard retries for listing prefixes and reading manifests. Both use S3's
 * endpoint and region with the same profile and credential chain as DynamoDB.
 */
public final class S3Clients {

  /** Ranged GETs in flight at most, over every object being read. */
  static final int MAX_CONCURRENCY = 64;
  /** A connection that sends nothing for this long is given up and the range retried. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final String MISSING_REGION =
      "No AWS region is set for S3: give S3Settings.region or set AWS_REGION.";

  private S3Clients() {}

  /**
   * The non-blocking client for ranged GETs, with its own Netty event loops (closed with it).
   *
   * @throws ConfigurationException when no region can be found
   */
  public static S3AsyncClient dataPlane(S3Settings settings) {
    return dataPlane(settings, NettyNioAsyncHttpClient.builder());
  }

  /**
   * The non-blocking client for ranged GETs on the caller's event loops, which closing the
   * client leaves running: Netty's graceful shutdown of its own loops waits two quiet seconds,
   * which a command-line run need not pay.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static S3AsyncClient dataPlane(S3Settings settings, SdkEventLoopGroup eventLoops) {
    return dataPlane(settings, NettyNioAsyncHttpClient.builder().eventLoopGroup(eventLoops));
  }

  /** Event loops for {@link #dataPlane(S3Settings, SdkEventLoopGroup)}: daemon threads. */
  public static SdkEventLoopGroup eventLoops() {
    AtomicInteger n = new AtomicInteger();
    return SdkEventLoopGroup.create(new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "ddbload-s3-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }));
  }

  private static S3AsyncClient dataPlane(S3Settings settings, NettyNioAsyncHttpClient.Builder http) {
    ClientSettings c = settings.client();
    var builder = S3AsyncClient.builder()
        .region(region(c))
        .credentialsProvider(AwsChains.credentials(c))
        .forcePathStyle(settings.pathStyle())
        .crossRegionAccessEnabled(c.endpoint().isEmpty())
        // S3 keeps no checksum of a byte range; the length of each range is checked instead.
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(http
            .maxConcurrency(MAX_CONCURRENCY)
            .readTimeout(READ_TIMEOUT)
            .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .build());
    c.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The blocking client for listing and small reads, with the SDK's standard retries.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static S3Client controlPlane(S3Settings settings) {
    ClientSettings c = settings.client();
    var builder = S3Client.builder()
        .region(region(c))
        .credentialsProvider(AwsChains.credentials(c))
        .forcePathStyle(settings.pathStyle())
        .crossRegionAccessEnabled(c.endpoint().isEmpty())
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .apiCallTimeout(Duration.ofSeconds(120))
            .build());
    c.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static Region region(ClientSettings c) {
    return AwsChains.region(c, MISSING_REGION);
  }
}
