package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.throttle.WritePacer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The writer against a fake DynamoDB that answers from the test, with a timer that runs nothing
 * until the test says so: every resend, delay and outcome is seen exactly, and nothing sleeps.
 */
class BatchWriterTest {

  private static final Duration BASE = Duration.ofMillis(10);
  private static final KeySchema KEYS = KeySchema.parse("pk:S");

  private final FakeDynamo dynamo = new FakeDynamo();
  private final RecordingTimer timer = new RecordingTimer();
  private final RecordingOutcomes outcomes = new RecordingOutcomes();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private BatchWriter writer(int concurrency, int maxAttempts) {
    return writer(concurrency, maxAttempts, WritePacer.unlimited());
  }

  private BatchWriter writer(int concurrency, int maxAttempts, WritePacer pacer) {
    Backoff backoff = new Backoff(BASE, Duration.ofSeconds(1), new HighestRandom());
    return new BatchWriter(dynamo, "t", KEYS, new WriterSettings(concurrency, maxAttempts, backoff, pacer), timer,
        outcomes);
  }

  @Test
  void callsBeyondTheWriteRateWaitInTheQueueUntilJustBeforeTheirTurn() throws InterruptedException {
    // 10 WCU per second: each 1-WCU item costs 0.1 s of rate.
    long[] now = {0};
    WritePacer pacer = new WritePacer(10, () -> now[0]);
    BatchWriter writer = writer(4, 3, pacer);

    writer.submit(items("a", "b", "c"));
    writer.submit(items("d", "e"));

    // The first call goes at once; the second stays queued (no slot, no reservation) until 20 ms
    // before its turn at 0.3 s, then waits those 20 ms on the timer.
    assertThat(dynamo.calls).hasSize(1);
    assertThat(timer.delays).containsExactly(Duration.ofMillis(280));
    now[0] = Duration.ofMillis(280).toNanos();
    timer.runDue();
    assertThat(timer.delays).containsExactly(Duration.ofMillis(280), Duration.ofMillis(20));
    assertThat(dynamo.calls).hasSize(1);
    now[0] = Duration.ofMillis(300).toNanos();
    timer.runDue();
    writer.awaitIdle();
    assertThat(dynamo.calls).hasSize(2);
    assertThat(outcomes.written).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
  }

  @Test
  void unprocessedItemsStayChargedAndTheirShareReachesThePacer() throws InterruptedException {
    long[] now = {0};
    WritePacer pacer = new WritePacer(10, () -> now[0]);
    dynamo.answer = call -> FakeDynamo.unprocessed(call, Set.of("p"));
    BatchWriter writer = writer(4, 1, pacer);

    writer.submit(items("a", "p", "b", "c"));

    // Four units reserved and all four charged (the unprocessed one too): at 10 units a second
    // the next unit may go 0.4 s from now. Refunded, it would be 0.3 s.
    assertThat(pacer.reserve(1)).isEqualTo(Duration.ofMillis(400).toNanos());
    now[0] += Duration.ofMillis(500).toNanos();
    assertThat(pacer.throttledShare()).isEqualTo(0.25);
  }

  @Test
  void afterStopNothingNewIsSentOrResentAndCallsOutAreAwaited() throws InterruptedException {
    dynamo.holdCalls = true;
    BatchWriter writer = writer(1, 5);
    writer.submit(items("a", "b"));
    writer.submit(items("c"));
    assertThat(dynamo.calls).hasSize(1);

    writer.stop();
    dynamo.complete(0, Set.of("b"));

    assertThat(writer.awaitCallsOut(Duration.ofSeconds(5))).isTrue();
    timer.runDue();
    assertThat(dynamo.calls).hasSize(1);
    assertThat(outcomes.written).containsExactly("a");
    assertThat(outcomes.rejected).isEmpty();
    writer.submit(items("d"));
    assertThat(dynamo.calls).hasSize(1);
  }

