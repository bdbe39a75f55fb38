package dev.ddbload.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Groups write items into BatchWriteItem batches within DynamoDB's limits: at most 25 requests
 * and 16 MB per call, and no key twice in one call (DynamoDB rejects the whole call otherwise).
 * A later item with a key already in the open batch replaces the earlier one, which is reported
 * as superseded: the table ends with the later record either way. Not thread-safe: each reader
 * thread has its own (see {@link KeyOrdering.Lane}).
 */
public final class Batcher {

  /** BatchWriteItem's limit on requests per call. */
  public static final int MAX_BATCH_ITEMS = 25;
  /** BatchWriteItem's limit on the size of one call. */
  public static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
  /** Room left in a batch for the request's own envelope ({@code RequestItems}, table name). */
  private static final int ENVELOPE_BYTES = 1024;
  /** The most {@link WriteItem#requestBytes()} one call may carry: 16 MB less the envelope. */
  public static final long MAX_PAYLOAD_BYTES = MAX_BATCH_BYTES - ENVELOPE_BYTES;

  private final int maxItems;
  private final long maxBytes;
  private final Consumer<WriteItem> onSuperseded;
  private List<WriteItem> items;
  private Map<Map<String, AttributeValue>, Integer> indexByKey;
  private long bytes;

  /** A batcher with DynamoDB's limits. */
  public Batcher(Consumer<WriteItem> onSuperseded) {
    this(MAX_BATCH_ITEMS, MAX_BATCH_BYTES, onSuperseded);
  }

  /**
   * A batcher with smaller limits.
   *
   * @param maxItems requests per batch, 1 to 25
   * @param maxBytes request bytes per batch, at most 16 MB
   * @param onSuperseded called with each item a later one with the same key replaced
   */
  public Batcher(int maxItems, long maxBytes, Consumer<WriteItem> onSuperseded) {
    if (maxItems < 1 || maxItems > MAX_BATCH_ITEMS) {
      throw new IllegalArgumentException("maxItems must be 1 to " + MAX_BATCH_ITEMS);
    }
    if (maxBytes < 1 || maxBytes > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException("maxBytes must be 1 to " + MAX_BATCH_BYTES);
    }
    this.maxItems = maxItems;
    this.maxBytes = maxBytes - ENVELOPE_BYTES;
    this.onSuperseded = onSuperseded;
    reset();
  }

  /**
   * Adds an item. Returns the batch that must be sent now, or an empty list: the open batch when
   * this item would push it over the byte limit (the item then starts the next batch), or the
   * open batch with this item when it is full.
   */
  public List<WriteItem> add(WriteItem item) {
    Integer existing = indexByKey.get(item.key());
    if (existing != null) {
      WriteItem replaced = items.set(existing, item);
      bytes += item.requestBytes() - replaced.requestBytes();
      onSuperseded.accept(replaced);
      if (bytes <= maxBytes) {
        return List.of();
      }
      // The replacement made the batch too large: send the rest, start over with it.
      items.remove((int) existing);
      bytes -= item.requestBytes();
      List<WriteItem> full = drain();
      append(item);
      return full;
    }
    List<WriteItem> full = List.of();
    if (!items.isEmpty() && bytes + item.requestBytes() > maxBytes) {
      full = drain();
    }
    append(item);
    if (items.size() >= maxItems) {
      if (!full.isEmpty()) {
        throw new IllegalStateException("two batches full at once");
      }
      return drain();
    }
    return full;
  }

  /** Returns the open batch (possibly empty) and starts a new one. */
  public List<WriteItem> drain() {
    List<WriteItem> batch = items;
    reset();
    return batch;
  }

  /** Items in the open batch. */
  public int size() {
    return items.size();
  }

  private void append(WriteItem item) {
    indexByKey.put(item.key(), items.size());
    items.add(item);
    bytes += item.requestBytes();
  }

  private void reset() {
    items = new ArrayList<>(maxItems);
    indexByKey = new HashMap<>(maxItems * 2);
    bytes = 0;
  }
}
