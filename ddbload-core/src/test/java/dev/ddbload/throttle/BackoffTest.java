package dev.ddbload.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The backoff schedule with a recording random source: exact, and never waiting. */
class BackoffTest {

  private static final Duration BASE = Duration.ofMillis(25);
  private static final Duration MAX = Duration.ofSeconds(10);

  /** Returns a fixed fraction of each bound it is asked for, and records the bounds. */
  private static final class RecordingRandom implements RandomGenerator {
    final List<Long> bounds = new ArrayList<>();
    final double fraction;

    RecordingRandom(double fraction) {
      this.fraction = fraction;
    }

    @Override
    public long nextLong() {
      throw new AssertionError("Backoff should draw within a bound");
    }

    @Override
    public long nextLong(long bound) {
      bounds.add(bound);
      return Math.min(bound - 1, (long) (bound * fraction));
    }
  }

  @Test
  void ceilingsDoubleFromTheBaseUpToTheMax() {
    Backoff backoff = new Backoff(BASE, MAX, new RecordingRandom(0));

    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(25));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofMillis(6_400));
    assertThat(backoff.ceiling(10)).isEqualTo(MAX);
    assertThat(backoff.ceiling(15)).isEqualTo(MAX);
  }

  @Test
  void theDelayIsFullJitterBetweenZeroAndTheCeilingInclusive() {
    RecordingRandom lowest = new RecordingRandom(0);
    RecordingRandom highest = new RecordingRandom(1);
    RecordingRandom middle = new RecordingRandom(0.5);

    assertThat(new Backoff(BASE, MAX, lowest).delay(3)).isEqualTo(Duration.ZERO);
    assertThat(new Backoff(BASE, MAX, highest).delay(3)).isEqualTo(Duration.ofMillis(100));
    assertThat(new Backoff(BASE, MAX, middle).delay(3)).isEqualTo(Duration.ofMillis(50));
    // One draw per delay, bounded by the ceiling plus one nanosecond so the ceiling can come up.
    assertThat(highest.bounds).containsExactly(Duration.ofMillis(100).toNanos() + 1);
  }

  @Test
  void largeRetryNumbersStayAtTheMaxWithoutOverflow() {
    RecordingRandom highest = new RecordingRandom(1);
    Backoff backoff = new Backoff(Duration.ofNanos(1), Duration.ofDays(365 * 100), highest);

    for (int retry : new int[] {62, 63, 64, 100, 1_000, Integer.MAX_VALUE}) {
      assertThat(backoff.ceiling(retry)).as("retry %d", retry).isPositive().isLessThanOrEqualTo(Duration.ofDays(36_500));
      assertThat(backoff.delay(retry).isNegative()).as("retry %d", retry).isFalse();
    }
    Backoff longest = new Backoff(Duration.ofMillis(1), Duration.ofNanos(Long.MAX_VALUE), highest);
    assertThat(longest.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - 1));
    Backoff capped = new Backoff(BASE, MAX, highest);
    assertThat(capped.ceiling(Integer.MAX_VALUE)).isEqualTo(MAX);
    assertThat(capped.delay(1_000_000)).isEqualTo(MAX);
  }

  @Test
  void aLongScheduleIsComputedAtOnceWithoutWaiting() {
    Backoff backoff = new Backoff(BASE, MAX, new RecordingRandom(1));
    Duration total = Duration.ZERO;
    long started = System.nanoTime();

    for (int retry = 1; retry <= 30; retry++) {
      total = total.plus(backoff.delay(retry));
    }

    // 25+50+...+6400 ms, then 21 retries at 10 s: minutes of schedule, computed in an instant.
    assertThat(total).isEqualTo(Duration.ofMillis(12_775).plus(MAX.multipliedBy(21)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, new RecordingRandom(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Backoff.backoffBase must be positive, not 0ms");
    assertThatThrownBy(() -> new Backoff(MAX, BASE, new RecordingRandom(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Backoff.backoffMax (25ms) must be at least Backoff.backoffBase (10s)");
    assertThatThrownBy(() -> new Backoff(BASE, MAX, new RecordingRandom(0)).ceiling(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
