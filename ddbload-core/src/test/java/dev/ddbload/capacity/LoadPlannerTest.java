package dev.ddbload.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ddbload.item.ItemSize;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadPlannerTest {

  @Test
  void totalsAreTheSumsOfExactItemSizes() {
    LoadPlanner planner = new LoadPlanner();
    SplittableRandom random = new SplittableRandom(5);
    long bytes = 0;
    long units = 0;
    for (int i = 0; i < 10_000; i++) {
      int size = 1 + random.nextInt(5000);
      bytes += size;
      units += ItemSize.writeUnits(size);
      planner.add("k" + i, size, false, false);
    }
    planner.add("gone", 3000, true, false);

    LoadPlan plan = planner.plan(1000, "test", 0.625, Map.of());

    assertThat(plan.records()).isEqualTo(10_001);
    assertThat(plan.bytes()).isEqualTo(bytes + 3000);
    assertThat(plan.writeUnits()).isEqualTo(units + 1);
    assertThat(plan.sizes().stream().mapToLong(LoadPlan.SizeBucket::items).sum()).isEqualTo(10_001);
    assertThat(plan.onDemandCost()).isCloseTo((units + 1) / 1e6 * 0.625, within(1e-12));
    assertThat(plan.duration()).isEqualTo(Duration.ofMillis((long) Math.ceil((units + 1) / 1000.0 * 1000)));
  }

  @Test
  void theHistogramPutsEachSizeInItsBucket() {
    LoadPlanner planner = new LoadPlanner();
    planner.add("a", 1024, false, false);
    planner.add("b", 1025, false, false);
    planner.add("c", 400 * 1024, false, false);

    LoadPlan plan = planner.plan(100, "test", 1, Map.of());

    assertThat(plan.sizes().get(0)).isEqualTo(new LoadPlan.SizeBucket(0, 1024, 1));
    assertThat(plan.sizes().get(1)).isEqualTo(new LoadPlan.SizeBucket(1025, 2048, 1));
    assertThat(plan.sizes().get(plan.sizes().size() - 1).items()).isEqualTo(1);
  }

  @Test
  void aKeyThatAloneNeedsMoreThanAPartitionIsFlagged() {
    LoadPlanner skewed = new LoadPlanner();
    LoadPlanner uniform = new LoadPlanner();
    for (int i = 0; i < 100_000; i++) {
      skewed.add(i % 4 == 0 ? "hot" : "k" + i, 100, false, false);
      uniform.add("k" + i, 100, false, false);
    }

    LoadPlan hot = skewed.plan(10_000, "test", 1, Map.of());
    LoadPlan flat = uniform.plan(10_000, "test", 1, Map.of());

    assertThat(hot.tooHot()).extracting(LoadPlan.HotKey::key).containsExactly("hot");
    assertThat(hot.hotKeys().get(0).share()).isCloseTo(0.25, within(0.01));
    assertThat(flat.tooHot()).isEmpty();
  }

  @Test
  void heavyHittersFindEveryKeyAboveTheirErrorBound() {
    HeavyHitters<String> hh = new HeavyHitters<>(10);
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 200_000; i++) {
      int r = random.nextInt(100);
      hh.add(r < 20 ? "a" : r < 30 ? "b" : "u" + random.nextInt(1_000_000), 1);
    }
    assertThat(hh.top(2)).extracting(HeavyHitters.Entry::key).containsExactly("a", "b");
    // Never above the truth, at most total/(k+1) below.
    assertThat(hh.top(1).get(0).weight()).isBetween(40_000 - 200_000 / 11.0 - 2_000, 42_000.0);
  }
}
