package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultRulesTest {

  @Test
  void badValuesAreRefusedAtOnceWithTheirName() {
    FaultRules.Builder b = FaultRules.builder();

    assertThatThrownBy(() -> b.holdBackRate(1.5)).hasMessageContaining("holdBackRate");
    assertThatThrownBy(() -> b.dropRate(-0.1)).hasMessageContaining("dropRate");
    assertThatThrownBy(() -> b.throttleRate(Double.NaN)).hasMessageContaining("throttleRate");
    assertThatThrownBy(() -> b.latency(Duration.ofMillis(5), Duration.ofMillis(1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> b.wcuBudget(-1)).hasMessageContaining("wcuBudget");
    assertThatThrownBy(() -> b.sink(Duration.ofMillis(-1))).hasMessageContaining("sink");
  }

  @Test
  void wholeRequestRatesMayNotAddUpToMoreThanOne() {
    assertThatThrownBy(() -> FaultRules.builder().throttleRate(0.6).http500Rate(0.5).build())
        .hasMessageContaining("more than 1");
    assertThat(FaultRules.builder().throttleRate(0.5).http500Rate(0.5).build().wholeRequestFaultRate())
        .isEqualTo(1.0);
  }

  @Test
  void toBuilderKeepsEveryRule() {
    FaultRules rules = FaultRules.builder().seed(9).throttleRate(0.1).throttlingExceptionRate(0.05)
        .http500Rate(0.02).http503Rate(0.03).dropRate(0.01).holdBackRate(0.3)
        .latency(Duration.ofMillis(1), Duration.ofMillis(2)).poisonKeys("pk", Set.of("p"))
        .invalidKeys(Set.of("bad")).sink(Duration.ofMillis(3)).wcuBudget(100).budgetBurst(Duration.ofSeconds(1))
        .countSendsPerKey(false).build();

    FaultRules copy = rules.toBuilder().refuseCredentials(true).build();

    assertThat(copy.refusesCredentials()).isTrue();
    assertThat(rules.refusesCredentials()).isFalse();
    assertThat(copy.toBuilder().refuseCredentials(false).build().toString()).isEqualTo(rules.toString());
    assertThat(copy.poisonAttribute()).contains("pk");
    assertThat(copy.poisonKeys()).containsExactly("p");
    assertThat(copy.invalidKeys()).containsExactly("bad");
    assertThat(copy.sinkDelay()).contains(Duration.ofMillis(3));
    assertThat(copy.capacity()).isEqualTo(CapacitySpec.provisioned(100).burst(Duration.ofSeconds(1)));
    assertThat(copy.countsSendsPerKey()).isFalse();
    assertThat(copy.latencyMax()).isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void theBudgetShorthandsAreAProvisionedCapacityInEitherOrder() {
    FaultRules budgetFirst = FaultRules.builder().wcuBudget(900).budgetBurst(Duration.ofSeconds(1)).build();
    FaultRules burstFirst = FaultRules.builder().budgetBurst(Duration.ofSeconds(1)).wcuBudget(900).build();

    assertThat(budgetFirst.capacity()).isEqualTo(CapacitySpec.provisioned(900).burstSeconds(1))
        .isEqualTo(burstFirst.capacity());
    assertThat(FaultRules.builder().wcuBudget(5).build().capacity().burst()).isEqualTo(Duration.ofMillis(100));
    assertThat(budgetFirst.toBuilder().wcuBudget(0).build().capacity()).isEqualTo(CapacitySpec.unlimited());
    assertThat(budgetFirst.toString()).contains("provisioned=900/s burst=1s");
  }

  @Test
  void noneHasNoFaults() {
    FaultRules none = FaultRules.none();

    assertThat(none.wholeRequestFaultRate()).isZero();
    assertThat(none.holdBackRate()).isZero();
    assertThat(none.sinkDelay()).isEmpty();
    assertThat(none.capacity()).isEqualTo(CapacitySpec.unlimited());
    assertThat(none.capacity().limitsWrites()).isFalse();
    assertThat(none.countsSendsPerKey()).isTrue();
  }
}
