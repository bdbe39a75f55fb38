package dev.ddbload.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyHashTest {

  private static long hashOf(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    return KeyHash.of(b, 0, b.length);
  }

  @Test
  void theSampleHoldsAboutTheShareAskedForAndTheSameKeysEveryTime() {
    int sampled = 0;
    for (int i = 0; i < 100_000; i++) {
      long h = hashOf("id-" + i);
      boolean in = KeyHash.sampled(h, 0.1);
      assertThat(KeyHash.sampled(hashOf("id-" + i), 0.1)).isEqualTo(in);
      if (in) {
        sampled++;
      }
    }
    assertThat(sampled).isBetween(9_500, 10_500);
  }

  @Test
  void aLargerSampleHoldsEveryKeyOfASmallerOne() {
    for (int i = 0; i < 10_000; i++) {
      long h = hashOf("k" + i);
      if (KeyHash.sampled(h, 0.05)) {
        assertThat(KeyHash.sampled(h, 0.2)).isTrue();
      }
    }
    assertThat(KeyHash.sampled(hashOf("any"), 1)).isTrue();
  }

  @Test
  void partitionsAreInRangeAndSpreadEvenly() {
    int[] counts = new int[8];
    for (int i = 0; i < 80_000; i++) {
      int p = KeyHash.partition(hashOf("id-" + i), 0, 8);
      assertThat(p).isBetween(0, 7);
      counts[p]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
  }
}
