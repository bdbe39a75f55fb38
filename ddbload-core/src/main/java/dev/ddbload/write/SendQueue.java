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
 * share a key, so any of them may go in one call of their kind ({@link WriteItem#call()}): a
 * BatchWriteItem call of requests, a BatchExecuteStatement call of statements (25 at most too),
 * or a single write's own call. Thread-safe and lock-free.
 */
final class SendQueue {

  /** How many resends of another kind a call passes over, at most, looking for its own. */
  private static final int MAX_SET_ASIDE_ITEMS = 256;
  /** How many batches a call passes over (partly taken or of another kind), at most. */
  private static final int MAX_SET_ASIDE_BATCHES = 8;

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
   * batches, all of one kind of call ({@link WriteItem#call()}): items of another kind keep
   * their place for a later call. Empty when nothing is queued.
   */
  List<WriteItem> nextCall() {
    List<WriteItem> half = halves.pollFirst();
    if (half != null) {
      return half;
    }
    Call call = new Call();
    List<WriteItem> other = new ArrayList<>();
    WriteItem item;
    while (!call.isFull() && other.size() < MAX_SET_ASIDE_ITEMS && (item = resends.pollFirst()) != null) {
      if (!call.takes(item)) {
        other.add(item);
      } else if (!call.add(item)) {
        other.add(item);
        break;
      }
    }
    for (int i = other.size() - 1; i >= 0; i--) {
      resends.addFirst(other.get(i));
    }
    List<List<WriteItem>> setAside = new ArrayList<>();
    List<WriteItem> batch;
    while (!call.isFull() && !call.overflowed && setAside.size() < MAX_SET_ASIDE_BATCHES
        && (batch = batches.pollFirst()) != null) {
      List<WriteItem> rest = new ArrayList<>();
      for (WriteItem next : batch) {
        if (!call.add(next)) {
          rest.add(next);
        }
      }
      if (!rest.isEmpty()) {
        // The call is full, by count or by bytes, or these are of another kind: they go first next time.
        setAside.add(rest);
      }
    }
    for (int i = setAside.size() - 1; i >= 0; i--) {
      batches.addFirst(setAside.get(i));
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

  /** A call being filled, within BatchWriteItem's (and BatchExecuteStatement's) limits. */
  private static final class Call {
    final List<WriteItem> items = new ArrayList<>(Batcher.MAX_BATCH_ITEMS);
    WriteItem.Call kind;
    long bytes;
    /** Whether an item of the call's kind did not fit its bytes. */
    boolean overflowed;

    boolean isFull() {
      return items.size() >= Batcher.MAX_BATCH_ITEMS || kind == WriteItem.Call.SINGLE;
    }

    /** Whether the item is of this call's kind (any item, while the call is empty). */
    boolean takes(WriteItem item) {
      return kind == null || item.call() == kind;
    }

    /** Adds the item if it fits; an empty call takes any item, a single write goes alone. */
    boolean add(WriteItem item) {
      if (isFull() || !takes(item)) {
        return false;
      }
      if (!items.isEmpty() && bytes + item.requestBytes() > Batcher.MAX_PAYLOAD_BYTES) {
        overflowed = true;
        return false;
      }
      kind = item.call();
      items.add(item);
      bytes += item.requestBytes();
      return true;
    }
  }
}
