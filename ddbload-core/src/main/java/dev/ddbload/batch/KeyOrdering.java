package dev.ddbload.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps the last occurrence of a key in input order the one that ends up in the table, whatever
 * the concurrency, latency and retries: at most one write per key is in flight. A record whose
 * key is in flight is parked until that write finishes (written or rejected); a later record
 * with the same key replaces the parked one, which is then superseded. Parked records are at
 * most one per key in flight, so memory stays bounded.
 *
 * <p>{@link #admit}, {@link #submitted} and {@link #takeReady} are called by the one reader
 * thread; {@link #finished} by the writer's completion threads. Thread-safe for that use.
 */
public final class KeyOrdering {

  private final ConcurrentHashMap<Map<String, AttributeValue>, Slot> busy = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<WriteItem> ready = new LinkedBlockingQueue<>();
  private final Consumer<WriteItem> onSuperseded;

  /** @param onSuperseded called with each parked item a later one with the same key replaced */
  public KeyOrdering(Consumer<WriteItem> onSuperseded) {
    this.onSuperseded = onSuperseded;
  }

  /**
   * Whether the item may be batched now. If its key has a write in flight, the item is parked
   * instead (replacing, and superseding, an item parked earlier for that key) and this returns
   * false.
   */
  public boolean admit(WriteItem item) {
    WriteItem[] replaced = new WriteItem[1];
    boolean[] parked = new boolean[1];
    busy.computeIfPresent(item.key(), (k, slot) -> {
      replaced[0] = slot.parked;
      slot.parked = item;
      parked[0] = true;
      return slot;
    });
    if (replaced[0] != null) {
      onSuperseded.accept(replaced[0]);
    }
    return !parked[0];
  }

  /** Marks the batch's keys as in flight; call before handing the batch to the writer. */
  public void submitted(List<WriteItem> batch) {
    for (WriteItem item : batch) {
      busy.computeIfAbsent(item.key(), k -> new Slot());
    }
  }

  /**
   * Called when an item's write is over, written or rejected: frees its key, or makes the item
   * parked behind it ready to be batched (its key stays busy until that one is over too).
   */
  public void finished(WriteItem item) {
    busy.computeIfPresent(item.key(), (k, slot) -> {
      if (slot.parked == null) {
        return null;
      }
      ready.add(slot.parked);
      slot.parked = null;
      return slot;
    });
  }

  /** Parked items whose turn has come, in the order they became ready. */
  public List<WriteItem> takeReady() {
    if (ready.isEmpty()) {
      return List.of();
    }
    List<WriteItem> items = new ArrayList<>();
    ready.drainTo(items);
    return items;
  }

  /** Waits up to {@code timeoutMillis} for a parked item to become ready. */
  public List<WriteItem> awaitReady(long timeoutMillis) throws InterruptedException {
    WriteItem first = ready.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<WriteItem> items = new ArrayList<>();
    items.add(first);
    ready.drainTo(items);
    return items;
  }

  /** Whether any item is parked or ready but not yet batched. */
  public boolean hasWaiting() {
    // Slots first: finished() queues a parked item before clearing its slot, so an item seen
    // in neither place cannot exist.
    for (Slot slot : busy.values()) {
      if (slot.parked != null) {
        return true;
      }
    }
    return !ready.isEmpty();
  }

  /** Keys with a write in flight, for tests and diagnostics. */
  public int busyKeys() {
    return busy.size();
  }

  private static final class Slot {
    volatile WriteItem parked;
  }
}
