package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The writer's data-plane client against a {@link TableModel} on simulated time: each call is
 * answered by the model at once, and its answer delivered after the model's latency as a
 * scheduled event. Takes the items as they are, like the direct client.
 */
final class ModelClient implements DynamoDbAsyncClient, ItemCalls {

  private final TableModel model;
  private final SimScheduler clock;

  ModelClient(TableModel model, SimScheduler clock) {
    this.model = model;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItems(String table, List<WriteItem> items) {
    TableModel.Outcome outcome = model.call(items, clock.nanoTime());
    CompletableFuture<BatchWriteItemResponse> result = new CompletableFuture<>();
    clock.at(clock.nanoTime() + outcome.latencyNanos(), () -> answer(result, table, outcome));
    return result;
  }

  private static void answer(CompletableFuture<BatchWriteItemResponse> result, String table,
      TableModel.Outcome outcome) {
    switch (outcome.kind()) {
      case THROTTLED -> result.completeExceptionally(error(400, "ProvisionedThroughputExceededException"));
      case HTTP_500 -> result.completeExceptionally(error(500, "InternalServerError"));
      case RESET -> result.completeExceptionally(SdkClientException.create("Connection reset",
          new java.net.SocketException("Connection reset")));
      default -> {
        List<WriteRequest> back = new ArrayList<>(outcome.unprocessed().size());
        for (WriteItem item : outcome.unprocessed()) {
          back.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item.key()).build()).build());
        }
        result.complete(BatchWriteItemResponse.builder()
            .unprocessedItems(back.isEmpty() ? Map.of() : Map.of(table, back))
            .consumedCapacity(ConsumedCapacity.builder().tableName(table).capacityUnits(outcome.consumed()).build())
            .build());
      }
    }
  }

  private static DynamoDbException error(int status, String code) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
    throw new UnsupportedOperationException("the writer sends items");
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
