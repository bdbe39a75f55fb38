package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class KeyOrderingTest {

  private final List<WriteItem> superseded = new ArrayList<>();
  private final KeyOrdering ordering = new KeyOrdering(superseded::add);

  private static WriteItem item(String key, int line) {
    Map<String, AttributeValue> k = Map.of("pk", AttributeValue.fromS(key));
    SourceRecord record = new SourceRecord(new Origin("in", line), k, () -> "raw");
    return new WriteItem(record, k, WriteRequest.builder().putRequest(b -> b.item(k)).build(), 10, 40);
  }

  @Test
  void aKeyNotInFlightIsAdmitted() {
    assertThat(ordering.admit(item("a", 1))).isTrue();
    assertThat(ordering.hasWaiting()).isFalse();
  }

  @Test
  void aKeyInFlightIsParkedUntilItsWriteEnds() {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    ordering.admit(first);
    ordering.submitted(List.of(first));

    assertThat(ordering.admit(second)).isFalse();
    assertThat(ordering.hasWaiting()).isTrue();
    assertThat(ordering.takeReady()).isEmpty();

    ordering.finished(first);

    assertThat(ordering.takeReady()).containsExactly(second);
    // The key stays busy until the parked item, now batched, has been written too.
    assertThat(ordering.admit(item("a", 3))).isFalse();
  }

  @Test
  void aLaterDuplicateReplacesTheParkedOneWhichIsSuperseded() {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    WriteItem third = item("a", 3);
    ordering.admit(first);
    ordering.submitted(List.of(first));
    ordering.admit(second);

    ordering.admit(third);
    ordering.finished(first);

    assertThat(superseded).containsExactly(second);
    assertThat(ordering.takeReady()).containsExactly(third);
  }

  @Test
  void theKeyIsFreedWhenTheLastWriteEnds() {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    ordering.admit(first);
    ordering.submitted(List.of(first));
    ordering.admit(second);
    ordering.finished(first);
    ordering.submitted(ordering.takeReady());

    ordering.finished(second);

    assertThat(ordering.busyKeys()).isZero();
    assertThat(ordering.hasWaiting()).isFalse();
    assertThat(ordering.admit(item("a", 4))).isTrue();
  }

  @Test
  void otherKeysAreNotHeldUp() {
    WriteItem a = item("a", 1);
    ordering.admit(a);
    ordering.submitted(List.of(a));

    assertThat(ordering.admit(item("b", 2))).isTrue();
  }

  @Test
  void awaitReadyReturnsWhatBecameReadyMeanwhile() throws InterruptedException {
    WriteItem first = item("a", 1);
    WriteItem second = item("a", 2);
    ordering.admit(first);
    ordering.submitted(List.of(first));
    ordering.admit(second);
    Thread completion = new Thread(() -> ordering.finished(first));
    completion.start();
    completion.join();

    assertThat(ordering.awaitReady(1_000)).containsExactly(second);
    assertThat(ordering.awaitReady(1)).isEmpty();
  }
}
