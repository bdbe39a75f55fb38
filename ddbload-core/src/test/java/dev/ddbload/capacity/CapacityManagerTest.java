package dev.ddbload.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityManagerTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir
  Path state;

  private final FakeDynamoDb dynamo = new FakeDynamoDb("Orders");
  private final List<Duration> sleeps = new ArrayList<>();
  private RestoreLedger ledger;
  private CapacityManager manager;

  @BeforeEach
  void setUp() {
    dynamo.indexes.put("byCustomer", new long[] {4, 3});
    ledger = new RestoreLedger(state);
    manager = newManager(Duration.ofMinutes(30));
  }

  private CapacityManager newManager(Duration timeout) {
    return new CapacityManager(dynamo, ledger, "http://local", Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, timeout);
  }

  @Test
  void raisesTableAndIndexesKeepingReadCapacityThenRestoresWhatWasThere() throws InterruptedException {
    CapacityManager.Preparation p = manager.prepare("Orders", new CapacityTargets(100, 0, 0));

    assertThat(dynamo.updates).hasSize(1);
    assertThat(dynamo.updates.get(0).provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    assertThat(dynamo.write).isEqualTo(100);
    assertThat(dynamo.indexes.get("byCustomer")).containsExactly(4, 100);
    assertThat(p.raised()).extracting(CapacityChange::toString)
        .containsExactly("table Orders 5 -> 100 WCU", "index byCustomer 3 -> 100 WCU");
    assertThat(p.capacity().capacity().write()).isEqualTo(100);
    assertThat(ledger.find("Orders", "http://local")).isPresent();

    CapacityManager.Restoration r = manager.restore("Orders", true);

    assertThat(r.problem()).isEmpty();
    assertThat(dynamo.write).isEqualTo(5);
    assertThat(dynamo.read).isEqualTo(5);
    assertThat(dynamo.indexes.get("byCustomer")).containsExactly(4, 3);
    assertThat(ledger.find("Orders", "http://local")).isEmpty();
  }

  @Test
  void waitsForActiveBeforeAndAfterEachUpdate() throws InterruptedException {
    dynamo.updatingPolls = 3;

    manager.prepare("Orders", new CapacityTargets(100, 0, 0));

    // 3 polls UPDATING before the raise, 2 after it.
    assertThat(sleeps).hasSize(5);
  }

  @Test
  void neverLowersWhenRaisingAndSendsNothingWhenHighEnough() throws InterruptedException {
    dynamo.write = 500;
    dynamo.indexes.get("byCustomer")[1] = 800;

    CapacityManager.Preparation p = manager.prepare("Orders", new CapacityTargets(100, 0, 0));
    CapacityManager.Restoration r = manager.restore("Orders", true);

    assertThat(dynamo.updates).isEmpty();
    assertThat(p.raised()).isEmpty();
    assertThat(r.lowered()).isEmpty();
    assertThat(dynamo.write).isEqualTo(500);
  }

  @Test
  void onlyWhatNeedsRaisingIsSent() throws InterruptedException {
    dynamo.write = 500;

    manager.prepare("Orders", new CapacityTargets(100, 0, 0));

    assertThat(dynamo.updates).hasSize(1);
    assertThat(dynamo.updates.get(0).provisionedThroughput()).isNull();
    assertThat(dynamo.updates.get(0).globalSecondaryIndexUpdates()).hasSize(1);
  }

  @Test
  void minWriteCapacityLowersOnlyWhatIsHigher() throws InterruptedException {
    manager.prepare("Orders", new CapacityTargets(100, 4, 0));
    manager.restore("Orders", true);

    assertThat(dynamo.write).isEqualTo(4);
    assertThat(dynamo.indexes.get("byCustomer")[1]).isEqualTo(4);
    dynamo.updates.clear();
    dynamo.indexes.get("byCustomer")[1] = 2;
    dynamo.write = 10;

    manager.prepare("Orders", new CapacityTargets(0, 4, 0));
    CapacityManager.Restoration r = manager.restore("Orders", true);

    assertThat(r.lowered()).extracting(CapacityChange::toString).containsExactly("table Orders 10 -> 4 WCU");
    assertThat(dynamo.indexes.get("byCustomer")[1]).isEqualTo(2);
  }

  @Test
  void aSeparateIndexCapacityCanBeAsked() throws InterruptedException {
    manager.prepare("Orders", new CapacityTargets(100, 0, 40));
    assertThat(dynamo.indexes.get("byCustomer")[1]).isEqualTo(40);
  }

  @Test
  void aRefusedDecreaseSaysWhenToRetryAndKeepsTheRestorePending() throws InterruptedException {
    manager.prepare("Orders", new CapacityTargets(100, 0, 0));
    dynamo.refuseDecreases = true;
    dynamo.decreasesToday = 4;
    dynamo.lastDecrease = Instant.parse("2026-11-23T09:30:00Z");

    CapacityManager.Restoration r = manager.restore("Orders", true);

    assertThat(r.problem()).get().asString()
        .contains("refused to lower the write capacity of table Orders")
        .contains("4 made today").contains("left at 100 WCU").contains("2026-11-23 10:30 UTC")
        .contains("ddbload restore-capacity --table Orders");
    assertThat(dynamo.write).isEqualTo(100);
    assertThat(ledger.find("Orders", "http://local")).isPresent();
  }

  @Test
  void aRestoreLeftPendingIsDoneFirstByTheNextRun() throws InterruptedException {
    manager.prepare("Orders", new CapacityTargets(100, 0, 0));
    // The process dies here: no restore. The next run does not manage capacity.
    CapacityManager next = newManager(Duration.ofMinutes(30));

    CapacityManager.Preparation p = next.prepare("Orders", CapacityTargets.NONE);

    assertThat(p.restoredFirst()).extracting(CapacityChange::toString)
        .containsExactly("table Orders 100 -> 5 WCU", "index byCustomer 100 -> 3 WCU");
    assertThat(dynamo.write).isEqualTo(5);
    assertThat(ledger.find("Orders", "http://local")).isEmpty();
  }

  @Test
  void aRunThatRaisesAgainTakesOverTheEarlierRestoreValues() throws InterruptedException {
    manager.prepare("Orders", new CapacityTargets(100, 0, 0));
    CapacityManager next = newManager(Duration.ofMinutes(30));

    next.prepare("Orders", new CapacityTargets(200, 0, 0));
    next.restore("Orders", true);

    // Back to the capacity before the first run, not the 100 the dead run left.
    assertThat(dynamo.write).isEqualTo(5);
    assertThat(dynamo.indexes.get("byCustomer")[1]).isEqualTo(3);
  }

  @Test
  void onDemandTablesHaveNothingToChange() throws InterruptedException {
    dynamo.onDemand = true;

    CapacityManager.Preparation p = manager.prepare("Orders", new CapacityTargets(100, 5, 0));
    manager.restore("Orders", true);

    assertThat(p.capacity().onDemand()).isTrue();
    assertThat(dynamo.updates).isEmpty();
  }

  @Test
  void aTableThatStaysUpdatingIsAClearError() {
    dynamo.updatingPolls = Integer.MAX_VALUE;
    CapacityManager impatient = new CapacityManager(dynamo, ledger, "http://local",
        new TickingClock(NOW, Duration.ofMinutes(1)), sleeps::add, Duration.ofMinutes(10));

    assertThatThrownBy(() -> impatient.prepare("Orders", new CapacityTargets(100, 0, 0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Table Orders is still UPDATING after 10 minutes");
    assertThat(dynamo.updates).isEmpty();
  }

  /** A clock that moves on by a step each time it is read. */
  private static final class TickingClock extends Clock {
    private Instant now;
    private final Duration step;

    TickingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public Instant instant() {
      Instant t = now;
      now = now.plus(step);
      return t;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
