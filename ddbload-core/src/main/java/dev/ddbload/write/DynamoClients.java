package dev.ddbload.write;

import dev.ddbload.AwsChains;
import dev.ddbload.ClientSettings;
import dev.ddbload.ConfigurationException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the two DynamoDB clients a load uses. The data-plane async client has the SDK's own
 * retries switched off: the writer retries per item with its own capped backoff, so the two
 * never multiply each other's attempts. The control-plane client (DescribeTable, CreateTable)
 * keeps the SDK's standard retries.
 */
public final class DynamoClients {

  private DynamoClients() {}

  /**
   * The non-blocking client for BatchWriteItem, sized for {@code concurrency} calls in flight.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static DynamoDbAsyncClient dataPlane(ClientSettings settings, int concurrency) {
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