  @Test
  void stopReleasesAReaderWaitingForRoomWhenNothingIsInFlight() throws Exception {
    // 1 WCU/s and a clock that does not move: after the first call, every call waits on the
    // timer, holding its room; nothing in flight will come back to free any.
    WritePacer pacer = new WritePacer(1, () -> 0L);
    BatchWriter writer = writer(1, 3, pacer);
    CountDownLatch blocked = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try {
        for (int b = 0; b < 10; b++) {
          if (b == 3) {
            blocked.countDown(); // the writer holds 50 items: this submit waits for room
          }
          String[] keys = new String[25];
          for (int i = 0; i < 25; i++) {
            keys[i] = "k" + b + "_" + i;
          }
          writer.submit(items(keys));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    reader.start();
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    TimeUnit.MILLISECONDS.sleep(200);
    assertThat(reader.isAlive()).as("the reader waits for room").isTrue();

    writer.stop();

    reader.join(5_000);
    assertThat(reader.isAlive()).as("the reader still waits after stop").isFalse();
    assertThat(dynamo.calls).hasSize(1);
  }

  private static List<WriteItem> items(String... keys) {
    List<WriteItem> items = new ArrayList<>();
    for (String key : keys) {
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key));
      items.add(WriteItem.put(new SourceRecord(new Origin("in", items.size() + 1, items.size(), Origin.UNKNOWN), item,
          () -> key), item, item, 10));
    }
    return items;
  }

  private static Set<String> keysOf(BatchWriteItemRequest call) {
    return call.requestItems().get("t").stream().map(r -> r.putRequest().item().get("pk").s())
        .collect(Collectors.toSet());
  }

