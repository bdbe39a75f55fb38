package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultDiceTest {

  private static final FaultRules RULES = FaultRules.builder().seed(42)
      .dropRate(0.1).http500Rate(0.1).http503Rate(0.1).throttleRate(0.1).throttlingExceptionRate(0.1)
      .holdBackRate(0.3).latency(Duration.ofMillis(1), Duration.ofMillis(20)).build();

  @Test
  void theSameSeedThrowsTheSameFaultsInTheSameOrder() {
    FaultDice a = new FaultDice(RULES);
    FaultDice b = new FaultDice(RULES);

    for (int i = 0; i < 1_000; i++) {
      FaultDice.Throw x = a.roll(25);
      FaultDice.Throw y = b.roll(25);
      assertThat(y.fault()).isEqualTo(x.fault());
      assertThat(y.latencyNanos()).isEqualTo(x.latencyNanos());
      assertThat(y.holdBack()).isEqualTo(x.holdBack());
    }
  }

  @Test
  void faultsComeAtTheirRatesAndLatencyStaysInRange() {
    FaultDice dice = new FaultDice(RULES);
    Map<FaultDice.WholeFault, Integer> faults = new EnumMap<>(FaultDice.WholeFault.class);
    int heldBack = 0;
    int items = 0;

    for (int i = 0; i < 20_000; i++) {
      FaultDice.Throw t = dice.roll(10);
      faults.merge(t.fault(), 1, Integer::sum);
      assertThat(t.latencyNanos()).isBetween(1_000_000L, 20_000_000L);
      if (t.fault() == FaultDice.WholeFault.NONE) {
        items += 10;
        for (boolean h : t.holdBack()) {
          heldBack += h ? 1 : 0;
        }
      } else {
        assertThat(t.holdBack()).doesNotContain(true);
      }
    }

    for (FaultDice.WholeFault f : FaultDice.WholeFault.values()) {
      double expected = f == FaultDice.WholeFault.NONE ? 0.5 : 0.1;
      assertThat(faults.get(f) / 20_000.0).as(f.name()).isBetween(expected - 0.02, expected + 0.02);
    }
    assertThat((double) heldBack / items).isBetween(0.28, 0.32);
  }

  @Test
  void noRulesNoFaults() {
    FaultDice.Throw t = new FaultDice(FaultRules.none()).roll(3);

    assertThat(t.fault()).isEqualTo(FaultDice.WholeFault.NONE);
    assertThat(t.latencyNanos()).isZero();
    assertThat(t.holdBack()).containsExactly(false, false, false);
  }
}
