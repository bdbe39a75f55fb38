package dev.ddbload.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteRateLimiterTest {

  private final FakeTicker ticker = new FakeTicker();

  /** Sends calls of {@code units} as fast as the limiter lets them go for {@code seconds}. */
  private double unitsSentIn(WriteRateLimiter limiter, double units, int seconds) {
    long end = ticker.getAsLong() + seconds * 1_000_000_000L;
    double sent = 0;
    while (true) {
      long wait = limiter.reserve(units);
      ticker.advanceNanos(wait);
      if (ticker.getAsLong() >= end) {
        return sent;
      }
      sent += units;
    }
  }

  @Test
  void aSteadySenderGetsTheRateAndNoMore() {
    WriteRateLimiter limiter = new WriteRateLimiter(1000, 0.1, ticker);

    double sent = unitsSentIn(limiter, 25, 10);

    // 10 s at 1,000 units/s, plus at most the burst (100) and one call.
    assertThat(sent).isBetween(10_000.0, 10_000.0 + 100 + 25);
  }

  @Test
  void unusedRateIsSavedOnlyUpToTheBurst() {
    WriteRateLimiter limiter = new WriteRateLimiter(100, 0.5, ticker);
    ticker.advance(Duration.ofMinutes(5));

    int immediate = 0;
    while (limiter.reserve(10) == 0) {
      immediate++;
    }
    // 0.5 s of burst is 50 units: five calls of 10 go at once, the sixth too (the debt starts there).
    assertThat(immediate).isEqualTo(6);
  }

  @Test
  void aCallLargerThanTheBurstStillGoesAndTheNextWaitsForIt() {
    WriteRateLimiter limiter = new WriteRateLimiter(100, 0.1, ticker);

    assertThat(limiter.reserve(400)).isZero();
    assertThat(limiter.reserve(1)).isEqualTo(Duration.ofSeconds(4).toNanos());
  }

  @Test
  void adjustChargesWhatDynamoDbReportedBeyondTheEstimate() {
    WriteRateLimiter limiter = new WriteRateLimiter(100, 0, ticker);
    limiter.reserve(10);
    limiter.adjust(90);

    assertThat(limiter.reserve(1)).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void aRefundShortensTheWaitButNeverSavesMoreThanTheBurst() {
    WriteRateLimiter limiter = new WriteRateLimiter(100, 0, ticker);
    limiter.reserve(100);
    limiter.adjust(-1000);

    assertThat(limiter.reserve(50)).isZero();
    assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(500).toNanos());
  }

  @Test
  void aNewRateRescalesTheDebt() {
    WriteRateLimiter limiter = new WriteRateLimiter(100, 0, ticker);
    limiter.reserve(100);
    limiter.setRate(200);

    assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(limiter.rate()).isEqualTo(200);
  }

  @Test
  void unlimitedNeverWaits() {
    WriteRateLimiter limiter = WriteRateLimiter.unlimited(ticker);
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.reserve(1e9)).isZero();
    }
    limiter.setRate(10);
    limiter.reserve(10);
    assertThat(limiter.reserve(10)).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new WriteRateLimiter(0, 0, ticker)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new WriteRateLimiter(1, -1, ticker)).hasMessageContaining("burst");
  }
}
