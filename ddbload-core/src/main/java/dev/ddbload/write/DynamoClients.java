package dev.ddbload.write;

import dev.ddbload.AwsChains;
import dev.ddbload.ClientSettings;
import dev.ddbload.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;

/**
 * Builds the two DynamoDB clients a load uses. The data-plane client sends BatchWriteItem only and
 * makes one attempt per call (a {@link DirectBatchWriteClient}, or the SDK's async client with its
 * retries switched off): the writer retries per item with its own capped backoff, so the two
 * never multiply each other's attempts. The control-plane client (DescribeTable, CreateTable)
 * keeps the SDK's standard retries.
 */
public final class DynamoClients {

  private DynamoClients() {}

  /**
   * System property choosing the data-plane client: {@code direct} (default, {@link
   * DirectBatchWriteClient}) or {@code sdk} (the SDK's async client on Netty, as before; kept to
   * compare the two, see docs/BENCHMARKS.md).
   */
  public static final String DATA_PLANE_PROPERTY = "ddbload.dataPlane";

  /**
   * The non-blocking client for BatchWriteItem, sized for {@code concurrency} calls in flight:
   * a {@link DirectBatchWriteClient} unless {@link #DATA_PLANE_PROPERTY} is {@code sdk}.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static DynamoDbAsyncClient dataPlane(ClientSettings settings, int concurrency) {
    if ("sdk".equals(System.getProperty(DATA_PLANE_PROPERTY))) {
      return sdkDataPlane(settings, concurrency);
    }
    Region region = region(settings);
    URI endpoint = settings.endpoint().orElseGet(() -> DynamoDbEndpointProvider.defaultProvider()
        .resolveEndpoint(DynamoDbEndpointParams.builder().region(region).build())
        .join()
        .url());
    SdkHttpClient http = Apache5HttpClient.builder()
        .maxConnections(concurrency)
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(30))
        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
        .tcpKeepAlive(true)
        // No "Expect: 100-continue": it costs every call a round trip before its body is sent.
        .expectContinueEnabled(false)
        .build();
    return new DirectBatchWriteClient(endpoint, region, credentials(settings), http, concurrency);
  }

  /** The SDK's own non-blocking client on Netty, with its retries off. */
  static DynamoDbAsyncClient sdkDataPlane(ClientSettings settings, int concurrency) {
    var builder = DynamoDbAsyncClient.builder()
        .region(region(settings))
        .credentialsProvider(credentials(settings))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(Math.max(16, concurrency * 2))
            .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(Duration.ofSeconds(30))
            .apiCallTimeout(Duration.ofSeconds(60))
            .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The blocking client for table and capacity calls, with the SDK's standard retries.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static DynamoDbClient controlPlane(ClientSettings settings) {
    var builder = DynamoDbClient.builder()
        .region(region(settings))
        .credentialsProvider(credentials(settings))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .apiCallTimeout(Duration.ofSeconds(60))
            .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  static AwsCredentialsProvider credentials(ClientSettings settings) {
    return AwsChains.credentials(settings);
  }

  static Region region(ClientSettings settings) {
    return AwsChains.region(settings, "No AWS region is set: pass --region or set AWS_REGION.");
  }
}
