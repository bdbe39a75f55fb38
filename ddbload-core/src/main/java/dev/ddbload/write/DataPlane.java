package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * The writer's sending part: one call of a call's items, answered later: a BatchWriteItem call;
 * for a single write sent alone ({@link WriteItem.Call#SINGLE}) its PutItem, UpdateItem or
 * DeleteItem, answered as a BatchWriteItem response with nothing unprocessed; for statements
 * ({@link WriteItem.Call#isStatement()}) a BatchExecuteStatement call.
 */
interface DataPlane {

  /** Sends the items (requests of a batch, or one single write) with {@code ReturnConsumedCapacity TOTAL}. */
  CompletableFuture<BatchWriteItemResponse> send(String table, List<WriteItem> items);

  /** Sends the items' statements in one BatchExecuteStatement call with {@code ReturnConsumedCapacity TOTAL}. */
  CompletableFuture<StatementAnswers> statements(String table, List<WriteItem> items);

  /**
   * Sending through {@code client}: the items' own request JSON when the client takes it as it is
   * ({@link ItemCalls}, the loader's own client), else the SDK's request built from that JSON.
   */
  static DataPlane of(DynamoDbAsyncClient client) {
    if (client instanceof ItemCalls calls) {
      return new DataPlane() {
        @Override
        public CompletableFuture<BatchWriteItemResponse> send(String table, List<WriteItem> items) {
          return items.get(0).single() != null
              ? calls.writeItem(table, items.get(0).single())
              : calls.batchWriteItems(table, items);
        }

        @Override
        public CompletableFuture<StatementAnswers> statements(String table, List<WriteItem> items) {
          return calls.executeStatements(table, items);
        }
      };
    }
    return new DataPlane() {
      @Override
      public CompletableFuture<BatchWriteItemResponse> send(String table, List<WriteItem> items) {
        return items.get(0).single() != null
            ? SingleWriteJson.send(client, table, items.get(0).single())
            : client.batchWriteItem(BatchWriteJson.request(table, items));
      }

      @Override
      public CompletableFuture<StatementAnswers> statements(String table, List<WriteItem> items) {
        return StatementsJson.send(client, table, items);
      }
    };
  }
}
