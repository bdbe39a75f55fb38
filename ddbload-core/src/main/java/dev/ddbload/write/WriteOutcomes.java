package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.RejectReason;

/**
 * What the writer reports about each call and each item. Called from the SDK's completion
 * threads and the retry timer, concurrently: implementations must be thread-safe.
 */
public interface WriteOutcomes {

  /** A BatchWriteItem call was sent with {@code items} requests, {@code retried} of them resends. */
  void sent(int items, int retried);

  /** DynamoDB reported this much write capacity consumed by a call. */
  void consumed(double writeUnits);

  /** DynamoDB acknowledged the item. */
  void written(WriteItem item);

  /** The item will not be written; it must go to the rejects file. */
  void rejected(WriteItem item, RejectReason reason, String message);
}
