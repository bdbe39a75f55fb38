package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.RejectReason;
import java.util.List;

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

  /**
   * DynamoDB acknowledged these items, all of one call. By default {@link #written(WriteItem)}
   * for each; an implementation may do its bookkeeping once per call instead of once per item.
   */
  default void written(List<WriteItem> items) {
    for (WriteItem item : items) {
      written(item);
    }
  }

  /**
   * DynamoDB refused the item's single write on its condition ({@link dev.ddbload.batch.SingleWrite#conflict()}):
   * an outcome of the record, not an error.
   */
  void skipped(WriteItem item);

  /** The item will not be written; it must go to the rejects file. */
  void rejected(WriteItem item, RejectReason reason, String message);
}
