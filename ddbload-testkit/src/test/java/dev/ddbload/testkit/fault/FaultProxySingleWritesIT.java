package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Single writes (PutItem, UpdateItem, DeleteItem) through the {@link FaultProxy}, seen by a plain
 * SDK client (its retries off) in front of DynamoDB Local: they get the faults, capacity and sink
 * mode of BatchWriteItem, a held-back item answered {@code ProvisionedThroughputExceededException};
 * what is not faulted reaches DynamoDB Local, whose answer comes back as it is.
 */
class FaultProxySingleWritesIT extends FaultProxyFixture {

  private static final AtomicInteger TABLES = new AtomicInteger();

  private String start(FaultRules rules) {
    startProxy(rules);
    String table = "sw_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(PK).attributeDefinitions(PK_TYPE));
    return table;
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk));
  }

  private PutItemResponse put(String table, String pk, String v) {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS(v));
    return client.putItem(b -> b.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
  }

  private void update(String table, String pk, String v) {
    client.updateItem(b -> b.tableName(table).key(key(pk)).updateExpression("SET #v = :v")
        .expressionAttributeNames(Map.of("#v", "v"))
        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(v))));
  }

  private void delete(String table, String pk) {
    client.deleteItem(b -> b.tableName(table).key(key(pk)));
  }

  private static Map<String, AttributeValue> storedItem(String table, String pk) {
    return direct.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true)).item();
  }

  @Test
  void unfaultedSingleWritesReachTheTableAndARefusedConditionComesBackUnchanged() {
    String table = start(FaultRules.none());

    put(table, "a", "1");
    put(table, "b", "1");
    update(table, "a", "2");
    update(table, "c", "3");
    delete(table, "b");
    ConditionalCheckFailedException refused = catchThrowableOfType(ConditionalCheckFailedException.class,
        () -> client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a")))
            .conditionExpression("attribute_not_exists(pk)")));

    assertThat(stored(table)).containsExactlyInAnyOrder("a", "c");
    assertThat(storedItem(table, "a")).containsEntry("v", AttributeValue.fromS("2"));
    assertThat(storedItem(table, "c")).containsEntry("v", AttributeValue.fromS("3"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.singleWrites()).isEqualTo(6);
    assertThat(stats.batchWrites()).isZero();
    assertThat(stats.singleWritesForwarded()).isEqualTo(6);
    assertThat(stats.itemsReceived()).as("BatchWriteItem's items only").isZero();
  }

  @Test
  void aSingleWriteBeyondTheCapacityIsRefusedWithProvisionedThroughputExceeded() {
    String table = start(FaultRules.builder().capacity(CapacitySpec.provisioned(1).startEmpty()).build());

    ProvisionedThroughputExceededException e = catchThrowableOfType(ProvisionedThroughputExceededException.class,
        () -> put(table, "a", "1"));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.isThrottlingException()).isTrue();
    assertThat(stored(table)).isEmpty();
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.capacityThrottled()).isEqualTo(1);
  }

  @Test
  void aHeldBackOrPoisonSingleWriteIsRefusedWithProvisionedThroughputExceeded() {
    String table = start(FaultRules.builder().holdBackRate(1.0).build());

    DynamoDbException held = catchThrowableOfType(DynamoDbException.class, () -> update(table, "a", "1"));
    proxy.useRules(FaultRules.builder().poisonKeys("pk", Set.of("p")).build());
    DynamoDbException poison = catchThrowableOfType(DynamoDbException.class, () -> delete(table, "p"));
    put(table, "q", "1");

    assertThat(held).isInstanceOf(ProvisionedThroughputExceededException.class);
    assertThat(poison).isInstanceOf(ProvisionedThroughputExceededException.class);
    assertThat(stored(table)).containsExactly("q");
    assertThat(proxy.counters().snapshot().singleWritesRefused()).isEqualTo(2);
  }

  @Test
  void wholeCallFaultsApplyToSingleWrites() {
    String table = start(FaultRules.builder().seed(8).http500Rate(0.25).http503Rate(0.25).throttleRate(0.25)
        .throttlingExceptionRate(0.25).build());
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 40; i++) {
      Runnable write = switch (i % 3) {
        case 0 -> () -> put(table, "k", "1");
        case 1 -> () -> update(table, "k", "1");
        default -> () -> delete(table, "k");
      };
      DynamoDbException e = catchThrowableOfType(DynamoDbException.class, write::run);
      seen.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
    }

    assertThat(seen).containsExactlyInAnyOrder("500 InternalServerError", "503 ServiceUnavailable",
        "400 ProvisionedThroughputExceededException", "400 ThrottlingException");
    assertThat(stored(table)).isEmpty();
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.http500() + stats.http503() + stats.throttled() + stats.throttlingExceptions()).isEqualTo(40);
  }

  @Test
  void aDroppedConnectionOrAnInvalidKeyFailsTheSingleWrite() {
    String table = start(FaultRules.builder().dropRate(1.0).build());

    assertThatThrownBy(() -> put(table, "a", "1")).isInstanceOf(SdkClientException.class);
    proxy.useRules(FaultRules.builder().invalidKeys(Set.of("bad")).build());
    DynamoDbException invalid = catchThrowableOfType(DynamoDbException.class, () -> put(table, "b", "bad"));

    assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(stored(table)).isEmpty();
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(stats.validationFailures()).isEqualTo(1);
  }

  @Test
  void sinkModeAnswersWithTheConsumedCapacityAndStoresNothing() {
    String table = start(FaultRules.builder().sink(Duration.ofMillis(20)).build());

    PutItemResponse small = put(table, "a", "1");
    PutItemResponse large = put(table, "b", "x".repeat(2_500));
    var updated = client.updateItem(b -> b.tableName(table).key(key("c")).updateExpression("SET v = :v")
        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("y".repeat(1_500))))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    var deleted = client.deleteItem(b -> b.tableName(table).key(key("a"))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));

    assertThat(small.consumedCapacity().tableName()).isEqualTo(table);
    assertThat(small.consumedCapacity().capacityUnits()).isEqualTo(1.0);
    assertThat(large.consumedCapacity().capacityUnits()).isEqualTo(3.0);
    assertThat(updated.consumedCapacity().capacityUnits()).as("key and values: 1.5 KB").isEqualTo(2.0);
    assertThat(deleted.consumedCapacity().capacityUnits()).isEqualTo(1.0);
    assertThat(stored(table)).isEmpty();
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.singleWrites()).isEqualTo(4);
    assertThat(stats.consumedWcu()).isEqualTo(7.0);
  }
}
