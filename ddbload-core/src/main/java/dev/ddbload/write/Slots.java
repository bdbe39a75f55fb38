package dev.ddbload.write;

import java.util.concurrent.Semaphore;

/**
 * A semaphore whose number of permits can change while permits are taken: growing releases the
 * difference, shrinking takes it away (possibly below zero, so acquirers wait until enough
 * permits come back). Thread-safe.
 */
public final class Slots extends Semaphore {

  private int size;

  /** {@code size} permits. */
  public Slots(int size) {
    super(size);
    this.size = size;
  }

  /** Changes the number of permits to {@code newSize}. */
  public synchronized void resize(int newSize) {
    int delta = newSize - size;
    size = newSize;
    if (delta > 0) {
      release(delta);
    } else if (delta < 0) {
      reducePermits(-delta);
    }
  }

  /** The number of permits, taken or not. */
  public synchronized int size() {
    return size;
  }
}
