package dev.ddbload.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A load's stop request, set from any thread and read by the load's parts: {@link #cancel()}
 * stops reading and sending; {@link #pause()} does too and leaves raised capacity raised for a
 * later run of the job. Once set it stays set. Thread-safe.
 */
public final class LoadStop {

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;
  private volatile boolean paused;

  /** Asks the load to stop; runs every registered listener. */
  public void cancel() {
    cancelled = true;
    listeners.forEach(Runnable::run);
  }

  /** Like {@link #cancel()}, and asks that raised capacity stay raised. */
  public void pause() {
    paused = true;
    cancel();
  }

  /** Whether the load was asked to stop (cancelled or paused). */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Whether the load was paused: raised capacity stays raised. */
  public boolean isPaused() {
    return paused;
  }

  /**
   * Runs {@code listener} when the load is asked to stop, at once if it was already; until
   * {@link #forget} removes it.
   */
  public void whenCancelled(Runnable listener) {
    listeners.add(listener);
    if (cancelled) {
      listener.run();
    }
  }

  /** Removes a listener {@link #whenCancelled} added. */
  public void forget(Runnable listener) {
    listeners.remove(listener);
  }
}
