package dev.ddbload.bench.planes;

import dev.ddbload.write.BatchWriteJson;
import dev.ddbload.write.DirectBatchWriteClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * The SDK's own synchronous client (its marshalling, interceptors and signing, on the same
 * Apache 5 transport as {@link DirectBatchWriteClient}) run on a pool of sender threads, one per
 * call in flight: the direct client's threading with the SDK's request path, to compare the two
 * end to end (see {@link ComparedDataPlanes} and docs/BENCHMARKS.md). The writer hands it
 * SDK requests built from each item's JSON ({@link BatchWriteJson#request}). Implements
 * BatchWriteItem only; every other operation throws {@link UnsupportedOperationException}.
 */
final class SyncSdkDataPlane implements DynamoDbAsyncClient {

  private final DynamoDbClient sync;
  private final ExecutorService senders;

  SyncSdkDataPlane(DynamoDbClient sync) {
    this.sync = sync;
    this.senders = DirectBatchWriteClient.senderThreads();
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
    try {
      return CompletableFuture.supplyAsync(() -> sync.batchWriteItem(request), senders);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.failedFuture(SdkClientException.create("the client is closed", closed));
    }
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    senders.shutdownNow();
    sync.close();
  }
}
