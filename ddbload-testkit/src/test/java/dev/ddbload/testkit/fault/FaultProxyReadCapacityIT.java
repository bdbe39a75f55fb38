package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The {@link FaultProxy}'s read capacity ({@link FaultProxy#setReadCapacity}) through HTTP, seen
 * by a plain SDK client (its retries off) in front of DynamoDB Local: BatchGetItem keys beyond
 * the capacity come back in {@code UnprocessedKeys} with the request's settings, a call with
 * no room is throttled whole, and every key is either read or returned, never lost.
 */
class FaultProxyReadCapacityIT extends FaultProxyFixture {

  @Test
  void keysOverTheReadCapacityComeBackUnprocessedAndACallWithNoRoomIsThrottled() {
    startProxy(FaultRules.none());
    String table = "reads_1";
    direct.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(PK)
        .attributeDefinitions(PK_TYPE));
    direct.batchWriteItem(b -> b.requestItems(Map.of(table, puts(keys("k", 25)))));
    direct.batchWriteItem(b -> b.requestItems(Map.of(table, puts(keys("m", 25)))));
    // A bucket of one unit that takes 50 s to refill half a unit: one consistent key, then nothing.
    proxy.setReadCapacity(table, 0.01);

    BatchGetItemResponse first = read(table, keys("k", 25), true);
    DynamoDbException second = catchThrowableOfType(DynamoDbException.class, () -> read(table, keys("m", 25), false));

    Set<String> returned = new HashSet<>();
    first.responses().get(table).forEach(i -> returned.add(i.get("pk").s()));
    KeysAndAttributes unprocessed = first.unprocessedKeys().get(table);
    Set<String> held = new HashSet<>();
    unprocessed.keys().forEach(k -> held.add(k.get("pk").s()));
    assertThat(returned).hasSize(1);
    assertThat(held).hasSize(25 - returned.size()).doesNotContainAnyElementsOf(returned);
    assertThat(unprocessed.consistentRead()).isTrue();
    assertThat(second.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.keysRequested()).isEqualTo(50);
    assertThat(stats.keysHeldBack()).isEqualTo(held.size());
    assertThat(stats.readsThrottled()).isEqualTo(1);

    proxy.setReadCapacity(table, 0);
    assertThat(read(table, keys("m", 25), false).responses().get(table)).hasSize(25);
  }

  private BatchGetItemResponse read(String table, String[] keys, boolean consistent) {
    List<Map<String, AttributeValue>> list = new ArrayList<>();
    for (String k : keys) {
      list.add(Map.of("pk", AttributeValue.fromS(k)));
    }
    return client.batchGetItem(b -> b.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(list).consistentRead(consistent).build())));
  }
}
