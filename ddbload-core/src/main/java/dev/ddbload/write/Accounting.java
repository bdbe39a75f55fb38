package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's bookkeeping of items and calls: how many items are inside (admitted, not yet
 * written or rejected) and how many calls are out; each item's end, told once to the
 * {@link WriteOutcomes} and given back to the {@link WriterRoom}; and waiting until nothing is
 * inside, or no call is out. Thread-safe.
 */
final class Accounting {

  private static final Logger log = LoggerFactory.getLogger(Accounting.class);

  private final WriteOutcomes outcomes;
  private final WriterRoom room;
  /** Told why the writer must stop when a reject cannot be recorded. */
  private final Consumer<String> onUnrecordable;
  private final AtomicLong inside = new AtomicLong();
  private final AtomicInteger callsOut = new AtomicInteger();
  private final Object idle = new Object();

  Accounting(WriteOutcomes outcomes, WriterRoom room, Consumer<String> onUnrecordable) {
    this.outcomes = outcomes;
    this.room = room;
    this.onUnrecordable = onUnrecordable;
  }

  /** Items were admitted (their room taken). */
  void entered(int items) {
    inside.addAndGet(items);
  }

  /** A call goes out. @return the calls out, this one included */
  int callSent() {
    return callsOut.incrementAndGet();
  }

  /** Calls sent and not yet answered now. */
  int callsOut() {
    return callsOut.get();
  }

  /** A call came back. */
  void callBack() {
    if (callsOut.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** A call's items are written: told once per call, and they leave the writer together. */
  void written(Collection<WriteItem> items) {
    List<WriteItem> done = new ArrayList<>(items.size());
    for (WriteItem item : items) {
      if (item.finish()) {
        done.add(item);
      }
    }
    if (!done.isEmpty()) {
      outcomes.written(done);
      leave(done.size(), WriterRoom.kib(done));
    }
  }

  /** The item's write was refused on its condition, unless it already ended. */
  void skipped(WriteItem item) {
    if (!item.finish()) {
      return;
    }
    try {
      outcomes.skipped(item);
    } catch (RuntimeException e) {
      log.error("Could not record a refused write", e);
      onUnrecordable.accept(ErrorClassifier.describe(e));
    } finally {
      leave(1, WriterRoom.kib(item));
    }
  }

  /** The item is rejected, unless it already ended. */
  void reject(WriteItem item, RejectReason reason, String message) {
    if (!item.finish()) {
      return;
    }
    try {
      outcomes.rejected(item, reason, message);
    } catch (RuntimeException e) {
      // The rejects file cannot be written: a reject that cannot be recorded would be a lost
      // record, so the load stops; this item still leaves the writer.
      log.error("Could not record a rejected item", e);
      onUnrecordable.accept(ErrorClassifier.describe(e));
    } finally {
      leave(1, WriterRoom.kib(item));
    }
  }

  /** Waits until no item is inside. */
  void awaitIdle() throws InterruptedException {
    synchronized (idle) {
      while (inside.get() > 0) {
        idle.wait();
      }
    }
  }

  /**
   * Waits until no call is out, or the timeout.
   *
   * @return whether every call came back
   */
  boolean awaitCallsOut(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (callsOut.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /** Items are out of the writer, written or rejected, and their requests' KiB with them. */
  private void leave(int items, int kib) {
    room.leave(items, kib);
    if (inside.addAndGet(-items) == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }
}
