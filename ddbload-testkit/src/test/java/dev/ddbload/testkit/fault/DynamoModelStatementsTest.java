package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.testkit.fault.CallOutcome.Fault;
import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** BatchExecuteStatement calls decided by the {@link DynamoModel} as BatchWriteItems of their statements. */
class DynamoModelStatementsTest {

  private static final String TABLE = "t";

  private final long[] now = {0};

  private DynamoModel model(FaultRules rules) {
    return DynamoModel.builder().rules(rules).ticker(() -> now[0]).build();
  }

  private static List<ModelItem> items(int count) {
    List<ModelItem> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(ModelItem.of("k" + i));
    }
    return items;
  }

  private static CallOutcome statements(DynamoModel model, List<ModelItem> items, boolean[] poison,
      boolean[] invalid) {
    return model.statementBatch(Collections.nCopies(items.size(), TABLE), items, poison, invalid);
  }

  private static CallOutcome statements(DynamoModel model, int count) {
    return statements(model, items(count), new boolean[count], new boolean[count]);
  }

  @Test
  void statementsOverTheCapacityAreNotAdmittedAndCountedApartFromBatchWriteItem() {
    DynamoModel model = model(FaultRules.builder().capacity(CapacitySpec.provisioned(10).burstSeconds(1)).build());

    CallOutcome first = statements(model, 25);

    assertThat(first.fault()).isEqualTo(Fault.NONE);
    assertThat(first.processedCount()).isEqualTo(10);
    assertThat(first.items().subList(10, 25)).containsOnly(ItemResult.TABLE_CAPACITY);
    FaultStats stats = model.stats();
    assertThat(stats.statementCalls()).isEqualTo(1);
    assertThat(stats.statementsSent()).isEqualTo(25);
    assertThat(stats.statementsWritten()).isEqualTo(10);
    assertThat(stats.statementsThrottled()).isEqualTo(15);
    assertThat(stats.batchWrites()).isZero();
    assertThat(stats.itemsReceived()).isZero();
    assertThat(stats.items(ItemResult.TABLE_CAPACITY)).as("BatchWriteItem's items only").isZero();
    assertThat(stats.consumedWcu()).isEqualTo(10.0);
  }

  @Test
  void aCallOfWhichNoStatementIsAdmittedIsThrottledWhole() {
    DynamoModel model = model(FaultRules.builder().capacity(CapacitySpec.provisioned(10).startEmpty()).build());
    CallOutcome byCapacity = statements(model, 3);
    DynamoModel holding = model(FaultRules.builder().holdBackRate(1.0).build());
    CallOutcome heldBack = statements(holding, 4);

    assertThat(byCapacity.fault()).isEqualTo(Fault.THROTTLE);
    assertThat(byCapacity.isCapacityThrottle()).isTrue();
    assertThat(model.stats().capacityThrottled()).isEqualTo(1);
    assertThat(model.stats().statementsThrottled()).isEqualTo(3);
    assertThat(heldBack.fault()).isEqualTo(Fault.THROTTLE);
    assertThat(heldBack.items()).containsOnly(ItemResult.HELD_BACK);
    assertThat(holding.stats().throttled()).isEqualTo(1);
    assertThat(holding.stats().capacityThrottled()).isZero();
    assertThat(holding.stats().statementsThrottled()).isEqualTo(4);
    assertThat(holding.stats().statementsWritten()).isZero();
  }

  @Test
  void anInvalidOrPoisonStatementIsRefusedInItsPlaceAndTheOthersAdmitted() {
    DynamoModel model = model(FaultRules.builder().poisonKeys("pk", Set.of("p")).invalidKeys(Set.of("x")).build());

    CallOutcome out = statements(model, items(4), new boolean[] {false, true, false, false},
        new boolean[] {false, false, true, false});

    assertThat(out.fault()).isEqualTo(Fault.NONE);
    assertThat(out.items()).containsExactly(ItemResult.PROCESSED, ItemResult.POISON, ItemResult.INVALID,
        ItemResult.PROCESSED);
    assertThat(out.consumedUnits()).isEqualTo(2.0);
    FaultStats stats = model.stats();
    assertThat(stats.statementsWritten()).isEqualTo(2);
    assertThat(stats.statementsThrottled()).isEqualTo(1);
    assertThat(stats.statementsInvalid()).isEqualTo(1);
    assertThat(stats.validationFailures()).as("no call failed").isZero();
  }

  @Test
  void aCallOfInvalidStatementsOnlyIsAnsweredStatementByStatement() {
    DynamoModel model = model(FaultRules.builder().invalidKeys(Set.of("x")).build());

    CallOutcome out = statements(model, items(2), new boolean[2], new boolean[] {true, true});

    assertThat(out.fault()).isEqualTo(Fault.NONE);
    assertThat(out.items()).containsOnly(ItemResult.INVALID);
    assertThat(model.stats().statementsInvalid()).isEqualTo(2);
    assertThat(model.stats().throttled()).isZero();
  }

  @Test
  void wholeCallFaultsCountCallsNotStatements() {
    DynamoModel model = model(FaultRules.builder().seed(3).http500Rate(0.5).dropRate(0.5).build());

    for (int i = 0; i < 20; i++) {
      assertThat(statements(model, 5).items()).containsOnly(ItemResult.CALL_FAILED);
    }

    FaultStats stats = model.stats();
    assertThat(stats.http500() + stats.dropped()).isEqualTo(20);
    assertThat(stats.http500()).isPositive();
    assertThat(stats.dropped()).isPositive();
    assertThat(stats.statementCalls()).isEqualTo(20);
    assertThat(stats.statementsSent()).isEqualTo(100);
    assertThat(stats.statementsWritten() + stats.statementsThrottled() + stats.statementsInvalid()).isZero();
  }
}
