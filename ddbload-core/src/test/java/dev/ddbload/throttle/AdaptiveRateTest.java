package dev.ddbload.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdaptiveRateTest {

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void startsAtTheCeilingAndNeverExceedsIt() {
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);
    ticker.advance(Duration.ofHours(1));
    assertThat(rate.rate()).isEqualTo(1000);
  }

  @Test
  void throttlingCutsMultiplicativelyThenQuietClimbsAdditively() {
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);

    assertThat(rate.onThrottle(0)).isTrue();
    assertThat(rate.rate()).isEqualTo(700);
    ticker.advance(Duration.ofSeconds(5));
    // 2 % of the ceiling per second: 5 s give 100 more.
    assertThat(rate.rate()).isCloseTo(800, within(1e-6));
    ticker.advance(Duration.ofSeconds(60));
    assertThat(rate.rate()).isEqualTo(1000);
  }

  @Test
  void theCutStartsFromWhatWasActuallyAchieved() {
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);
    rate.onThrottle(400);
    assertThat(rate.rate()).isCloseTo(280, within(1e-6));
  }

  @Test
  void throttlingWithinTheCooldownIsTheEchoOfCallsInFlight() {
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);
    rate.onThrottle(0);
    ticker.advance(Duration.ofMillis(300));

    assertThat(rate.onThrottle(0)).isFalse();
    assertThat(rate.decreases()).isEqualTo(1);
    ticker.advance(Duration.ofMillis(800));
    assertThat(rate.onThrottle(0)).isTrue();
    assertThat(rate.decreases()).isEqualTo(2);
  }

  @Test
  void convergesBelowABudgetItCannotSee() {
    // A table that absorbs 600 units/s under a ceiling of 1,000, in 100 ms steps; what is sent
    // above the budget is throttled.
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);
    double sent = 0;
    double throttled = 0;
    for (int step = 0; step < 3000; step++) {
      double r = rate.rate();
      if (r > 600) {
        rate.onThrottle(600);
      }
      if (step >= 300) {
        sent += r / 10;
        throttled += Math.max(0, r - 600) / 10;
      }
      ticker.advance(Duration.ofMillis(100));
    }
    assertThat(throttled / sent).isLessThan(0.05);
    assertThat(sent / 270).as("units per second after the first 30 s").isBetween(480.0, 600.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 3})
  void throttlingThatDoesNotAnswerToTheRateIsNotFollowedDown(int percent) {
    // A share of items fails whatever the rate: after one decrease that changes nothing, the
    // rate climbs back (2 % of the ceiling a second) instead of walking down to nothing.
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);
    for (int step = 0; step < 600; step++) {
      rate.outcome(100, percent);
      rate.onThrottle(rate.rate() * (100 - percent) / 100.0);
      ticker.advance(Duration.ofMillis(100));
    }
    assertThat(rate.decreases()).isEqualTo(1);
    assertThat(rate.rate()).isEqualTo(1000);
  }

  @Test
  void capacityThrottlingThatADecreaseRelievesKeepsTheDecrease() {
    // A budget of 600 units/s: the share throttled follows the rate, so decreases stick.
    AdaptiveRate rate = AdaptiveRate.standard(1000, ticker);
    double sent = 0;
    double throttled = 0;
    for (int step = 0; step < 3000; step++) {
      double r = rate.rate();
      double over = Math.max(0, r - 600);
      rate.outcome((int) Math.round(r / 10), (int) Math.round(over / 10));
      if (over > 0) {
        rate.onThrottle(600);
      }
      if (step >= 300) {
        sent += r / 10;
        throttled += over / 10;
      }
      ticker.advance(Duration.ofMillis(100));
    }
    assertThat(throttled / sent).isLessThan(0.05);
    assertThat(sent / 270).as("units per second after the first 30 s").isBetween(480.0, 600.0);
  }

  @Test
  void withoutACeilingItIsUnlimitedUntilTheFirstThrottling() {
    AdaptiveRate rate = AdaptiveRate.standard(Double.POSITIVE_INFINITY, ticker);
    assertThat(rate.rate()).isInfinite();
    assertThat(rate.onThrottle(0)).isFalse();

    assertThat(rate.onThrottle(5000)).isTrue();
    assertThat(rate.rate()).isCloseTo(3500, within(1e-6));
    ticker.advance(Duration.ofSeconds(10));
    assertThat(rate.rate()).isCloseTo(3500 + 10 * 100, within(1e-6));
  }

  @Test
  void theMeterReportsTheRateOfTheLastSeconds() {
    ConsumptionMeter meter = new ConsumptionMeter(ticker);
    assertThat(meter.rate()).isZero();
    for (int s = 0; s < 5; s++) {
      for (int i = 0; i < 10; i++) {
        meter.record(50);
        ticker.advance(Duration.ofMillis(100));
      }
    }
    assertThat(meter.rate()).isCloseTo(500, within(1e-6));
    ticker.advance(Duration.ofSeconds(10));
    assertThat(meter.rate()).isZero();
  }
}
