package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KeyOrderingTest {

  private final List<WriteItem> superseded = new ArrayList<>();
  private final KeyOrdering ordering = new KeyOrdering(superseded::add);
  private final KeyOrdering.Lane lane = ordering.newLane();

  static WriteItem item(String key, int line) {
    return item("in", key, line);
  }

  static WriteItem item(String source, String key, int line) {
    Map<String, AttributeValue> k = Map.of("pk", AttributeValue.fromS(key));
    SourceRecord record = new SourceRecord(new Origin(source, line, line - 1, Origin.UNKNOWN), k, () -> "raw");
    return WriteItem.put(record, k, k, 10);
  }

  @Test
  void aKeyNotInFlightIsAdmitted() {
    assertThat(lane.admit(item("a", 1))).isTrue();
    assertThat(ordering.hasWaiting()).isFalse();
  }

  @Test
  void aKeyInFlightIsParkedUntilItsWriteEnds() {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    lane.admit(first);
    ordering.submitted(List.of(first));

    assertThat(lane.admit(second)).isFalse();
    assertThat(ordering.hasWaiting()).isTrue();
    assertThat(lane.takeReady()).isEmpty();

    ordering.finished(first);

    assertThat(lane.takeReady()).containsExactly(second);
    // In this lane's open batch, a later record replaces it there (the batcher supersedes it).
    assertThat(lane.admit(item("a", 3))).isTrue();
    // Once sent, the key stays held until that write is over.
    ordering.submitted(List.of(second));
    assertThat(lane.admit(item("a", 4))).isFalse();
  }

  @Test
  void aLaterDuplicateReplacesTheParkedOneWhichIsSuperseded() {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    WriteItem third = item("a", 3);
    lane.admit(first);
    ordering.submitted(List.of(first));
    lane.admit(second);

    lane.admit(third);
    ordering.finished(first);

    assertThat(superseded).containsExactly(second);
    assertThat(lane.takeReady()).containsExactly(third);
  }

  static WriteItem update(String key, int line, String attribute) {
    Map<String, AttributeValue> k = Map.of("pk", AttributeValue.fromS(key));
    SourceRecord record = new SourceRecord(new Origin("in", line, line - 1, Origin.UNKNOWN), k, () -> "raw");
    return WriteItem.single(record, new SingleWrite(SingleWrite.Op.UPDATE, k,
        Map.of(attribute, AttributeValue.fromN(Integer.toString(line))), Set.of(), false, null, null), 10);
  }

  @Test
  void aParkedUpdateMergedIntoALaterOneIsNotSupersededButCarriedUntilTheMergedWriteEnds() {
    WriteItem first = update("a", 1, "x");
    WriteItem second = update("a", 2, "y");
    WriteItem third = update("a", 3, "z");
    lane.admit(first);
    ordering.submitted(List.of(first));
    lane.admit(second);

    lane.admit(third);
    ordering.finished(first);

    // Ended now, a checkpoint would count record 2 done while its values are not yet written.
    assertThat(superseded).isEmpty();
    List<WriteItem> ready = lane.takeReady();
    assertThat(ready).singleElement().satisfies(merged -> {
      assertThat(merged.origin()).isEqualTo(third.origin());
      assertThat(merged.absorbed()).extracting(WriteItem::origin).containsExactly(second.origin());
      assertThat(merged.single().values()).containsOnlyKeys("y", "z");
    });
  }

  @Test
  void theKeyIsFreedWhenTheLastWriteEnds() {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    lane.admit(first);
    ordering.submitted(List.of(first));
    lane.admit(second);
    ordering.finished(first);
    ordering.submitted(lane.takeReady());

    ordering.finished(second);

    assertThat(ordering.busyKeys()).isZero();
    assertThat(ordering.hasWaiting()).isFalse();
    assertThat(lane.admit(item("a", 4))).isTrue();
  }

  @Test
  void otherKeysAreNotHeldUp() {
    WriteItem a = item("a", 1);
    lane.admit(a);
    ordering.submitted(List.of(a));

    assertThat(lane.admit(item("b", 2))).isTrue();
  }

  @Test
  void awaitReadyReturnsWhatBecameReadyMeanwhile() throws InterruptedException {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    lane.admit(first);
    ordering.submitted(List.of(first));
    lane.admit(second);
    Thread completion = new Thread(() -> ordering.finished(first));
    completion.start();
    completion.join();

    assertThat(lane.awaitReady(1_000)).containsExactly(second);
    assertThat(lane.awaitReady(1)).isEmpty();
  }
}
