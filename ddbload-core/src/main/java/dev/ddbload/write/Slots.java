package dev.ddbload.write;

import java.util.concurrent.Semaphore;

/**
 * A semaphore whose number of permits can change while permits are taken: growing releases the
 * difference, shrinking takes it away (possibly below zero, so acquirers wait until enough
 * permits come back). Thread-safe.
 */
final class Slots extends Semaphore {

  private int size;

  Slots(int size) {
    super(size);
    this.size = size;
  }

  /** Changes the number of permits to {@code newSize}. */
  synchronized void resize(int newSize) {
    int delta = newSize - size;
    size = newSize;
    if (delta > 0) {
      release(delta);
    } else if (delta < 0) {
      reducePermits(-delta);
    }
  }

  /** The number of permits, taken or not. */
  synchronized int size() {
    return size;
  }
}
