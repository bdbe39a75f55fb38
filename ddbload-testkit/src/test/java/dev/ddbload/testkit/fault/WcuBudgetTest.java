package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WcuBudgetTest {

  /** A clock the test moves by hand. */
  private static final class FakeTicker {
    long nanos = 1_000_000_000L;

    void advanceMillis(long millis) {
      nanos += millis * 1_000_000L;
    }
  }

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void startsFullWithTheBurstThenRefusesUntilItRefills() {
    WcuBudget budget = new WcuBudget(100, Duration.ofMillis(100), () -> ticker.nanos);

    // 10 units of burst: ten 1-WCU items, then nothing.
    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryTake(1)).as("item %d", i).isTrue();
    }
    assertThat(budget.tryTake(1)).isFalse();

    ticker.advanceMillis(10);
    assertThat(budget.tryTake(1)).isTrue();
    assertThat(budget.tryTake(1)).isFalse();
  }

  @Test
  void aLargeItemMayTakeTheBucketIntoDebtWhichDelaysTheNext() {
    WcuBudget budget = new WcuBudget(100, Duration.ofMillis(10), () -> ticker.nanos);

    assertThat(budget.tryTake(50)).isTrue();
    ticker.advanceMillis(400);
    assertThat(budget.tryTake(1)).as("49 units of debt are not paid back yet").isFalse();
    ticker.advanceMillis(100);
    assertThat(budget.tryTake(1)).isTrue();
  }

  @Test
  void overTimeLetsThroughTheRateWithinOneBurst() {
    WcuBudget budget = new WcuBudget(250, Duration.ofMillis(100), () -> ticker.nanos);
    long taken = 0;

    for (int ms = 0; ms < 10_000; ms++) {
      while (budget.tryTake(3)) {
        taken += 3;
      }
      ticker.advanceMillis(1);
    }

    assertThat(taken).isBetween(2_500L - 3, 2_500L + 25 + 3);
  }

  @Test
  void unusedBudgetIsSavedOnlyUpToTheBurst() {
    WcuBudget budget = new WcuBudget(100, Duration.ofMillis(50), () -> ticker.nanos);
    ticker.advanceMillis(60_000);
    int taken = 0;

    while (budget.tryTake(1)) {
      taken++;
    }

    assertThat(taken).isEqualTo(5);
  }

  @Test
  void aZeroBurstStillLetsOneUnitThrough() {
    WcuBudget budget = new WcuBudget(10, Duration.ZERO, () -> ticker.nanos);

    assertThat(budget.tryTake(1)).isTrue();
    assertThat(budget.tryTake(1)).isFalse();
  }

  @Test
  void anItemPassesOnlyWhenTheBucketHoldsItsUnitsOrIsFull() {
    WcuBudget budget = new WcuBudget(10, Duration.ofMillis(200), () -> ticker.nanos);

    assertThat(budget.tryTake(5)).as("a full bucket of 2 lets a larger item through").isTrue();
    ticker.advanceMillis(400); // -3 + 4
    assertThat(budget.hasRoom(2, ticker.nanos)).isFalse();
    assertThat(budget.hasRoom(1, ticker.nanos)).isTrue();
    ticker.advanceMillis(1_000);
    assertThat(budget.hasRoom(400, ticker.nanos)).as("full again").isTrue();
  }

  @Test
  void aNewRateKeepsWhatWasSavedUpToTheNewBurst() {
    WcuBudget budget = new WcuBudget(100, Duration.ofSeconds(1), false, () -> ticker.nanos);
    ticker.advanceMillis(500);

    budget.setRate(1_000, ticker.nanos);
    assertThat(budget.hasRoom(50, ticker.nanos)).isTrue();
    assertThat(budget.tokens()).isEqualTo(50.0);
    ticker.advanceMillis(100);
    assertThat(budget.hasRoom(1, ticker.nanos)).isTrue();
    assertThat(budget.tokens()).isEqualTo(150.0);

    budget.setRate(10, ticker.nanos);
    assertThat(budget.tokens()).as("capped at the new burst").isEqualTo(10.0);
    assertThat(budget.wcuPerSecond()).isEqualTo(10.0);
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new WcuBudget(0, Duration.ZERO, () -> 0L))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
