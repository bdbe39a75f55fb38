package dev.ddbload.batch;

import dev.ddbload.item.RejectReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
  private final BiConsumer<WriteItem, RejectReason> onDropped;

  /** @param onSuperseded called with each parked item a later one with the same key replaced */
  public KeyOrdering(Consumer<WriteItem> onSuperseded) {
    this(onSuperseded, (item, why) -> {
      throw new IllegalStateException("only single writes are dropped");
    });
  }

  /**
   * @param onSuperseded called with each parked item a later one with the same key replaced
   * @param onDropped called with each single write that would be refused on its condition
   *     whatever the table holds, because of a write of its key parked before it
   */
  public KeyOrdering(Consumer<WriteItem> onSuperseded, BiConsumer<WriteItem, RejectReason> onDropped) {
    this.onSuperseded = onSuperseded;
    this.onDropped = onDropped;
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
      WriteItem next = slot.poll();
      if (next == null) {
        return null;
      }
      slot.inFlight = false;
      slot.holder = null;
      ready.add(next);
      return slot;
    });
  }

  /** Whether any item is parked or ready but not yet batched. */
  public boolean hasWaiting() {
    // Slots first: finished() queues a parked item before clearing its slot, so an item seen
    // in neither place cannot exist.
    for (Slot slot : slots.values()) {
      if (slot.waiting > 0) {
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
     * lane's open batch, the batcher replaces the earlier item; never for a single write, which
     * parks instead). Otherwise the item is parked and this returns false: a batch request
     * replaces, and supersedes, the one parked for its key; a single write follows the last one
     * parked for its key as {@link SingleWrite#follow} says (replacing it, merged with it, dropped,
     * or parked behind it). A parked write merged into a later one is not superseded: it ends when
     * the merged write does ({@link WriteItem#merged()}).
     */
    public boolean admit(WriteItem item) {
      boolean[] batchNow = new boolean[1];
      WriteItem[] replaced = new WriteItem[1];
      RejectReason[] dropped = new RejectReason[1];
      slots.compute(item.key(), (k, slot) -> {
        if (slot == null) {
          batchNow[0] = true;
          return new Slot(this);
        }
        if (slot.holder == this && !slot.inFlight && slot.waiting == 0 && item.single() == null) {
          // In this lane's open batch, with nothing parked behind: the batcher replaces it. (A
          // lane that took a ready item may hold a key another record is already parked on; a
          // later record then parks too, or it would overtake the parked one.)
          batchNow[0] = true;
          return slot;
        }
        WriteItem last = slot.last();
        if (last == null) {
          slot.park(item);
        } else if (item.single() == null || last.single() == null) {
          replaced[0] = slot.replaceLast(item);
        } else {
          SingleWrite.Succession next = SingleWrite.follow(last.single(), item.single());
          switch (next.kind()) {
            case REPLACE -> replaced[0] = slot.replaceLast(item);
            // Not superseded: the parked record's write goes on in the merged one, and the record
            // ends with it (WriteItem.merged), so a checkpoint never counts it done before.
            case MERGE -> slot.replaceLast(item.carrying(next.merged(), last));
            case DROP_LATER -> dropped[0] = next.dropped();
            default -> slot.park(item);
          }
        }
        return slot;
      });
      if (replaced[0] != null) {
        onSuperseded.accept(replaced[0]);
      }
      if (dropped[0] != null) {
        onDropped.accept(item, dropped[0]);
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

  /**
   * A held key: by a lane's open batch, or by a write in flight; and what waits behind it, in
   * order (one item, but for single writes that must all be sent: an update newer than a
   * conditional write before it). Changed only inside the map's {@code compute} for its key.
   */
  private static final class Slot {
    volatile Lane holder;
    volatile boolean inFlight;
    /** How many items are parked, for {@link #hasWaiting()} outside the key's lock. */
    volatile int waiting;
    private final ArrayDeque<WriteItem> parked = new ArrayDeque<>(1);

    Slot(Lane holder) {
      this.holder = holder;
    }

    WriteItem last() {
      return parked.peekLast();
    }

    void park(WriteItem item) {
      parked.addLast(item);
      waiting = parked.size();
    }

    /** Replaces the last parked item (there is one) and returns it. */
    WriteItem replaceLast(WriteItem item) {
      WriteItem before = parked.pollLast();
      park(item);
      return before;
    }

    /** The first parked item, taken out; null when none is. */
    WriteItem poll() {
      WriteItem first = parked.pollFirst();
      waiting = parked.size();
      return first;
    }
  }
}
