package dev.ddbload.bench.planes;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.write.DynamoClients;
import java.time.Duration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The data-plane clients kept only to compare with the loader's own ({@link DynamoClients#dataPlane},
 * the direct client): the SDK's asynchronous client on Netty, and the SDK's synchronous client on
 * the direct client's transport and sender threads. Either goes to
 * {@code BulkLoader.create(options, dataPlane, controlPlane)}, whose writer then sends SDK
 * requests built from each item's JSON. Both make one attempt per call (the writer retries per
 * item). See docs/BENCHMARKS.md.
 */
public final class ComparedDataPlanes {

  private ComparedDataPlanes() {}

  /**
   * A data-plane client by name: {@code direct} (the loader's own), {@code sdk} (the SDK's async
   * client on Netty) or {@code sdk-sync} (the SDK's synchronous client on sender threads).
   *
   * @throws IllegalArgumentException for another name
   */
  public static DynamoDbAsyncClient named(String plane, ClientSettings settings, int concurrency) {
    return switch (plane) {
      case "direct" -> DynamoClients.dataPlane(settings, concurrency);
      case "sdk" -> sdkAsync(settings, concurrency);
      case "sdk-sync" -> sdkSync(settings, concurrency);
      default -> throw new IllegalArgumentException("no data plane named " + plane + ": direct, sdk or sdk-sync");
    };
  }

  /** The SDK's own non-blocking client on Netty, with its retries off. */
  public static DynamoDbAsyncClient sdkAsync(ClientSettings settings, int concurrency) {
    var builder = DynamoDbAsyncClient.builder()
        .region(DynamoClients.region(settings))
        .credentialsProvider(DynamoClients.credentials(settings))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(Math.max(16, concurrency * 2))
            .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(DynamoClients.oneAttempt());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** The SDK's synchronous client on the direct client's transport and threads, its retries off. */
  public static DynamoDbAsyncClient sdkSync(ClientSettings settings, int concurrency) {
    var builder = DynamoDbClient.builder()
        .region(DynamoClients.region(settings))
        .credentialsProvider(DynamoClients.credentials(settings))
        .httpClient(DynamoClients.transport(concurrency))
        .overrideConfiguration(DynamoClients.oneAttempt());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return new SyncSdkDataPlane(builder.build());
  }
}
