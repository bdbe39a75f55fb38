package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapacitySpecTest {

  @Test
  void badValuesAreRefusedAtOnceWithTheirName() {
    assertThatThrownBy(() -> CapacitySpec.provisioned(0)).hasMessageContaining("wcuPerSecond");
    assertThatThrownBy(() -> CapacitySpec.provisioned(Double.NaN)).hasMessageContaining("wcuPerSecond");
    assertThatThrownBy(() -> CapacitySpec.onDemand(-1)).hasMessageContaining("previousPeakWcu");
    assertThatThrownBy(() -> CapacitySpec.unlimited().partitions(0, 1_000)).hasMessageContaining("partitions");
    assertThatThrownBy(() -> CapacitySpec.unlimited().partitions(4, 0)).hasMessageContaining("wcuPerPartition");
    assertThatThrownBy(() -> CapacitySpec.provisioned(1).burstSeconds(-1)).hasMessageContaining("burst");
    assertThatThrownBy(() -> CapacitySpec.onDemand(1).scaleAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("scaleAfter");
  }

  @Test
  void defaultsAreDynamoDbs() {
    CapacitySpec provisioned = CapacitySpec.provisioned(2_000);
    CapacitySpec onDemand = CapacitySpec.onDemand(CapacitySpec.NEW_ON_DEMAND_PEAK);

    assertThat(provisioned.burst()).isEqualTo(Duration.ofSeconds(300));
    assertThat(provisioned.startsFull()).isTrue();
    assertThat(provisioned.wcuPerSecond()).isEqualTo(2_000);
    assertThat(provisioned.previousPeakWcu()).isZero();
    assertThat(onDemand.previousPeakWcu()).isEqualTo(2_000);
    assertThat(onDemand.scaleAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(CapacitySpec.unlimited().partitions(4, CapacitySpec.PARTITION_WCU).partitionBurst())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void onlyAnUnlimitedTableWithoutPartitionsLimitsNothing() {
    assertThat(CapacitySpec.unlimited().limitsWrites()).isFalse();
    assertThat(CapacitySpec.unlimited().partitions(2, 10).limitsWrites()).isTrue();
    assertThat(CapacitySpec.provisioned(1).limitsWrites()).isTrue();
    assertThat(CapacitySpec.onDemand(1).limitsWrites()).isTrue();
  }

  @Test
  void eachSettingReturnsACopyKeepingTheOthers() {
    CapacitySpec base = CapacitySpec.provisioned(100).burstSeconds(60).partitions(4, 500).startEmpty();

    CapacitySpec switched = base.toOnDemand(300).scaleAfter(Duration.ofSeconds(5));

    assertThat(base.mode()).isEqualTo(CapacitySpec.Mode.PROVISIONED);
    assertThat(switched.mode()).isEqualTo(CapacitySpec.Mode.ON_DEMAND);
    assertThat(switched.partitionCount()).isEqualTo(4);
    assertThat(switched.wcuPerPartition()).isEqualTo(500);
    assertThat(switched.startsFull()).isFalse();
    assertThat(switched.toProvisioned(100).scaleAfter(Duration.ofSeconds(30))).isEqualTo(base);
    assertThat(base.toString()).isEqualTo("provisioned=100/s burst=60s partitions=4x500/s burst=1s start-empty");
  }

  @Test
  void partitionsOfKeysAreStableAndSpread() {
    CapacitySpec spec = CapacitySpec.unlimited().partitions(8, 1_000);
    int[] counts = new int[8];

    for (int i = 0; i < 8_000; i++) {
      counts[spec.partitionOf("key" + i)]++;
    }

    for (int c : counts) {
      assertThat(c).isBetween(850, 1_150);
    }
    assertThat(spec.partitionOf("hot")).isEqualTo(spec.partitionOf("hot")).isBetween(0, 7);
    assertThat(CapacitySpec.unlimited().partitionOf("anything")).isZero();
  }
}
