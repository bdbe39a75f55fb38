package dev.ddbload.write;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.WriteItem;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a {@link BatchWriter} may hold: call slots (its {@link InFlightLimit}, pinned or following
 * latency) and room for items, {@link #ITEMS_PER_SLOT} per slot and {@link #KIB_INSIDE} of their
 * requests in all, which bounds memory whatever the input and item sizes. A change of the limit
 * resizes the slots and the item room at once; the byte bound stays. Thread-safe.
 */
final class WriterRoom {

  /** Items allowed inside the writer per call slot: one batch in flight, one waiting. */
  static final int ITEMS_PER_SLOT = 2 * Batcher.MAX_BATCH_ITEMS;
  /** Request bytes allowed inside the writer, in KiB; more than a call's 16 MB, so a batch always fits. */
  static final int KIB_INSIDE = 64 * 1024;

  /** How often a caller waiting for room checks whether it may still wait. */
  static final long OPEN_CHECK_MILLIS = 100;

  private final InFlightLimit limit;
  /** Call slots: the in-flight limit, less the calls out or waiting for their turn. */
  private final Slots calls;
  /** Items: {@link #ITEMS_PER_SLOT} per call slot, less the items inside. */
  private final Slots items;
  /** {@link #KIB_INSIDE}, less the requests inside (each rounded up to a KiB). */
  private final Slots kib = new Slots(KIB_INSIDE);

  WriterRoom(Concurrency concurrency) {
    this.limit = new InFlightLimit(concurrency);
    this.calls = new Slots(limit.current());
    this.items = new Slots(limit.current() * ITEMS_PER_SLOT);
    limit.onChange(n -> {
      calls.resize(n);
      items.resize(n * ITEMS_PER_SLOT);
    });
  }

  /** Calls allowed in flight now. */
  int inFlightLimit() {
    return calls.size();
  }

  /** Takes a call slot if one is free. */
  boolean tryTakeSlot() {
    return calls.tryAcquire();
  }

  /** Gives a call slot back. */
  void releaseSlot() {
    calls.release();
  }

  /** An answered call's round trip, for the in-flight limit (see {@link InFlightLimit#sample}). */
  void sample(long sentNanos, long roundTripNanos, int inFlight) {
    limit.sample(sentNanos, roundTripNanos, inFlight);
  }

  /** Whether {@code count} items of {@code kibs} KiB would enter without waiting. */
  boolean hasRoomFor(int count, int kibs) {
    return items.availablePermits() >= count && kib.availablePermits() >= kibs;
  }

  /**
   * Takes room for the items and their requests' KiB, waiting as long as {@code open} holds
   * (checked every {@link #OPEN_CHECK_MILLIS} ms).
   *
   * @return true with the room taken; false, taking none, once {@code open} no longer holds
   */
  boolean enter(int count, int kibs, BooleanSupplier open) throws InterruptedException {
    while (open.getAsBoolean()) {
      if (enter(count, kibs, OPEN_CHECK_MILLIS)) {
        return true;
      }
    }
    return false;
  }

  /** Takes room for the items and their requests' KiB, waiting {@code millis} at most for each; false if there is none. */
  boolean enter(int count, int kibs, long millis) throws InterruptedException {
    if (!items.tryAcquire(count, millis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    if (kib.tryAcquire(kibs, millis, TimeUnit.MILLISECONDS)) {
      return true;
    }
    items.release(count);
    return false;
  }

  /** Items are out of the writer, and their requests' KiB with them. */
  void leave(int count, int kibs) {
    items.release(count);
    kib.release(kibs);
  }

  /** A request's KiB, rounded up. */
  static int kib(WriteItem item) {
    return (item.requestBytes() + 1023) >>> 10;
  }

  /** The items' requests' KiB, each rounded up. */
  static int kib(Collection<WriteItem> items) {
    int total = 0;
    for (WriteItem item : items) {
      total += kib(item);
    }
    return total;
  }
}
