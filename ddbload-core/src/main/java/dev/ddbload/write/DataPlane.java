package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/** The writer's sending part: one BatchWriteItem call of a call's items, answered later. */
@FunctionalInterface
interface DataPlane {

  /** Sends the items to the table with {@code ReturnConsumedCapacity TOTAL}. */
  CompletableFuture<BatchWriteItemResponse> send(String table, List<WriteItem> items);

  /**
   * Sending through {@code client}: the items' own request JSON when the client takes it as it is
   * ({@link ItemCalls}, the loader's own client), else the SDK's request built from that JSON.
   */
  static DataPlane of(DynamoDbAsyncClient client) {
    if (client instanceof ItemCalls calls) {
      return calls::batchWriteItems;
    }
    return (table, items) -> client.batchWriteItem(BatchWriteJson.request(table, items));
  }
}
