package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SendQueueTest {

  private final SendQueue queue = new SendQueue();

  private static List<WriteItem> items(String prefix, int count, int requestBytes) {
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // {"PutRequest":{"Item":{"pk":{"S":"…"},"v":{"S":"…"}}}} and its comma take 53 bytes besides the values.
      Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(prefix + i));
      String pad = "x".repeat(Math.max(0, requestBytes - 53 - (prefix + i).length()));
      Map<String, AttributeValue> item = new LinkedHashMap<>(key);
      item.put("v", AttributeValue.fromS(pad));
      WriteItem w = WriteItem.put(new SourceRecord(new Origin("in", i + 1, i, Origin.UNKNOWN), item, () -> ""), key,
          item, 10);
      assertThat(w.requestBytes()).isEqualTo(Math.max(requestBytes, 53 + (prefix + i).length()));
      items.add(w);
    }
    return items;
  }

  private static List<String> keys(List<WriteItem> call) {
    List<String> keys = new ArrayList<>();
    call.forEach(i -> keys.add(i.key().get("pk").s()));
    return keys;
  }

  @Test
  void halvesGoFirstAsTheyAreThenResendsToppedUpFromBatches() {
    queue.addBatch(items("b", 30, 40));
    queue.addResends(items("r", 3, 40));
    queue.addHalves(items("h", 2, 40), items("g", 2, 40));

    assertThat(keys(queue.nextCall())).containsExactly("h0", "h1");
    assertThat(keys(queue.nextCall())).containsExactly("g0", "g1");
    List<String> third = keys(queue.nextCall());
    assertThat(third).hasSize(25).startsWith("r0", "r1", "r2", "b0").endsWith("b21");
    assertThat(keys(queue.nextCall())).containsExactly("b22", "b23", "b24", "b25", "b26", "b27", "b28", "b29");
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.nextCall()).isEmpty();
  }

  @Test
  void aCallStopsAtSixteenMegabytes() {
    int big = (int) (Batcher.MAX_PAYLOAD_BYTES / 3) + 1;
    queue.addResends(items("r", 2, big));
    queue.addBatch(items("b", 3, big));

    assertThat(keys(queue.nextCall())).containsExactly("r0", "r1");
    assertThat(keys(queue.nextCall())).containsExactly("b0", "b1");
    assertThat(keys(queue.nextCall())).containsExactly("b2");
  }

  @Test
  void drainTakesEverything() {
    queue.addBatch(items("b", 2, 40));
    queue.addResends(items("r", 1, 40));
    queue.addHalves(items("h", 1, 40), items("g", 1, 40));

    assertThat(keys(queue.drain())).containsExactly("h0", "g0", "r0", "b0", "b1");
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void everyCallIsOfOneKindAndEveryItemComesOutOnce() {
    for (int seed = 0; seed < 300; seed++) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      SendQueue q = new SendQueue();
      List<WriteItem> all = new ArrayList<>();
      int n = 0;
      int rounds = 1 + random.nextInt(12);
      for (int r = 0; r < rounds; r++) {
        List<WriteItem> batch = new ArrayList<>();
        int size = 1 + random.nextInt(25);
        for (int i = 0; i < size; i++) {
          batch.add(ofKind("k" + n++, WriteItem.Call.values()[random.nextInt(4)]));
        }
        all.addAll(batch);
        if (random.nextInt(3) == 0) {
          q.addResends(batch);
        } else {
          q.addBatch(batch);
        }
      }
      List<WriteItem> out = new ArrayList<>();
      int calls = 0;
      while (!q.isEmpty()) {
        List<WriteItem> call = q.nextCall();
        assertThat(++calls).as("seed %d: calls", seed).isLessThanOrEqualTo(all.size());
        if (call.isEmpty()) {
          continue;
        }
        WriteItem.Call kind = call.get(0).call();
        assertThat(call).as("seed %d", seed).hasSizeLessThanOrEqualTo(kind == WriteItem.Call.SINGLE ? 1 : 25)
            .allSatisfy(i -> assertThat(i.call()).isEqualTo(kind));
        out.addAll(call);
      }
      assertThat(out).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(all);
    }
  }

  /** An item going out as {@code kind}: a put's request for a batch, else an update. */
  private static WriteItem ofKind(String pk, WriteItem.Call kind) {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(pk));
    SourceRecord record = new SourceRecord(new Origin("in", 1, 0, Origin.UNKNOWN), key, () -> "");
    if (kind == WriteItem.Call.BATCH) {
      return WriteItem.put(record, key, key, 10);
    }
    WriteItem w = WriteItem.single(record, new dev.ddbload.batch.SingleWrite(dev.ddbload.batch.SingleWrite.Op.UPDATE,
        key, Map.of("v", AttributeValue.fromN("1")), java.util.Set.of(), false, null, null), 10);
    if (kind == WriteItem.Call.SINGLE) {
      w.sendAlone();
    } else {
      w.sendAs(kind);
    }
    return w;
  }
}
