package dev.ddbload.write;

import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A discrete-event clock: the writer's timer ({@link #schedule} queues a task at a simulated
 * time) and the ticker of everything under test ({@link #nanoTime}). Nothing runs by itself and
 * nothing sleeps: {@link #runNext} advances the clock to the next event and runs it. Runs
 * everything on the calling thread; not thread-safe.
 */
final class SimScheduler extends ScheduledThreadPoolExecutor implements LongSupplier {

  private record Event(long at, long seq, Runnable task) {}

  private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) ->
      a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  SimScheduler() {
    super(1);
  }

  /** The simulated time in nanoseconds. */
  long nanoTime() {
    return now;
  }

  @Override
  public long getAsLong() {
    return now;
  }

  /** Runs {@code task} at {@code at} nanoseconds (now, if that is past). */
  void at(long at, Runnable task) {
    events.add(new Event(Math.max(at, now), seq++, task));
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    at(now + unit.toNanos(Math.max(0, delay)), command);
    return null;
  }

  /** Runs the next event; false when there is none. */
  boolean runNext() {
    Event e = events.poll();
    if (e == null) {
      return false;
    }
    now = e.at;
    e.task.run();
    return true;
  }
}
