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
 * Makes the last occurrence of a key the one that ends up in the table, whatever the number of
 * readers, the concurrency, latency and retries: a key is held by at most one write at a time,
 * from the moment a reader puts it in its open batch until the write is over (written or
 * rejected).
 *
 * <p>Each reader thread has its own {@link Lane} (and its own {@link Batcher}). A record whose
 * key is free, or held by the same lane's open batch (where the batcher replaces the earlier
 * record), goes into the lane's batch. Otherwise, held by a write in flight or by another lane's
 * open batch, it is parked; a later record with the same key replaces the parked one, which is
 * then superseded. When the holding write ends, the parked record becomes ready and the next
 * lane to ask takes it. Since each source is read by one lane in order, a later record of a
 * source always waits for or supersedes an earlier one with its key; records of different
 * sources read at the same time keep the order in which they reach this class. Parked records
 * are at most one per held key, so memory stays bounded.
 *
 * <p>Thread-safe: {@link Lane} methods from their reader thread, {@link #submitted} before a
 * batch goes to the writer, {@link #finished} from the writer's completion threads.
 */
public final class KeyOrdering {

  private final ConcurrentHashMap<Map<String, AttributeValue>, Slot> slots = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<WriteItem> ready = new LinkedBlockingQueue<>();
  private final Consumer<WriteItem> onSuperseded;

  /** @param onSuperseded called with each parked item a later one with the same key replaced */
  public KeyOrdering(Consumer<WriteItem> onSuperseded) {
    this.onSuperseded = onSuperseded;
  }

  /** A lane for one reader thread. */
  public Lane newLane() {
    return new Lane();
  }

  /** Marks the batch's keys as in flight; call before handing the batch to the writer. */
  public void submitted(List<WriteItem> batch) {
    for (WriteItem item : batch) {
      slots.compute(item.key(), (k, slot) -> {
        Slot s = slot == null ? new Slot(null) : slot;
        s.holder = null;
        s.inFlight = true;
        return s;
      });
    }
  }

  /**
   * Called when an item's write is over, written or rejected: frees its key, or makes the item
   * parked behind it ready to be batched (its key stays held until that one is over too).
   */
  public void finished(WriteItem item) {
    slots.computeIfPresent(item.key(), (k, slot) -> {
      WriteItem next = slot.parked;
      if (next == null) {
        return null;
      }
      slot.inFlight = false;
      slot.holder = null;
      ready.add(next);
      slot.parked = null;
      return slot;
    });
  }

  /** Whether any item is parked or ready but not yet batched. */
  public boolean hasWaiting() {
    // Slots first: finished() queues a parked item before clearing its slot, so an item seen
    // in neither place cannot exist.
    for (Slot slot : slots.values()) {
      if (slot.parked != null) {
        return true;
      }
    }
    return !ready.isEmpty();
  }

  /** Keys held by an open batch or a write in flight, for tests and diagnostics. */
  public int busyKeys() {
    return slots.size();
  }

  /** One reader thread's view. Not thread-safe: one thread per lane. */
  public final class Lane {

    private Lane() {}

    /**
     * Whether the item may go into this lane's batcher now (when its key is already in this
     * lane's open batch, the batcher replaces the earlier item). Otherwise the item is parked
     * (replacing, and superseding, an item parked earlier for that key) and this returns false.
     */
    public boolean admit(WriteItem item) {
      boolean[] batchNow = new boolean[1];
      WriteItem[] replaced = new WriteItem[1];
      slots.compute(item.key(), (k, slot) -> {
        if (slot == null) {
          batchNow[0] = true;
          return new Slot(this);
        }
        if (slot.holder == this && !slot.inFlight && slot.parked == null) {
          // In this lane's open batch, with nothing parked behind: the batcher replaces it. (A
          // lane that took a ready item may hold a key another record is already parked on; a
          // later record then parks too, or it would overtake the parked one.)
          batchNow[0] = true;
          return slot;
        }
        replaced[0] = slot.parked;
        slot.parked = item;
        return slot;
      });
      if (replaced[0] != null) {
        onSuperseded.accept(replaced[0]);
      }
      return batchNow[0];
    }

    /** Parked items whose turn has come, now held by this lane: add them to its batcher. */
    public List<WriteItem> takeReady() {
      if (ready.isEmpty()) {
        return List.of();
      }
      List<WriteItem> items = new ArrayList<>();
      ready.drainTo(items);
      hold(items);
      return items;
    }

    /** Waits up to {@code timeoutMillis} for a parked item to become ready, then takes all ready. */
    public List<WriteItem> awaitReady(long timeoutMillis) throws InterruptedException {
      WriteItem first = ready.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (first == null) {
        return List.of();
      }
      List<WriteItem> items = new ArrayList<>();
      items.add(first);
      ready.drainTo(items);
      hold(items);
      return items;
    }

    private void hold(List<WriteItem> items) {
      for (WriteItem item : items) {
        slots.computeIfPresent(item.key(), (k, slot) -> {
          slot.holder = this;
          return slot;
        });
      }
    }
  }

  /** A held key: by a lane's open batch, or by a write in flight; and what waits behind it. */
  private static final class Slot {
    volatile Lane holder;
    volatile boolean inFlight;
    volatile WriteItem parked;

    Slot(Lane holder) {
      this.holder = holder;
    }
  }
}
