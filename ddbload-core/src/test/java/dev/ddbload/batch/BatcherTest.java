package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ItemSize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** BatchWriteItem's limits: 25 requests, 16 MB, no key twice in one call. */
class BatcherTest {

  private final List<WriteItem> superseded = new ArrayList<>();

  private static WriteItem item(String key, int line, String payload) {
    Map<String, AttributeValue> full = Map.of("pk", AttributeValue.fromS(key), "v", AttributeValue.fromS(payload));
    Map<String, AttributeValue> k = Map.of("pk", AttributeValue.fromS(key));
    SourceRecord record = new SourceRecord(new Origin("in", line, line - 1, Origin.UNKNOWN), full, () -> "raw");
    return WriteItem.put(record, k, full, ItemSize.of(full));
  }

  private static WriteItem item(String key, int line) {
    return item(key, line, "x");
  }

  @Test
  void theTwentySixthItemStartsANewBatch() {
    Batcher batcher = new Batcher(superseded::add);
    for (int i = 0; i < 24; i++) {
      assertThat(batcher.add(item("k" + i, i))).isEmpty();
    }
    List<WriteItem> full = batcher.add(item("k24", 24));
    assertThat(full).hasSize(25);
    assertThat(batcher.size()).isZero();
    assertThat(batcher.add(item("k25", 25))).isEmpty();
    assertThat(batcher.drain()).extracting(w -> w.origin().line()).containsExactly(25L);
  }

  @Test
  void aBatchNeverExceedsSixteenMegabytesOfRequest() {
    Batcher batcher = new Batcher(superseded::add);
    // 200 KB of control characters: a small item, but each character takes six bytes of JSON.
    String big = "\u0001".repeat(200 * 1024);
    List<List<WriteItem>> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      List<WriteItem> batch = batcher.add(item("k" + i, i, big));
      if (!batch.isEmpty()) {
        sent.add(batch);
      }
    }
    sent.add(batcher.drain());
    assertThat(sent.stream().mapToInt(List::size).sum()).isEqualTo(100);
    for (List<WriteItem> batch : sent) {
      long bytes = batch.stream().mapToLong(WriteItem::requestBytes).sum();
      assertThat(bytes).isLessThanOrEqualTo(Batcher.MAX_BATCH_BYTES);
      assertThat(batch.size()).isLessThan(25);
    }
    // Each batch was closed by the byte limit: the next item would not have fitted.
    for (int i = 0; i + 1 < sent.size(); i++) {
      long bytes = sent.get(i).stream().mapToLong(WriteItem::requestBytes).sum();
      assertThat(bytes + sent.get(i + 1).get(0).requestBytes()).isGreaterThan(Batcher.MAX_BATCH_BYTES - 1024);
    }
  }

  @Test
  void aDuplicateKeyReplacesTheEarlierItemWhichIsSuperseded() {
    Batcher batcher = new Batcher(superseded::add);
    WriteItem first = item("a", 1);
    batcher.add(first);
    batcher.add(item("b", 2));
    WriteItem later = item("a", 3);

    assertThat(batcher.add(later)).isEmpty();

    assertThat(superseded).containsExactly(first);
    List<WriteItem> batch = batcher.drain();
    assertThat(batch).extracting(w -> w.origin().line()).containsExactly(3L, 2L);
    assertThat(batch).extracting(WriteItem::key).doesNotHaveDuplicates();
  }

  @Test
  void aReplacementThatOverflowsTheBatchIsSentInTheNextOne() {
    Batcher batcher = new Batcher(25, 4096, superseded::add);
    batcher.add(item("a", 1, "x".repeat(1000)));
    batcher.add(item("b", 2, "x".repeat(1000)));
    WriteItem bigger = item("a", 3, "x".repeat(2500));

    List<WriteItem> sent = batcher.add(bigger);

    assertThat(sent).extracting(w -> w.origin().line()).containsExactly(2L);
    assertThat(batcher.drain()).containsExactly(bigger);
    assertThat(superseded).extracting(w -> w.origin().line()).containsExactly(1L);
  }

  @Test
  void limitsOutsideDynamoDbsAreRefused() {
    assertThatThrownBy(() -> new Batcher(26, 1024, w -> { })).hasMessageContaining("maxItems");
    assertThatThrownBy(() -> new Batcher(25, Batcher.MAX_BATCH_BYTES + 1, w -> { })).hasMessageContaining("maxBytes");
  }

  @Test
  void requestBytesAreTheRequestsJsonAndItsComma() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("k\"1 é"));
    item.put("n", AttributeValue.fromN("12.5"));
    item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))));
    String json = "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"k\\\"1 é\"},\"n\":{\"N\":\"12.5\"},"
        + "\"l\":{\"L\":[{\"BOOL\":true},{\"NULL\":true}]}}}}";
    SourceRecord record = new SourceRecord(new Origin("in", 1, 0, Origin.UNKNOWN), item, () -> "raw");
    WriteItem put = WriteItem.put(record, Map.of("pk", item.get("pk")), item, ItemSize.of(item));

    assertThat(new String(put.requestJson(), StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(put.requestBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length + 1);
    WriteItem delete = WriteItem.delete(record, Map.of("pk", item.get("pk")));
    assertThat(new String(delete.requestJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"k\\\"1 é\"}}}}");
    assertThat(delete.estimatedWriteUnits()).isEqualTo(1);
  }
}
