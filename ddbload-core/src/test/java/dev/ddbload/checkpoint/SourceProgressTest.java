package dev.ddbload.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Origin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.Map;
import java.util.Optional;
import dev.ddbload.capacity.PendingRestore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watermark over out-of-order completions, and the checkpoint file that carries it. */
class SourceProgressTest {

  @TempDir
  Path dir;

  private static Origin at(long index) {
    return new Origin("in.jsonl", index + 1, index, index * 10);
  }

  @Test
  void theWatermarkIsTheFirstRecordNotFinishedAndWhatFinishedAfterItIsListed() {
    SourceProgress p = new SourceProgress(SourceState.start("in.jsonl", "size=1"));
    p.offsetsAreStoredBytes(true);
    for (long i = 0; i < 6; i++) {
      p.begin(at(i));
    }
    p.end(at(0));
    p.end(at(3));
    p.end(at(5));

    SourceState s = p.snapshot();
    assertThat(s.done()).isFalse();
    assertThat(s.index()).isEqualTo(1);
    assertThat(s.line()).isEqualTo(2);
    assertThat(s.offset()).isEqualTo(10);
    assertThat(s.finished()).containsExactly(3L, 5L);

    p.end(at(1));
    p.end(at(2));
    assertThat(p.snapshot().index()).isEqualTo(4);
    assertThat(p.snapshot().finished()).containsExactly(5L);
  }

  @Test
  void theWatermarkHoldsAcrossThousandsOfRecordsInFlightFinishingInAnyOrderAloneOrACallAtATime() {
    // Against a plain model: the first index begun and not ended, and every index ended after it.
    SplittableRandom random = new SplittableRandom(42);
    SourceProgress p = new SourceProgress(SourceState.start("in.jsonl", ""));
    p.offsetsAreStoredBytes(true);
    TreeSet<Long> inFlight = new TreeSet<>();
    TreeSet<Long> ended = new TreeSet<>();
    List<Long> open = new ArrayList<>();
    long next = 0;
    for (int step = 0; step < 60_000; step++) {
      // Up to 5,000 in flight (the ring starts at 1,024 and must grow); an index is skipped now and then.
      if (open.size() < 5_000 && (open.isEmpty() || random.nextInt(3) > 0)) {
        next += random.nextInt(20) == 0 ? 2 : 1;
        p.begin(at(next));
        inFlight.add(next);
        open.add(next);
      } else if (random.nextInt(4) > 0) {
        long index = open.remove(random.nextInt(open.size()));
        p.end(at(index));
        inFlight.remove(index);
        ended.add(index);
      } else {
        // A call's worth at once, as the writer ends them.
        List<Origin> call = new ArrayList<>();
        for (int n = 1 + random.nextInt(25); n > 0 && !open.isEmpty(); n--) {
          long index = open.remove(random.nextInt(open.size()));
          call.add(at(index));
          inFlight.remove(index);
          ended.add(index);
        }
        p.end(call, o -> o);
      }
      if (step % 997 == 0) {
        long watermark = inFlight.isEmpty() ? next + 1 : inFlight.first();
        SourceState s = p.snapshot();
        assertThat(s.index()).isEqualTo(watermark);
        assertThat(s.offset()).isEqualTo(inFlight.isEmpty() ? -1 : watermark * 10);
        assertThat(s.finished()).isEqualTo(List.copyOf(ended.tailSet(watermark, true)));
      }
    }
  }

  @Test
  void aSourceIsDoneWhenReadToTheEndAndEveryRecordFinished() {
    SourceProgress p = new SourceProgress(SourceState.start("in.jsonl", ""));
    p.begin(at(0));
    p.begin(at(1));
    p.readDone();
    p.end(at(1));
    assertThat(p.isDone()).isFalse();
    assertThat(p.snapshot().done()).isFalse();

    p.end(at(0));
    assertThat(p.isDone()).isTrue();
    assertThat(p.snapshot().done()).isTrue();
    assertThat(p.snapshot().index()).isEqualTo(2);
  }

  @Test
  void offsetsOfCompressedInputAreNotSeekedTo() {
    SourceProgress p = new SourceProgress(SourceState.start("in.jsonl.gz", ""));
    p.offsetsAreStoredBytes(false);
    p.begin(at(7));
    assertThat(p.snapshot().offset()).isEqualTo(-1);
    assertThat(p.snapshot().seekable()).isFalse();
  }

  @Test
  void aResumeSkipsWhatFinishedAfterTheWatermarkInTheEarlierRun() {
    SourceProgress p = new SourceProgress(new SourceState("in.jsonl", "", false, 4, 5, 40, List.of(6L, 9L)));
    assertThat(p.finishedBefore(6)).isTrue();
    assertThat(p.finishedBefore(5)).isFalse();

    p.begin(at(4));
    p.begin(at(5));
    p.end(at(4));
    p.end(at(5));
    // 6 was finished before and is skipped: a checkpoint now must still list it.
    assertThat(p.snapshot().index()).isEqualTo(6);
    assertThat(p.snapshot().finished()).containsExactly(6L, 9L);
    p.begin(at(7));
    // 7 is in flight: the watermark is 7, and 9 is still listed.
    assertThat(p.snapshot().index()).isEqualTo(7);
    assertThat(p.snapshot().finished()).containsExactly(9L);
  }

  @Test
  void theCheckpointFileRoundTripsAndReplacesItself() throws IOException {
    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("cp/job.json"));
    assertThat(store.load()).isEmpty();
    PendingRestore restore = new PendingRestore("T", "http://localhost:1", 5, Map.of("byG", 3L),
        Instant.parse("2026-11-23T10:00:00Z"));
    Checkpoint c = new Checkpoint("T", "/tmp/rejects.jsonl", List.of(
        new SourceState("a.jsonl", "size=10,modified=x", false, 1000, 1001, 52_000, List.of(1000L, 1500L, 9000L)),
        new SourceState("b.csv.gz", "", true, 77, 0, -1, List.of())), Optional.of(restore), 12_345);

    store.save(c);
    assertThat(store.load()).contains(c);
    store.save(new Checkpoint("T", "/tmp/rejects.jsonl", List.of(), Optional.empty()));
    assertThat(store.load().get().sources()).isEmpty();
    assertThat(dir.resolve("cp").toFile().list()).containsExactly("job.json");
    store.delete();
    assertThat(store.load()).isEmpty();
  }

  @Test
  void theDefaultFileDependsOnTableAndInputs() {
    Path a = FileCheckpointStore.defaultFile(Path.of(".ddbload"), "T", List.of("a.csv", "b.csv"));
    assertThat(a.toString()).startsWith(".ddbload/checkpoints/T-").endsWith(".json");
    assertThat(FileCheckpointStore.defaultFile(Path.of(".ddbload"), "T", List.of("a.csv", "b.csv"))).isEqualTo(a);
    assertThat(FileCheckpointStore.defaultFile(Path.of(".ddbload"), "T", List.of("a.csv"))).isNotEqualTo(a);
    assertThat(FileCheckpointStore.defaultFile(Path.of(".ddbload"), "U", List.of("a.csv", "b.csv"))).isNotEqualTo(a);
  }
}
