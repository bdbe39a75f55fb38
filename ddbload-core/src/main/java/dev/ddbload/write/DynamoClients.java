package dev.ddbload.write;

import dev.ddbload.config.AwsChains;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;

/**
 * Builds the DynamoDB clients a load (and a verification: {@link #readPlane}) uses. The
 * data-plane client sends BatchWriteItem only and makes one attempt per call (a
 * {@link DirectBatchWriteClient}): the writer retries per item with its own capped backoff, so the
 * two never multiply each other's attempts. The control-plane client (DescribeTable, CreateTable)
 * keeps the SDK's standard retries.
 */
public final class DynamoClients {

  private DynamoClients() {}

  /**
   * The non-blocking client for BatchWriteItem, sized for at most {@code concurrency} calls in
   * flight (connections and threads are opened as calls need them, so an adaptive limit's most
   * costs nothing until it is reached): a {@link DirectBatchWriteClient}.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static DynamoDbAsyncClient dataPlane(ClientSettings settings, int concurrency) {
    Region region = region(settings);
    URI endpoint = settings.endpoint().orElseGet(() -> DynamoDbEndpointProvider.defaultProvider()
        .resolveEndpoint(DynamoDbEndpointParams.builder().region(region).build())
        .join()
        .url());
    return new DirectBatchWriteClient(endpoint, region, credentials(settings), transport(concurrency));
  }

  /** The data plane's transport: Apache 5, one connection per call in flight at most (opened when first needed). */
  public static SdkHttpClient transport(int concurrency) {
    return Apache5HttpClient.builder()
        .maxConnections(concurrency)
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(30))
        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
        .tcpKeepAlive(true)
        // No "Expect: 100-continue": it costs every call a round trip before its body is sent.
        .expectContinueEnabled(false)
        .build();
  }

  /**
   * The non-blocking client for reads (BatchGetItem, Scan), sized for {@code concurrency} calls
   * in flight: the SDK's on Netty, one attempt per call (a verification retries per key itself).
   *
   * @throws ConfigurationException when no region can be found
   */
  public static DynamoDbAsyncClient readPlane(ClientSettings settings, int concurrency) {
    var builder = DynamoDbAsyncClient.builder()
        .region(region(settings))
        .credentialsProvider(credentials(settings))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(Math.max(16, concurrency * 2))
            .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(oneAttempt());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * An SDK client's configuration for the calls ddbload retries itself: one attempt per call,
   * 30 s per attempt, 60 s per call.
   */
  public static ClientOverrideConfiguration oneAttempt() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallAttemptTimeout(Duration.ofSeconds(30))
        .apiCallTimeout(Duration.ofSeconds(60))
        .build();
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

  /** The credentials the settings name, else the default chain's. */
  public static AwsCredentialsProvider credentials(ClientSettings settings) {
    return AwsChains.credentials(settings);
  }

  /**
   * The region the settings name, else the default chain's.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static Region region(ClientSettings settings) {
    return AwsChains.region(settings, "No AWS region is set: give ClientSettings.region or set AWS_REGION.");
  }
}
