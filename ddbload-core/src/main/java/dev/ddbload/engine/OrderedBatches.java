package dev.ddbload.engine;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.KeyOrdering;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.write.BatchWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * One producer thread's way into the writer, shared by {@link ReadLane} and {@link ItemLoader}:
 * a write is batched at once, or parked while a write of its key is in flight (its
 * {@link KeyOrdering.Lane}); batches are its own {@link Batcher}'s, handed to the shared writer
 * when full or when asked. Not thread-safe: one thread.
 */
final class OrderedBatches {

  private final KeyOrdering ordering;
  private final KeyOrdering.Lane lane;
  private final Batcher batcher;
  private final BatchWriter writer;

  /** @param superseded told of a record a later one with the same key replaced in a batch */
  OrderedBatches(KeyOrdering ordering, Consumer<WriteItem> superseded, BatchWriter writer) {
    this.ordering = ordering;
    this.lane = ordering.newLane();
    this.batcher = new Batcher(superseded);
    this.writer = writer;
  }

  /** Batches the write now, or parks it while a write of its key is in flight. */
  void order(WriteItem write) throws InterruptedException {
    if (lane.admit(write)) {
      submit(batcher.add(write));
    }
  }

  /** Batches the parked writes whose keys were released. */
  void batchReady() throws InterruptedException {
    batchAll(lane.takeReady());
  }

  /** Waits up to {@code timeoutMillis} for parked writes to become ready, and batches them. */
  void awaitReady(long timeoutMillis) throws InterruptedException {
    batchAll(lane.awaitReady(timeoutMillis));
  }

  /** Sends the open batch, however full. */
  void sendOpen() throws InterruptedException {
    submit(batcher.drain());
  }

  /** Whether any write, of any lane, is parked behind a key in flight. */
  boolean hasWaiting() {
    return ordering.hasWaiting();
  }

  private void batchAll(List<WriteItem> items) throws InterruptedException {
    for (WriteItem item : items) {
      submit(batcher.add(item));
    }
  }

  private void submit(List<WriteItem> batch) throws InterruptedException {
    if (!batch.isEmpty()) {
      ordering.submitted(batch);
      writer.submit(batch);
    }
  }
}
