package dev.ddbload.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-rate ceiling a load gets from the table it writes to. */
class CapacityControlTest {

  @TempDir
  Path state;

  private final FakeDynamoDb dynamo = new FakeDynamoDb("Orders");
  private CapacityManager manager;

  @BeforeEach
  void setUp() {
    dynamo.onDemand = true;
    dynamo.indexes.put("byCustomer", new long[] {0, 0});
    dynamo.indexes.put("byDate", new long[] {0, 0});
    manager = new CapacityManager(dynamo, new RestoreLedger(state), "http://local",
        Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), d -> { }, Duration.ofMinutes(1));
  }

  private CapacityControl control(double maxWcu) {
    return new CapacityControl(manager, "Orders", CapacityTargets.NONE, 0.9, maxWcu);
  }

  @Test
  void anOnDemandTableWithoutMaximumsHasNoCeiling() throws InterruptedException {
    CapacityControl c = control(0);

    assertThat(c.prepare(true)).isInfinite();
    assertThat(c.onDemandLimits().writeCeiling()).isZero();
    assertThat(c.rateSource()).isEqualTo("on-demand table, no fixed limit");
  }

  @Test
  void theOnDemandMaximumsOfTheTableAndItsIndexesAreTheCeiling() throws InterruptedException {
    // Consumed capacity counts the table's writes and its indexes': an index without a maximum
    // receives at most the table's.
    dynamo.onDemandMaxWrite = 1000L;
    dynamo.indexOnDemandMaxWrite.put("byCustomer", 400L);
    dynamo.indexOnDemandMaxWrite.put("byDate", -1L);
    CapacityControl c = control(0);

    assertThat(c.prepare(false)).isEqualTo(1000 + 400 + 1000);
    assertThat(c.onDemandLimits().describe("Orders"))
        .containsExactly(Map.entry("table Orders", 1000L), Map.entry("index byCustomer", 400L));
    assertThat(c.rateSource()).isEqualTo("the on-demand maximum, table Orders 1000 + index byCustomer 400 WRU/s");
  }

  @Test
  void theOnDemandMaximumCapsMaxWcuButALowerMaxWcuStands() throws InterruptedException {
    dynamo.onDemandMaxWrite = 500L;
    dynamo.indexes.clear();

    assertThat(control(2000).prepare(true)).isEqualTo(500);
    assertThat(control(300).prepare(true)).isEqualTo(300);
  }

  @Test
  void anIndexMaximumAloneBoundsNothing() throws InterruptedException {
    dynamo.indexOnDemandMaxWrite.put("byDate", 200L);

    assertThat(control(0).prepare(true)).isInfinite();
  }

  @Test
  void aProvisionedTableIsBoundByItsCapacity() throws InterruptedException {
    dynamo.onDemand = false;
    dynamo.indexes.clear();
    dynamo.write = 100;

    assertThat(control(0).prepare(true)).isEqualTo(90);
  }
}
