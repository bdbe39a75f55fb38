package dev.ddbload.batch;

import static dev.ddbload.batch.KeyOrderingTest.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link KeyOrdering} with several readers, each with its own lane and batcher. */
class KeyOrderingLanesTest {

  private final List<WriteItem> superseded = new ArrayList<>();
  private final KeyOrdering ordering = new KeyOrdering(superseded::add);

  @Test
  void aKeyInAnotherLanesOpenBatchIsParked() {
    KeyOrdering.Lane one = ordering.newLane();
    KeyOrdering.Lane two = ordering.newLane();
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);

    assertThat(one.admit(first)).isTrue();
    assertThat(two.admit(second)).isFalse();

    ordering.submitted(List.of(first));
    ordering.finished(first);
    // Whichever lane asks next takes it; the key is then held by that lane's open batch.
    assertThat(two.takeReady()).containsExactly(second);
    assertThat(one.admit(item("a", 3))).isFalse();
    assertThat(superseded).isEmpty();
  }

  @Test
  void aLaterRecordInTheSameLaneGoesToItsBatchWhereTheBatcherReplacesTheEarlier() {
    KeyOrdering.Lane one = ordering.newLane();
    List<WriteItem> replaced = new ArrayList<>();
    Batcher batcher = new Batcher(replaced::add);
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);

    assertThat(one.admit(first)).isTrue();
    batcher.add(first);
    assertThat(one.admit(second)).isTrue();
    batcher.add(second);

    assertThat(batcher.drain()).containsExactly(second);
    assertThat(replaced).containsExactly(first);
  }

  /**
   * Four readers, each reading its own source of records over a shared set of keys, with a fake
   * writer completing batches in random order: at most one write per key is ever in flight, the
   * writes of one source for a key happen in the source's order, and every record is written or
   * superseded exactly once.
   */
  @RepeatedTest(10)
  void severalReadersKeepOneWritePerKeyAndEachSourcesOrder() throws Exception {
    int readers = 4;
    int recordsPerSource = 3_000;
    ConcurrentHashMap<Map<String, AttributeValue>, WriteItem> inFlight = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    Map<String, Integer> lastWrittenLine = new ConcurrentHashMap<>();
    AtomicInteger written = new AtomicInteger();
    AtomicInteger supersededCount = new AtomicInteger();
    KeyOrdering shared = new KeyOrdering(s -> supersededCount.incrementAndGet());
    java.util.concurrent.LinkedBlockingQueue<List<WriteItem>> sent = new java.util.concurrent.LinkedBlockingQueue<>();
    AtomicBoolean readersDone = new AtomicBoolean();

    Thread writer = new Thread(() -> {
      Random random = new Random(7);
      List<List<WriteItem>> pending = new ArrayList<>();
      while (!readersDone.get() || !sent.isEmpty() || !pending.isEmpty() || shared.hasWaiting()) {
        sent.drainTo(pending);
        if (pending.isEmpty()) {
          Thread.onSpinWait();
          continue;
        }
        List<WriteItem> batch = pending.remove(random.nextInt(pending.size()));
        for (WriteItem w : batch) {
          inFlight.remove(w.key());
          String source = w.origin().source();
          String k = source + "/" + w.key().get("pk").s();
          Integer before = lastWrittenLine.put(k, (int) w.origin().line());
          if (before != null && before >= w.origin().line()) {
            violations.add(k + " written at line " + w.origin().line() + " after line " + before);
          }
          written.incrementAndGet();
          shared.finished(w);
        }
      }
    }, "fake-writer");
    writer.start();

    ExecutorService pool = Executors.newFixedThreadPool(readers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> lanes = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      String source = "source-" + r;
      int seed = r;
      lanes.add(pool.submit(() -> {
        KeyOrdering.Lane lane = shared.newLane();
        Batcher batcher = new Batcher(5, Batcher.MAX_BATCH_BYTES, s -> supersededCount.incrementAndGet());
        Random random = new Random(seed);
        start.await();
        for (int line = 1; line <= recordsPerSource; line++) {
          WriteItem w = item(source, "k" + random.nextInt(40), line);
          if (lane.admit(w)) {
            send(shared, sent, inFlight, violations, batcher.add(w));
          }
          for (WriteItem ready : lane.takeReady()) {
            send(shared, sent, inFlight, violations, batcher.add(ready));
          }
        }
        send(shared, sent, inFlight, violations, batcher.drain());
        while (shared.hasWaiting()) {
          for (WriteItem ready : lane.awaitReady(5)) {
            send(shared, sent, inFlight, violations, batcher.add(ready));
          }
          send(shared, sent, inFlight, violations, batcher.drain());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : lanes) {
      f.get(60, TimeUnit.SECONDS);
    }
    readersDone.set(true);
    writer.join(60_000);
    pool.shutdown();

    assertThat(violations).isEmpty();
    assertThat(written.get() + supersededCount.get()).isEqualTo(readers * recordsPerSource);
    assertThat(shared.busyKeys()).isZero();
  }

  private static void send(KeyOrdering ordering, java.util.concurrent.BlockingQueue<List<WriteItem>> sent,
      Map<Map<String, AttributeValue>, WriteItem> inFlight, ConcurrentLinkedQueue<String> violations,
      List<WriteItem> batch) {
    if (batch.isEmpty()) {
      return;
    }
    ordering.submitted(batch);
    for (WriteItem w : batch) {
      WriteItem other = inFlight.put(w.key(), w);
      if (other != null) {
        violations.add("two writes of " + w.key().get("pk").s() + " in flight");
      }
    }
    sent.add(batch);
  }

  @SuppressWarnings("unused")
  private static Map<String, Integer> unused() {
    return new HashMap<>();
  }
}
