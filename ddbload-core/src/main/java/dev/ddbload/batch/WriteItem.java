package dev.ddbload.batch;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.ItemSize;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One validated record on its way to DynamoDB: its write request as the JSON a BatchWriteItem
 * body carries, its key (to match UnprocessedItems back and to find duplicates), its size, the
 * attempts made so far, and whether its write is over. The request is written once, by the read
 * lane right after decoding, and kept as bytes rather than as the SDK's attribute-value maps:
 * a call then copies 25 byte arrays instead of walking 25 item maps decoded thousands of records
 * earlier, and the shuffle window and the writer keep a few hundred bytes per record alive
 * instead of a map of objects. Attempts and the end are changed only by the writer, which
 * handles an item on one thread at a time.
 */
public final class WriteItem {

  private final Origin origin;
  private final Supplier<String> raw;
  private final Map<String, AttributeValue> key;
  private final byte[] json;
  private final boolean delete;
  private final int itemBytes;
  /** A write sent alone (conditional put, update, conditional delete), or null for a batch's request. */
  private final SingleWrite single;
  /** Earlier records of the key whose writes this one carries (merged into it), in input order. */
  private final List<WriteItem> absorbed;
  private volatile int attempts;
  private volatile boolean finished;
  /** How the write goes out next; changed by the writer only. */
  private volatile Call call;

  /** The call a write goes out with. */
  public enum Call {
    /** A request of a BatchWriteItem call. */
    BATCH,
    /** Its own PutItem, UpdateItem or DeleteItem call. */
    SINGLE,
    /** A PartiQL UPDATE statement of a BatchExecuteStatement call. */
    STATEMENT_UPDATE,
    /** A PartiQL INSERT statement of a BatchExecuteStatement call. */
    STATEMENT_INSERT;

    /** Whether the write is a statement of a BatchExecuteStatement call. */
    public boolean isStatement() {
      return this == STATEMENT_UPDATE || this == STATEMENT_INSERT;
    }
  }

  private WriteItem(SourceRecord record, Map<String, AttributeValue> key, byte[] json, boolean delete,
      int itemBytes) {
    this(record.origin(), record.raw(), key, json, delete, itemBytes, null, List.of());
  }

  private WriteItem(Origin origin, Supplier<String> raw, Map<String, AttributeValue> key, byte[] json,
      boolean delete, int itemBytes, SingleWrite single, List<WriteItem> absorbed) {
    this.origin = origin;
    this.raw = raw;
    this.key = key;
    this.json = json;
    this.delete = delete;
    this.itemBytes = itemBytes;
    this.single = single;
    this.absorbed = absorbed;
    this.call = single == null ? Call.BATCH : Call.SINGLE;
  }

  /** How the write goes out next: a batch's request, its own call, or a statement. */
  public Call call() {
    return call;
  }

  /** Sends a single write alone ({@link Call#SINGLE}) from now on. */
  public void sendAlone() {
    sendAs(Call.SINGLE);
  }

  /** Sends a single write as {@code next} from now on: alone, or as a statement. */
  public void sendAs(Call next) {
    if (single == null || next == Call.BATCH) {
      throw new IllegalArgumentException("only a single write changes how it is sent");
    }
    call = next;
  }

  /**
   * A write sent alone with PutItem, UpdateItem or DeleteItem.
   *
   * @param itemBytes the record's item size (for a delete, its key's)
   */
  public static WriteItem single(SourceRecord record, SingleWrite write, int itemBytes) {
    return new WriteItem(record.origin(), record.raw(), write.key(), null, write.op() == SingleWrite.Op.DELETE,
        itemBytes, write, List.of());
  }

  /**
   * This record's write replaced by {@code write}, which also carries the write of {@code earlier}
   * (two writes of its key made one): the earlier record ends when this one does
   * ({@link #absorbed()}), so a checkpoint never counts it finished before its effect is written.
   */
  public WriteItem carrying(SingleWrite write, WriteItem earlier) {
    int bytes = write.op() == SingleWrite.Op.DELETE ? ItemSize.of(write.key())
        : Math.max(itemBytes, ItemSize.of(write.values()));
    List<WriteItem> carried = new ArrayList<>(earlier.absorbed);
    carried.add(earlier.withoutAbsorbed());
    carried.addAll(absorbed);
    return new WriteItem(origin, raw, key, null, write.op() == SingleWrite.Op.DELETE, bytes, write,
        List.copyOf(carried));
  }

  private WriteItem withoutAbsorbed() {
    return absorbed.isEmpty() ? this
        : new WriteItem(origin, raw, key, json, delete, itemBytes, single, List.of());
  }

  /**
   * Earlier records of the key whose writes were merged into this one, in input order: they end
   * with it (superseded when it is written, rejected with it when it is rejected).
   */
  public List<WriteItem> absorbed() {
    return absorbed;
  }

  /** The write this item makes alone, or null when it is a request of a BatchWriteItem call. */
  public SingleWrite single() {
    return single;
  }

  /**
   * A put of the record's item.
   *
   * @param record the decoded record: its origin and raw text are kept for rejects, not its item
   * @param key the item's key attributes
   * @param item the item to put
   * @param itemBytes the item's DynamoDB size
   */
  public static WriteItem put(SourceRecord record, Map<String, AttributeValue> key, Map<String, AttributeValue> item,
      int itemBytes) {
    return new WriteItem(record, key, ItemJson.putRequest(item), false, itemBytes);
  }

  /** A delete of the record's key. */
  public static WriteItem delete(SourceRecord record, Map<String, AttributeValue> key) {
    return new WriteItem(record, key, ItemJson.deleteRequest(key), true, ItemSize.of(key));
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

  /** Whether this is a delete of the key rather than a put of an item. */
  public boolean isDelete() {
    return delete;
  }

  /**
   * Writes the request's JSON ({@code {"PutRequest":{"Item":{...}}}} or {@code {"DeleteRequest":...}}),
   * as BatchWriteItem's body carries it.
   */
  public void writeRequestJson(OutputStream out) throws IOException {
    out.write(json, 0, json.length);
  }

  /** The request's JSON; a copy. A single write has none ({@link IllegalStateException}). */
  public byte[] requestJson() {
    if (json == null) {
      throw new IllegalStateException("a single write is not a BatchWriteItem request");
    }
    return json.clone();
  }

  public int itemBytes() {
    return itemBytes;
  }

  /**
   * The bytes the request adds to a BatchWriteItem body: its JSON and the comma after it; for a
   * single write, its item's size and room for its expressions.
   */
  public int requestBytes() {
    return json != null ? json.length + 1 : itemBytes + 256;
  }

  /** Write capacity units the write should consume: one per started KB of a put, one for a delete. */
  public int estimatedWriteUnits() {
    return delete ? 1 : ItemSize.writeUnits(itemBytes);
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
