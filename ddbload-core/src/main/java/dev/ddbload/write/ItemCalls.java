package dev.ddbload.write;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * A data-plane client that takes a call's items as they are (their request JSON) rather than an
 * SDK request: the {@link BatchWriter} uses it when its client offers it. Its calls ask for the
 * consumed capacity unless told not to ({@link DirectBatchWriteClient#askConsumedCapacity}).
 */
interface ItemCalls {

  /** One BatchWriteItem call of these items to the table, with {@code ReturnConsumedCapacity TOTAL}. */
  CompletableFuture<BatchWriteItemResponse> batchWriteItems(String table, List<WriteItem> items);

  /**
   * One PutItem, UpdateItem or DeleteItem call of the write, with {@code ReturnConsumedCapacity
   * TOTAL}, answered as a BatchWriteItem response with nothing unprocessed and the call's consumed
   * capacity; a refused condition fails it with {@code ConditionalCheckFailedException}.
   */
  CompletableFuture<BatchWriteItemResponse> writeItem(String table, SingleWrite write);

  /**
   * One BatchExecuteStatement call of the items' statements ({@link PartiqlWrite}), with
   * {@code ReturnConsumedCapacity TOTAL}.
   */
  CompletableFuture<StatementAnswers> executeStatements(String table, List<WriteItem> items);
}
