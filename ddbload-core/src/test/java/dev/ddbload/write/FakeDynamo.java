package dev.ddbload.write;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A fake DynamoDB for table {@code t} keyed by {@code pk}: answers BatchWriteItem with
 * {@link #answer} (by default: everything processed), or holds calls open for the test to
 * complete; records every call. Other operations are not implemented.
 */
public final class FakeDynamo implements DynamoDbAsyncClient {
  public final List<BatchWriteItemRequest> calls = new CopyOnWriteArrayList<>();
  public final List<CompletableFuture<BatchWriteItemResponse>> open = new CopyOnWriteArrayList<>();
  public volatile Function<BatchWriteItemRequest, CompletableFuture<BatchWriteItemResponse>> answer =
      call -> unprocessed(call, Set.of());
  public volatile boolean holdCalls;

  public static CompletableFuture<BatchWriteItemResponse> unprocessed(BatchWriteItemRequest call, Set<String> keys) {
    List<WriteRequest> back = call.requestItems().get("t").stream()
        .filter(r -> keys.contains((r.putRequest() != null ? r.putRequest().item() : r.deleteRequest().key()).get("pk").s())).collect(Collectors.toList());
    return CompletableFuture.completedFuture(BatchWriteItemResponse.builder()
        .unprocessedItems(back.isEmpty() ? Map.of() : Map.of("t", back)).build());
  }

  /** Completes held call {@code index}, returning {@code keys} unprocessed. */
  public void complete(int index, Set<String> keys) {
    open.get(index).complete(unprocessed(calls.get(index), keys).join());
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
    calls.add(request);
    if (holdCalls) {
      CompletableFuture<BatchWriteItemResponse> call = new CompletableFuture<>();
      open.add(call);
      return call;
    }
    return answer.apply(request);
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
