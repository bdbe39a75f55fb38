package dev.ddbload.write;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.WriteItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What the {@link BatchWriter} sends next, from three queues: halves of refused batches (first,
 * each sent as it is, never mixed with other items, so isolating a refused item converges),
 * items whose backoff is over (next, together), and submitted batches (last, split as needed to
 * top up a call). A call holds at most 25 items and 16 MB of them. The items in the queues never
 * share a key, so any of them may go in one call. A single write ({@link WriteItem#single()}) is
 * a call of its own. Thread-safe and lock-free.
 */
final class SendQueue {

  private final ConcurrentLinkedDeque<List<WriteItem>> halves = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<WriteItem> resends = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<List<WriteItem>> batches = new ConcurrentLinkedDeque<>();

  /** Queues a submitted batch, behind the others. */
  void addBatch(List<WriteItem> batch) {
    batches.addLast(batch);
  }

  /** Queues items whose backoff is over. */
  void addResends(List<WriteItem> items) {
    resends.addAll(items);
  }

  /** Queues the two halves of a refused batch ahead of everything, the first half first. */
  void addHalves(List<WriteItem> first, List<WriteItem> second) {
    halves.addFirst(second);
    halves.addFirst(first);
  }

  /** Whether nothing is queued. */
  boolean isEmpty() {
    return halves.isEmpty() && resends.isEmpty() && batches.isEmpty();
  }

  /**
   * Takes the next call's items: a half as it is; otherwise resends, topped up from the
   * batches. Empty when nothing is queued.
   */
  List<WriteItem> nextCall() {
    List<WriteItem> half = halves.pollFirst();
    if (half != null) {
      return half;
    }
    Call call = new Call();
    WriteItem item;
    while (!call.isFull() && (item = resends.pollFirst()) != null) {
      if (!call.add(item)) {
        resends.addFirst(item);
        return call.items;
      }
    }
    List<WriteItem> batch;
    while (!call.isFull() && (batch = batches.pollFirst()) != null) {
      int taken = 0;
      while (taken < batch.size() && call.add(batch.get(taken))) {
        taken++;
      }
      if (taken < batch.size()) {
        // The call is full, by count or by bytes: the rest of the batch goes first next time.
        batches.addFirst(taken == 0 ? batch : new ArrayList<>(batch.subList(taken, batch.size())));
        return call.items;
      }
    }
    return call.items;
  }

  /** Takes everything queued. */
  List<WriteItem> drain() {
    List<WriteItem> all = new ArrayList<>();
    List<WriteItem> batch;
    while ((batch = halves.pollFirst()) != null) {
      all.addAll(batch);
    }
    WriteItem item;
    while ((item = resends.pollFirst()) != null) {
      all.add(item);
    }
    while ((batch = batches.pollFirst()) != null) {
      all.addAll(batch);
    }
    return all;
  }

  /** A call being filled, within BatchWriteItem's limits. */
  private static final class Call {
    final List<WriteItem> items = new ArrayList<>(Batcher.MAX_BATCH_ITEMS);
    long bytes;

    boolean isFull() {
      return items.size() >= Batcher.MAX_BATCH_ITEMS || (!items.isEmpty() && items.get(0).single() != null);
    }

    /** Adds the item if it fits; an empty call takes any item, a single write goes alone. */
    boolean add(WriteItem item) {
      if (isFull() || (!items.isEmpty()
          && (item.single() != null || bytes + item.requestBytes() > Batcher.MAX_PAYLOAD_BYTES))) {
        return false;
      }
      items.add(item);
      bytes += item.requestBytes();
      return true;
    }
  }
}