  private static DynamoDbException error(int status, String code) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
  }

  @Test
  void unprocessedItemsAreResentAfterTheBackoffAndRejectedAfterTheirLastAttempt() throws InterruptedException {
    dynamo.answer = call -> FakeDynamo.unprocessed(call, Set.of("p"));
    BatchWriter writer = writer(4, 3);

    writer.submit(items("a", "p", "b"));
    timer.runDue();
    timer.runDue();
    writer.awaitIdle();

    assertThat(outcomes.written).containsExactlyInAnyOrder("a", "b");
    assertThat(outcomes.rejected).containsExactly("p UNPROCESSED 3: still in UnprocessedItems after 3 attempts");
    assertThat(dynamo.calls).extracting(BatchWriterTest::keysOf)
        .containsExactly(Set.of("a", "p", "b"), Set.of("p"), Set.of("p"));
    // The random source draws the ceiling: base, then twice the base.
    assertThat(timer.delays).containsExactly(BASE, BASE.multipliedBy(2));
    assertThat(outcomes.sent).containsExactly("3/0", "1/1", "1/1");
    assertThat(timer.tasks).isEmpty();
  }

  @Test
  void retryableFailuresAreResentAndAttemptsCountPerItem() throws InterruptedException {
    int[] failures = {2};
    dynamo.answer = call -> failures[0]-- > 0 ? CompletableFuture.failedFuture(error(500, "InternalServerError"))
        : FakeDynamo.unprocessed(call, Set.of());
    BatchWriter writer = writer(4, 5);
    List<WriteItem> batch = items("a", "b");

    writer.submit(batch);
    timer.runDue();
    timer.runDue();
    writer.awaitIdle();

    assertThat(outcomes.written).containsExactlyInAnyOrder("a", "b");
    assertThat(batch).extracting(WriteItem::attempts).containsExactly(3, 3);
    assertThat(outcomes.sent).containsExactly("2/0", "2/2", "2/2");
  }

  @Test
  void aRetryableFailureOnTheLastAttemptRejectsWithTheLastError() throws InterruptedException {
    dynamo.answer = call -> CompletableFuture.failedFuture(error(400, "ThrottlingException"));
    BatchWriter writer = writer(4, 2);

    writer.submit(items("a"));
    timer.runDue();
    writer.awaitIdle();

    assertThat(outcomes.rejected).containsExactly("a WRITE_FAILED 2: ThrottlingException: ThrottlingException message"
        + " after 2 attempts");
  }

  @Test
  void aWaitingResendHoldsNoSlotThenGoesFirstToppedUpWithNewItems() throws InterruptedException {
    dynamo.holdCalls = true;
    BatchWriter writer = writer(1, 5);

    writer.submit(items("a", "b"));
    dynamo.complete(0, Set.of("a", "b"));
    // a and b wait out their backoff: the only slot is free for c.
    writer.submit(items("c"));
    timer.runDue();
    writer.submit(items("d", "e"));
    assertThat(dynamo.calls).hasSize(2);
    dynamo.complete(1, Set.of());
    dynamo.complete(2, Set.of());
    writer.awaitIdle();

    assertThat(dynamo.calls).extracting(BatchWriterTest::keysOf)
        .containsExactly(Set.of("a", "b"), Set.of("c"), Set.of("a", "b", "d", "e"));
    assertThat(outcomes.written).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
  }

  @Test
  void aNewBatchIsSplitToFillACall() throws InterruptedException {
    dynamo.holdCalls = true;
    BatchWriter writer = writer(1, 5);
    String[] many = new String[25];
    for (int i = 0; i < 25; i++) {
      many[i] = "n" + i;
    }
    writer.submit(items("a", "b"));
    dynamo.complete(0, Set.of("a"));
    writer.submit(items("x"));
    timer.runDue();
    writer.submit(items(many));

    dynamo.complete(1, Set.of());
    dynamo.complete(2, Set.of());
    dynamo.complete(3, Set.of());
    writer.awaitIdle();

    assertThat(dynamo.calls).extracting(c -> c.requestItems().get("t").size()).containsExactly(2, 1, 25, 1);
    assertThat(keysOf(dynamo.calls.get(2))).contains("a", "n0", "n23").doesNotContain("n24");
    assertThat(keysOf(dynamo.calls.get(3))).containsExactly("n24");
    assertThat(outcomes.written).hasSize(28);
  }

  @Test
  void resendsFromDifferentCallsGoOutTogether() throws InterruptedException {
    dynamo.holdCalls = true;
    BatchWriter writer = writer(2, 5);
    writer.submit(items("a"));
    writer.submit(items("b"));
    dynamo.complete(0, Set.of("a"));
    dynamo.complete(1, Set.of("b"));
    writer.submit(items("c"));
    writer.submit(items("d"));

    timer.runDue();
    assertThat(dynamo.calls).hasSize(4);
    dynamo.complete(2, Set.of());
    dynamo.complete(3, Set.of());
    dynamo.complete(4, Set.of());
    writer.awaitIdle();

    assertThat(dynamo.calls).extracting(BatchWriterTest::keysOf).element(4).isEqualTo(Set.of("a", "b"));
    assertThat(outcomes.written).containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void aValidationExceptionIsolatesTheRefusedItemAndWritesItsNeighbours() throws InterruptedException {
    dynamo.answer = call -> keysOf(call).contains("bad")
        ? CompletableFuture.failedFuture(error(400, "ValidationException"))
        : FakeDynamo.unprocessed(call, Set.of());
    BatchWriter writer = writer(4, 3);
    List<WriteItem> batch = items("a", "b", "bad", "c", "d");

    writer.submit(batch);
    writer.awaitIdle();

    assertThat(outcomes.written).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(outcomes.rejected).containsExactly("bad VALIDATION 1: ValidationException: ValidationException message");
    // Split sends are not the neighbours' fault: one attempt each.
    assertThat(batch).extracting(WriteItem::attempts).containsExactly(1, 1, 1, 1, 1);
    assertThat(timer.tasks).isEmpty();
  }

  @Test
  void aFatalErrorAbortsWhatWaitsAtOnceAndWhatComesLater() throws InterruptedException {
    dynamo.answer = call -> keysOf(call).contains("gone")
        ? CompletableFuture.failedFuture(error(400, "ResourceNotFoundException"))
        : FakeDynamo.unprocessed(call, Set.of("p"));
    BatchWriter writer = writer(4, 10);

    writer.submit(items("p"));
    writer.submit(items("gone"));
    writer.submit(items("later"));
    writer.awaitIdle();

    assertThat(writer.fatalError()).hasValueSatisfying(e -> assertThat(e).startsWith("ResourceNotFoundException"));
    assertThat(outcomes.rejected).extracting(r -> r.substring(0, r.indexOf(':')))
        .containsExactlyInAnyOrder("p ABORTED 1", "gone ABORTED 1", "later ABORTED 0");
    // p was waiting out its backoff; it did not wait for the timer to be aborted.
    assertThat(timer.delays).hasSize(1);
    timer.runDue();
    assertThat(dynamo.calls).hasSize(2);
  }

  @Test
  void submitBlocksWhileTheWriterIsFull() throws Exception {
    dynamo.holdCalls = true;
    BatchWriter writer = writer(1, 5);
    String[] first = new String[25];
    String[] second = new String[25];
    for (int i = 0; i < 25; i++) {
      first[i] = "a" + i;
      second[i] = "b" + i;
    }
    writer.submit(items(first));
    writer.submit(items(second));

    Thread third = new Thread(() -> {
      try {
        writer.submit(items("c"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    third.start();
    awaitWaiting(third);
    dynamo.complete(0, Set.of());
    third.join(10_000);
    dynamo.complete(1, Set.of());
    dynamo.complete(2, Set.of());
    writer.awaitIdle();

    assertThat(third.isAlive()).isFalse();
    assertThat(outcomes.written).hasSize(51);
  }

  @Test
  void submitBlocksWhileTheWriterHoldsItsBytesOfLargeItems() throws Exception {
    // Batches of 25 items of about 390 KB: six (about 56 MiB) fit in the writer's 64 MiB, the
    // seventh waits, far below the bound in items (32 calls: 1,600).
    dynamo.holdCalls = true;
    BatchWriter writer = writer(32, 5);
    String pad = "x".repeat(390_000);
    for (int b = 0; b < 6; b++) {
      writer.submit(largeItems("b" + b, pad));
    }
    Thread seventh = new Thread(() -> {
      try {
        writer.submit(largeItems("b6", pad));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    seventh.start();
    awaitWaiting(seventh);
    assertThat(dynamo.calls).hasSize(6);

    dynamo.complete(0, Set.of());
    seventh.join(10_000);
    assertThat(seventh.isAlive()).isFalse();
    for (int c = 1; c < 7; c++) {
      dynamo.complete(c, Set.of());
    }
    writer.awaitIdle();
    assertThat(outcomes.written).hasSize(175);
  }

  private static List<WriteItem> largeItems(String prefix, String pad) {
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String key = prefix + "_" + i;
      Map<String, AttributeValue> k = Map.of("pk", AttributeValue.fromS(key));
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key), "pad", AttributeValue.fromS(pad));
      items.add(WriteItem.put(new SourceRecord(new Origin("in", i + 1, i, Origin.UNKNOWN), item, () -> key), k, item,
          pad.length() + 10));
    }
    return items;
  }

  /** Waits until the thread waits (for room: in timed steps, so that a stop is seen). */
  private static void awaitWaiting(Thread thread) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(Instant.now()).as("thread never waited").isBefore(deadline);
      Thread.onSpinWait();
      thread.join(1);
    }
  }

  /** Draws the highest value it may, so a backoff delay is its ceiling. */
  private static final class HighestRandom implements RandomGenerator {
    @Override
    public long nextLong() {
      return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  }

  /** Every outcome, as {@code key} or {@code key REASON attempts: message}. */
  private static final class RecordingOutcomes implements WriteOutcomes {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final List<String> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void sent(int items, int retried) {
      sent.add(items + "/" + retried);
    }

    @Override
    public void consumed(double writeUnits) {}

    @Override
    public void written(WriteItem item) {
      written.add(item.key().get("pk").s());
    }

    @Override
    public void skipped(WriteItem item) {
      throw new AssertionError("no single writes here");
    }

    @Override
    public void rejected(WriteItem item, RejectReason reason, String message) {
      rejected.add(item.key().get("pk").s() + " " + reason + " " + item.attempts() + ": " + message);
    }
  }
}
