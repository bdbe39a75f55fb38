package dev.ddbload.batch;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ItemSize;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One validated record on its way to DynamoDB: the write request, its key (to match
 * UnprocessedItems back and to find duplicates), its size, the attempts made so far, and
 * whether its write is over. Attempts and the end are changed only by the writer, which
 * handles an item on one thread at a time.
 */
public final class WriteItem {

  private final Origin origin;
  private final Supplier<String> raw;
  private final Map<String, AttributeValue> key;
  private final WriteRequest request;
  private final int itemBytes;
  private final int requestBytes;
  private volatile int attempts;
  private volatile boolean finished;

  /**
   * @param record the decoded record: its origin and raw text are kept for rejects, not its item
   *     (the request holds the SDK's copy of it; holding both doubled what the shuffle window and
   *     the writer keep alive per record)
   * @param key the item's key attributes
   * @param request the put or delete
   * @param itemBytes the item's DynamoDB size
   * @param requestBytes an upper bound of the request's JSON size
   */
  public WriteItem(SourceRecord record, Map<String, AttributeValue> key, WriteRequest request, int itemBytes,
      int requestBytes) {
    this.origin = record.origin();
    this.raw = record.raw();
    this.key = key;
    this.request = request;
    this.itemBytes = itemBytes;
    this.requestBytes = requestBytes;
  }

  /** Where the record came from. */
  public Origin origin() {
    return origin;
  }

  /** The record's raw text, for the rejects file. */
  public String rawText() {
    return raw.get();
  }

  public Map<String, AttributeValue> key() {
    return key;
  }

  public WriteRequest request() {
    return request;
  }

  public int itemBytes() {
    return itemBytes;
  }

  public int requestBytes() {
    return requestBytes;
  }

  /** Write capacity units the write should consume: one per started KB of a put, one for a delete. */
  public int estimatedWriteUnits() {
    return request.deleteRequest() != null ? 1 : ItemSize.writeUnits(itemBytes);
  }

  /** Attempts made so far. */
  public int attempts() {
    return attempts;
  }

  /** Counts one more attempt and returns the new count. */
  public int countAttempt() {
    return ++attempts;
  }

  /** Takes back the last attempt (a send refused whole, to be split, is not the item's fault). */
  public void uncountAttempt() {
    attempts--;
  }

  /** Marks the item's write as over, written or rejected; false if it already was. */
  public boolean finish() {
    if (finished) {
      return false;
    }
    finished = true;
    return true;
  }

  /** Whether the item's write is over. */
  public boolean isFinished() {
    return finished;
  }
}
