package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The writer's retry scheduling: groups of items wait out their backoff on the timer, never by
 * sleeping a thread and holding no call slot. Whoever takes a group first owns it: its timer task,
 * which hands it on when the wait is over, or {@link #withdrawAll} (a fatal error aborting what
 * waits). Thread-safe.
 */
final class Resends {

  /** Items waiting out one backoff; compared by identity. */
  static final class Wait {
    final List<WriteItem> items;

    private Wait(List<WriteItem> items) {
      this.items = items;
    }
  }

  private final ScheduledExecutorService timer;
  private final Set<Wait> waiting = ConcurrentHashMap.newKeySet();

  Resends(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /**
   * Holds the items for {@code delay}, then hands them to {@code due} unless withdrawn meanwhile.
   *
   * @throws RejectedExecutionException when the timer is closed; the items are still waiting,
   *     for {@link #withdrawAll} to take
   */
  Wait schedule(List<WriteItem> items, Duration delay, Consumer<List<WriteItem>> due) {
    Wait w = new Wait(items);
    waiting.add(w);
    timer.schedule(() -> {
      if (waiting.remove(w)) {
        due.accept(items);
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
    return w;
  }

  /** Takes the group back if it still waits: true if the caller now owns it. */
  boolean withdraw(Wait w) {
    return waiting.remove(w);
  }

  /** Takes back every group still waiting; the caller owns them. */
  List<List<WriteItem>> withdrawAll() {
    List<List<WriteItem>> taken = new ArrayList<>();
    for (Wait w : waiting) {
      if (waiting.remove(w)) {
        taken.add(w.items);
      }
    }
    return taken;
  }
}
