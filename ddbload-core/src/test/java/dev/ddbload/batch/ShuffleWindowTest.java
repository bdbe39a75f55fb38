package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShuffleWindowTest {

  private record Rec(String key, int seq) {}

  private static List<Rec> run(ShuffleWindow<Rec> window, List<Rec> input) {
    List<Rec> out = new ArrayList<>();
    for (Rec r : input) {
      Rec left = window.add(r);
      if (left != null) {
        out.add(left);
      }
    }
    Rec r;
    while ((r = window.take()) != null) {
      out.add(r);
    }
    return out;
  }

  @Test
  void sortedInputIsSpreadOverTheWindow() {
    List<Rec> input = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      input.add(new Rec("k" + (i / 100), i)); // 100 records per key, keys in order
    }
    List<Rec> out = run(new ShuffleWindow<>(1000, Rec::key, new SplittableRandom(1)), input);

    assertThat(out).hasSize(10_000).containsExactlyInAnyOrderElementsOf(input);
    // Sorted input sends runs of 100 records for one key; shuffled, runs are short.
    int longestRun = 0;
    int run = 0;
    for (int i = 1; i < out.size(); i++) {
      run = out.get(i).key().equals(out.get(i - 1).key()) ? run + 1 : 0;
      longestRun = Math.max(longestRun, run);
    }
    assertThat(longestRun).isLessThan(10);
  }

  @Test
  void recordsWithTheSameKeyKeepTheirOrder() {
    List<Rec> input = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      input.add(new Rec("k" + random.nextInt(50), i));
    }
    List<Rec> out = run(new ShuffleWindow<>(500, Rec::key, new SplittableRandom(2)), input);

    Map<String, Integer> lastSeq = new HashMap<>();
    for (Rec r : out) {
      Integer before = lastSeq.put(r.key(), r.seq());
      if (before != null) {
        assertThat(r.seq()).as(r.key()).isGreaterThan(before);
      }
    }
  }

  @Test
  void theWindowHoldsAtMostItsSize() {
    ShuffleWindow<Rec> window = new ShuffleWindow<>(10, Rec::key, new SplittableRandom(1));
    for (int i = 0; i < 100; i++) {
      window.add(new Rec("k" + i, i));
      assertThat(window.held()).isLessThanOrEqualTo(10);
    }
  }

  @Test
  void largeRecordsAreHeldByBytesNotByCount() {
    // 10,000 records allowed, but only 64 KB: records of 4 KB leave after at most 16 (+2) more.
    ShuffleWindow<Rec> window = new ShuffleWindow<>(10_000, 64 * 1024, Rec::key, r -> 4096, new SplittableRandom(5));
    Map<String, Integer> lastSeq = new HashMap<>();
    int out = 0;
    for (int i = 0; i < 1_000; i++) {
      Rec left = window.add(new Rec("k" + (i % 37), i));
      assertThat(window.held()).isLessThanOrEqualTo(18);
      if (left != null) {
        out++;
        Integer before = lastSeq.put(left.key(), left.seq());
        assertThat(before == null || left.seq() > before).as(left.key()).isTrue();
      }
    }
    for (Rec left; (left = window.take()) != null; ) {
      out++;
    }
    assertThat(out).isEqualTo(1_000);
  }

  @Test
  void everyRecordLeavesWithinTheWindowSizeOfArriving() {
    ShuffleWindow<Rec> window = new ShuffleWindow<>(100, Rec::key, new SplittableRandom(3));
    int longest = 0;
    for (int i = 0; i < 10_000; i++) {
      Rec left = window.add(new Rec("k" + i, i));
      if (left != null) {
        longest = Math.max(longest, i - left.seq());
      }
    }
    // A resumed load re-reads from the oldest record not yet written: it must not lag far.
    assertThat(longest).isLessThanOrEqualTo(100).isGreaterThan(50);
  }

  @Test
  void sizeZeroPassesEveryRecordStraightThrough() {
    ShuffleWindow<Rec> window = new ShuffleWindow<>(0, Rec::key, new SplittableRandom(1));
    Rec r = new Rec("a", 1);
    assertThat(window.add(r)).isSameAs(r);
    assertThat(window.take()).isNull();
  }
}
