package dev.ddbload.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A timer that runs nothing by itself: the test runs what is scheduled, and sees each delay. */
public final class RecordingTimer extends ScheduledThreadPoolExecutor {
  public final List<Duration> delays = new CopyOnWriteArrayList<>();
  public final List<Runnable> tasks = new CopyOnWriteArrayList<>();

  public RecordingTimer() {
    super(1);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    delays.add(Duration.ofNanos(unit.toNanos(delay)));
    tasks.add(command);
    return null;
  }

  /** Runs the tasks scheduled so far (not those they schedule). */
  public void runDue() {
    List<Runnable> due = new ArrayList<>(tasks);
    tasks.clear();
    due.forEach(Runnable::run);
  }
}
