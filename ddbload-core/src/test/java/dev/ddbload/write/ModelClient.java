package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.testkit.fault.CallOutcome;
import dev.ddbload.testkit.fault.DynamoModel;
import dev.ddbload.testkit.fault.ModelItem;
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
 * The writer's data-plane client against the testkit's {@link DynamoModel} on simulated time:
 * the model decides each call when it is sent, and the answer (the model's SDK exception or a
 * response with the unprocessed items and the consumed capacity) is delivered after the model's
 * latency plus the wait for a server that writes {@code itemsPerSecond} items in turn (so latency
 * climbs with load, as DynamoDB Local's does), as an event of the {@link SimScheduler}. Takes the
 * items as they are, like the direct client. Counts calls and their fate per simulated second.
 */
final class ModelClient implements DynamoDbAsyncClient, ItemCalls {

  private final DynamoModel model;
  private final SimScheduler clock;
  private final double itemsPerSecond;
  private long serverFreeAt;
  /** Per simulated second: calls, calls throttled whole, items sent, items processed. */
  private final List<long[]> seconds = new ArrayList<>();

  ModelClient(DynamoModel model, SimScheduler clock, double itemsPerSecond) {
    this.model = model;
    this.clock = clock;
    this.itemsPerSecond = itemsPerSecond;
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> writeItem(String table, dev.ddbload.batch.SingleWrite write) {
    throw new UnsupportedOperationException("the model writes batches only");
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItems(String table, List<WriteItem> items) {
    CompletableFuture<BatchWriteItemResponse> result = new CompletableFuture<>();
    decide(table, items, outcome -> answer(result, table, items, outcome));
    return result;
  }

  /** Statements as the model decides a batch: the items it does not process are throttled statements. */
  @Override
  public CompletableFuture<StatementAnswers> executeStatements(String table, List<WriteItem> items) {
    CompletableFuture<StatementAnswers> result = new CompletableFuture<>();
    decide(table, items, outcome -> {
      if (outcome.fault() != CallOutcome.Fault.NONE) {
        CompletableFuture<BatchWriteItemResponse> failed = new CompletableFuture<>();
        answer(failed, table, items, outcome);
        failed.whenComplete((r, e) -> result.completeExceptionally(e));
        return;
      }
      List<StatementAnswers.Result> results = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        results.add(outcome.isProcessed(i) ? StatementAnswers.Result.DONE
            : new StatementAnswers.Result("ProvisionedThroughputExceeded", "throttled", false));
      }
      result.complete(new StatementAnswers(outcome.consumedUnits(), results));
    });
    return result;
  }

  private void decide(String table, List<WriteItem> items, java.util.function.Consumer<CallOutcome> then) {
    List<ModelItem> asked = new ArrayList<>(items.size());
    for (WriteItem item : items) {
      asked.add(new ModelItem(item.key().get("pk").s(), item.estimatedWriteUnits()));
    }
    long now = clock.nanoTime();
    CallOutcome outcome = model.batchWrite(table, asked);
    int processed = outcome.processedCount();
    long[] second = second(now);
    second[0]++;
    second[1] += outcome.fault() == CallOutcome.Fault.THROTTLE || outcome.fault()
        == CallOutcome.Fault.THROTTLING_EXCEPTION ? 1 : 0;
    second[2] += items.size();
    second[3] += processed;
    long start = Math.max(now, serverFreeAt);
    serverFreeAt = start + (long) (processed / itemsPerSecond * 1e9);
    long latency = Math.max(100_000, outcome.latencyNanos()) + (serverFreeAt - now);
    clock.at(now + latency, () -> then.accept(outcome));
  }

  private static void answer(CompletableFuture<BatchWriteItemResponse> result, String table, List<WriteItem> items,
      CallOutcome outcome) {
    switch (outcome.fault()) {
      case NONE -> {
        List<WriteRequest> back = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          if (!outcome.isProcessed(i)) {
            back.add(WriteRequest.builder().putRequest(PutRequest.builder().item(items.get(i).key()).build()).build());
          }
        }
        result.complete(BatchWriteItemResponse.builder()
            .unprocessedItems(back.isEmpty() ? Map.of() : Map.of(table, back))
            .consumedCapacity(ConsumedCapacity.builder().tableName(table).capacityUnits(outcome.consumedUnits()).build())
            .build());
      }
      case THROTTLE -> result.completeExceptionally(error(400, "ProvisionedThroughputExceededException"));
      case THROTTLING_EXCEPTION -> result.completeExceptionally(error(400, "ThrottlingException"));
      case HTTP_500 -> result.completeExceptionally(error(500, "InternalServerError"));
      case HTTP_503 -> result.completeExceptionally(error(503, "ServiceUnavailable"));
      case VALIDATION -> result.completeExceptionally(error(400, "ValidationException"));
      case DROP -> result.completeExceptionally(SdkClientException.create("Connection reset",
          new java.net.SocketException("Connection reset")));
      default -> throw new IllegalStateException(outcome.fault().name());
    }
  }

  private static DynamoDbException error(int status, String code) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }

  private long[] second(long now) {
    int s = (int) (now / 1_000_000_000L);
    while (seconds.size() <= s) {
      seconds.add(new long[4]);
    }
    return seconds.get(s);
  }

  /** Share of calls throttled whole over simulated seconds {@code [from, to)}. */
  double throttledCallShare(int from, int to) {
    long calls = sum(0, from, to);
    return calls == 0 ? 0 : (double) sum(1, from, to) / calls;
  }

  /** Share of items sent that were not processed over simulated seconds {@code [from, to)}. */
  double unprocessedItemShare(int from, int to) {
    long items = sum(2, from, to);
    return items == 0 ? 0 : 1 - (double) sum(3, from, to) / items;
  }

  private long sum(int what, int from, int to) {
    long total = 0;
    for (int s = from; s < Math.min(to, seconds.size()); s++) {
      total += seconds.get(s)[what];
    }
    return total;
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
