package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * BatchExecuteStatement (PartiQL) through the {@link FaultProxy}, seen by a plain SDK client (its
 * retries off) in front of DynamoDB Local, with the two statement shapes the loader writes: the
 * statements admitted reach DynamoDB Local and its answers come back in their places, those the
 * capacity or a poison key holds back are answered {@code ProvisionedThroughputExceeded} in
 * theirs; whole-call faults and sink mode as for BatchWriteItem.
 */
class FaultProxyStatementsIT extends FaultProxyFixture {

  private static final AtomicInteger TABLES = new AtomicInteger();

  private String start(FaultRules rules) {
    startProxy(rules);
    String table = "st_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(PK).attributeDefinitions(PK_TYPE));
    return table;
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static BatchStatementRequest insert(String table, String pk, String v) {
    return BatchStatementRequest.builder()
        .statement("INSERT INTO " + quoted(table) + " VALUE {'pk':?,'v':?}")
        .parameters(AttributeValue.fromS(pk), AttributeValue.fromS(v)).build();
  }

  /** Sets {@code v}, removes {@code gone}, and sets {@code ver} when the stored one is missing or older. */
  private static BatchStatementRequest update(String table, String pk, String v, int ver) {
    return BatchStatementRequest.builder()
        .statement("UPDATE " + quoted(table) + " SET \"v\"=?,\"ver\"=? REMOVE \"gone\" WHERE \"pk\"=?"
            + " AND (\"ver\" IS MISSING OR \"ver\"<?)")
        .parameters(AttributeValue.fromS(v), AttributeValue.fromN(Integer.toString(ver)), AttributeValue.fromS(pk),
            AttributeValue.fromN(Integer.toString(ver)))
        .build();
  }

  private BatchExecuteStatementResponse send(BatchStatementRequest... statements) {
    return client.batchExecuteStatement(b -> b.statements(statements)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
  }

  private static void putDirectly(String table, String pk, int ver) {
    direct.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "v",
        AttributeValue.fromS("old"), "ver", AttributeValue.fromN(Integer.toString(ver)), "gone",
        AttributeValue.fromS("x"))));
  }

  private static Map<String, AttributeValue> storedItem(String table, String pk) {
    return direct.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))
        .consistentRead(true)).item();
  }

  /** Each statement's error code, or "ok". */
  private static List<String> codes(BatchExecuteStatementResponse response) {
    List<String> codes = new ArrayList<>();
    for (BatchStatementResponse r : response.responses()) {
      codes.add(r.error() == null ? "ok" : r.error().codeAsString());
    }
    return codes;
  }

  @Test
  void unfaultedStatementsReachTheTableAndTheTargetsErrorsComeBackInTheirPlaces() {
    String table = start(FaultRules.none());
    putDirectly(table, "dup", 1);
    putDirectly(table, "newer", 5);
    putDirectly(table, "older", 1);

    BatchExecuteStatementResponse response = send(insert(table, "a", "1"), insert(table, "dup", "2"),
        update(table, "newer", "3", 3), update(table, "older", "4", 4), update(table, "absent", "5", 1),
        insert(table, "b", "6"));

    assertThat(codes(response)).containsExactly("ok", "DuplicateItem", "ConditionalCheckFailed", "ok",
        "ConditionalCheckFailed", "ok");
    assertThat(stored(table)).containsExactlyInAnyOrder("a", "b", "dup", "newer", "older");
    assertThat(storedItem(table, "a")).containsEntry("v", AttributeValue.fromS("1"));
    assertThat(storedItem(table, "dup")).containsEntry("v", AttributeValue.fromS("old"));
    assertThat(storedItem(table, "newer")).containsEntry("v", AttributeValue.fromS("old"));
    assertThat(storedItem(table, "older")).containsEntry("v", AttributeValue.fromS("4"))
        .containsEntry("ver", AttributeValue.fromN("4")).doesNotContainKey("gone");
    assertThat(response.consumedCapacity()).as("DynamoDB Local gives none: the proxy's estimate, a unit each")
        .extracting(ConsumedCapacity::tableName, ConsumedCapacity::capacityUnits).containsExactly(tuple(table, 6.0));
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.statementCalls()).isEqualTo(1);
    assertThat(stats.statementsSent()).isEqualTo(6);
    assertThat(stats.statementsWritten()).isEqualTo(6);
    assertThat(stats.statementsThrottled()).isZero();
    assertThat(stats.batchWrites() + stats.singleWrites() + stats.itemsReceived()).isZero();
    assertThat(stats.sends("dup")).isEqualTo(1);
    assertThat(stats.sends("absent")).as("an UPDATE's key").isEqualTo(1);
  }

  @Test
  void statementsBeyondTheCapacityOrPoisonAreThrottledInTheirPlacesAndTheOthersWritten() {
    String table = start(FaultRules.builder().poisonKeys("pk", Set.of("k2"))
        .capacity(CapacitySpec.provisioned(1).burst(Duration.ofSeconds(5))).build());
    putDirectly(table, "k3", 1);
    BatchStatementRequest[] statements = new BatchStatementRequest[12];
    for (int i = 0; i < statements.length; i++) {
      statements[i] = i == 3 ? update(table, "k3", "u", 2) : insert(table, "k" + i, "v");
    }

    BatchExecuteStatementResponse response = send(statements);
    ProvisionedThroughputExceededException refused = catchThrowableOfType(
        ProvisionedThroughputExceededException.class, () -> send(insert(table, "late", "v")));

    List<String> codes = codes(response);
    List<String> expected = new ArrayList<>(Arrays.asList("ok", "ok", "ProvisionedThroughputExceeded", "ok", "ok",
        "ok"));
    expected.addAll(Collections.nCopies(6, "ProvisionedThroughputExceeded"));
    assertThat(codes).as("5 WCU saved up: the first five not poison").isEqualTo(expected);
    assertThat(response.responses().get(2).tableName()).isEqualTo(table);
    assertThat(stored(table)).containsExactlyInAnyOrder("k0", "k1", "k3", "k4", "k5");
    assertThat(storedItem(table, "k3")).containsEntry("v", AttributeValue.fromS("u"));
    assertThat(refused.statusCode()).isEqualTo(400);
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.statementCalls()).isEqualTo(2);
    assertThat(stats.statementsSent()).isEqualTo(13);
    assertThat(stats.statementsWritten()).isEqualTo(5);
    assertThat(stats.statementsThrottled()).isEqualTo(7 + 1);
    assertThat(stats.capacityThrottled()).isEqualTo(1);
    assertThat(stats.consumedWcu()).isEqualTo(5.0);
  }

  @Test
  void anInvalidKeyIsRefusedInItsPlaceAndTheOtherStatementsWritten() {
    String table = start(FaultRules.builder().invalidKeys(Set.of("bad")).build());

    BatchExecuteStatementResponse response = send(insert(table, "a", "1"), insert(table, "bad", "2"),
        insert(table, "c", "3"));

    assertThat(codes(response)).containsExactly("ok", "ValidationError", "ok");
    assertThat(stored(table)).containsExactlyInAnyOrder("a", "c");
    assertThat(proxy.counters().snapshot().statementsInvalid()).isEqualTo(1);
  }

  @Test
  void wholeCallFaultsAreCounted() {
    String table = start(FaultRules.builder().seed(11).http500Rate(0.5).dropRate(0.5).build());
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 12; i++) {
      int n = i;
      Throwable e = catchThrowable(() -> send(insert(table, "a" + n, "1"), insert(table, "b" + n, "1")));
      seen.add(e instanceof DynamoDbException d ? Integer.toString(d.statusCode())
          : e instanceof SdkClientException ? "dropped" : String.valueOf(e));
    }

    assertThat(seen).containsExactlyInAnyOrder("500", "dropped");
    assertThat(stored(table)).isEmpty();
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.http500() + stats.dropped()).isEqualTo(12);
    assertThat(stats.statementCalls()).isEqualTo(12);
    assertThat(stats.statementsSent()).isEqualTo(24);
    assertThat(stats.statementsWritten()).isZero();
  }

  @Test
  void sinkModeAnswersWithoutTouchingTheTable() {
    String table = start(FaultRules.builder().sink(Duration.ofMillis(10)).build());
    putDirectly(table, "old", 1);

    BatchExecuteStatementResponse response = send(insert(table, "a", "1"), insert(table, "b", "x".repeat(2_500)),
        update(table, "old", "2", 2));

    assertThat(codes(response)).containsExactly("ok", "ok", "ok");
    assertThat(response.responses()).extracting(BatchStatementResponse::tableName).containsOnly(table);
    assertThat(response.consumedCapacity()).hasSize(1);
    assertThat(response.consumedCapacity().get(0).tableName()).isEqualTo(table);
    assertThat(response.consumedCapacity().get(0).capacityUnits()).as("1 + 3 + 1").isEqualTo(5.0);
    assertThat(stored(table)).containsExactly("old");
    assertThat(storedItem(table, "old")).containsEntry("v", AttributeValue.fromS("old"));
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.statementsWritten()).isEqualTo(3);
    assertThat(stats.consumedWcu()).isEqualTo(5.0);
  }
}
