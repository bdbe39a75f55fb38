package dev.ddbload.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs the same reader loop on several daemon threads ({@code ddbload-reader-N}) and waits for all. */
final class ReaderPool {

  /** One reader's work. */
  @FunctionalInterface
  interface Reader {
    void run() throws InterruptedException;
  }

  private ReaderPool() {}

  /**
   * Runs {@code reader} on {@code threads} threads and waits until every one is done.
   *
   * @param onInterrupt called when the waiting thread is interrupted, before rethrowing
   * @param onFailure called with each reader's unexpected failure (a bug, an unwritable rejects
   *     file), so the others stop; the first is rethrown once all are done
   */
  static void run(int threads, Reader reader, Runnable onInterrupt, Consumer<Throwable> onFailure)
      throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "ddbload-reader-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        running.add(pool.submit(() -> {
          reader.run();
          return null;
        }));
      }
      RuntimeException first = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (InterruptedException e) {
          onInterrupt.run();
          throw e;
        } catch (ExecutionException e) {
          onFailure.accept(e.getCause());
          if (first == null) {
            first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
