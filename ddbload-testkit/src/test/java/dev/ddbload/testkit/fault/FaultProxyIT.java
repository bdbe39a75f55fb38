package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ddbload.testkit.LocalDynamo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Each fault of the {@link FaultProxy}, seen by a plain SDK client (its retries off, so one
 * call is one request) in front of DynamoDB Local; the table read back directly from DynamoDB
 * Local. The synchronous SDK client checks {@code x-amz-crc32}, so every rewritten response it
 * accepts here proves the header right.
 */
class FaultProxyIT extends FaultProxyFixture {

  private static final AtomicInteger TABLES = new AtomicInteger();

  /** A proxy with these rules, a client through it, and a fresh table created through it. */
  private String start(FaultRules rules) {
    startProxy(rules);
    String table = "fp_" + TABLES.incrementAndGet();
    client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(PK).attributeDefinitions(PK_TYPE));
    return table;
  }

  private BatchWriteItemResponse write(String table, String... keys) {
    return client.batchWriteItem(b -> b.requestItems(Map.of(table, puts(keys)))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
  }

  @Test
  void withoutRulesEverythingIsForwardedUntouched() {
    String table = start(FaultRules.none());

    BatchWriteItemResponse response = write(table, keys("k", 25));

    assertThat(response.unprocessedItems()).isEmpty();
    assertThat(response.consumedCapacity()).singleElement()
        .satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(25.0));
    assertThat(stored(table)).hasSize(25);
    assertThat(client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("k3")))).item())
        .containsEntry("v", AttributeValue.fromN("1"));
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.batchWrites()).isEqualTo(1);
    assertThat(stats.itemsReceived()).isEqualTo(25);
    assertThat(stats.itemsForwarded()).isEqualTo(25);
    assertThat(stats.itemsHeldBack()).isZero();
    assertThat(stats.requests()).isEqualTo(3); // CreateTable, BatchWriteItem, GetItem
    assertThat(stats.consumedWcu()).isEqualTo(25.0);
    assertThat(stats.sends("k0")).isEqualTo(1);
  }

  @Test
  void throttlesWithBothErrorCodesAndWritesNothing() {
    String table = start(FaultRules.builder().seed(1).throttleRate(0.5).throttlingExceptionRate(0.5).build());
    Set<String> codes = new HashSet<>();

    for (int i = 0; i < 20; i++) {
      DynamoDbException e = catchThrowableOfType(DynamoDbException.class, () -> write(table, "a", "b"));
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.isThrottlingException()).as("SDK sees throttling").isTrue();
      codes.add(e.awsErrorDetails().errorCode());
    }

    assertThat(codes).containsExactlyInAnyOrder("ProvisionedThroughputExceededException", "ThrottlingException");
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.throttled() + stats.throttlingExceptions()).isEqualTo(20);
    assertThat(stats.itemsReceived()).isEqualTo(40);
    assertThat(stats.itemsForwarded()).isZero();
    assertThat(stored(table)).isEmpty();
  }

  @Test
  void heldBackItemsComeBackUnprocessedAndTheRestIsWritten() {
    String table = start(FaultRules.builder().seed(2).holdBackRate(0.5).build());

    BatchWriteItemResponse response = write(table, keys("k", 25));

    Set<String> unprocessed = keysOf(response.unprocessedItems().get(table));
    Set<String> written = stored(table);
    assertThat(unprocessed).isNotEmpty().doesNotContainAnyElementsOf(written);
    assertThat(unprocessed.size() + written.size()).isEqualTo(25);
    // DynamoDB Local's own capacity report covers what it wrote.
    assertThat(response.consumedCapacity().get(0).capacityUnits()).isEqualTo((double) written.size());
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.itemsHeldBack()).isEqualTo(unprocessed.size());
    assertThat(stats.itemsForwarded()).isEqualTo(written.size());
  }

  @Test
  void everyItemHeldBackIsAnsweredByTheProxyAlone() {
    String table = start(FaultRules.builder().holdBackRate(1.0).build());

    BatchWriteItemResponse response = write(table, keys("k", 10));

    assertThat(keysOf(response.unprocessedItems().get(table))).hasSize(10);
    assertThat(response.consumedCapacity().get(0).capacityUnits()).isZero();
    assertThat(stored(table)).isEmpty();
  }

  @Test
  void answersHttp500And503() {
    String table = start(FaultRules.builder().seed(3).http500Rate(0.5).http503Rate(0.5).build());
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 20; i++) {
      DynamoDbException e = catchThrowableOfType(DynamoDbException.class, () -> write(table, "a"));
      seen.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
    }

    assertThat(seen).containsExactlyInAnyOrder("500 InternalServerError", "503 ServiceUnavailable");
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.http500() + stats.http503()).isEqualTo(20);
    assertThat(stats.http500()).isPositive();
    assertThat(stats.http503()).isPositive();
    assertThat(stored(table)).isEmpty();
  }

  @Test
  void dropsTheConnectionBeforeAnyResponse() {
    String table = start(FaultRules.builder().dropRate(1.0).build());

    assertThatThrownBy(() -> write(table, "a")).isInstanceOf(SdkClientException.class);

    assertThat(proxy.counters().snapshot().dropped()).isEqualTo(1);
    assertThat(stored(table)).isEmpty();
    // The proxy still serves the next connection.
    assertThat(client.describeTable(b -> b.tableName(table)).table().tableName()).isEqualTo(table);
  }

  @Test
  void delaysEachCallWithinTheLatencyRange() {
    String table = start(FaultRules.builder().seed(4).latency(Duration.ofMillis(80), Duration.ofMillis(100)).build());

    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      write(table, "k" + i);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    }
    assertThat(stored(table)).hasSize(5);
  }

  @Test
  void poisonKeysAreNeverProcessedAndTheirSendsAreCounted() {
    String table = start(FaultRules.builder().seed(5).poisonKeys("pk", Set.of("p1", "p2")).build());

    for (int round = 0; round < 3; round++) {
      BatchWriteItemResponse response = write(table, "p1", "ok" + round, "p2");
      assertThat(keysOf(response.unprocessedItems().get(table))).containsExactlyInAnyOrder("p1", "p2");
    }

    assertThat(stored(table)).containsExactlyInAnyOrder("ok0", "ok1", "ok2");
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.sends("p1")).isEqualTo(3);
    assertThat(stats.sends("ok1")).isEqualTo(1);
    assertThat(stats.sends("never")).isZero();
    assertThat(stats.itemsHeldBack()).isEqualTo(6);
  }

  @Test
  void invalidKeysFailTheWholeCallWithValidationException() {
    String table = start(FaultRules.builder().invalidKeys(Set.of("bad")).build());

    DynamoDbException e = catchThrowableOfType(DynamoDbException.class, () -> write(table, "a", "bad", "c"));
    write(table, "d");

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(stored(table)).containsExactly("d");
    assertThat(proxy.counters().snapshot().validationFailures()).isEqualTo(1);
  }

  @Test
  void refusedCredentialsRefuseEveryOperation() {
    String table = start(FaultRules.none());
    proxy.useRules(proxy.rules().toBuilder().refuseCredentials(true).build());

    DynamoDbException describe = catchThrowableOfType(DynamoDbException.class,
        () -> client.describeTable(b -> b.tableName(table)));
    DynamoDbException batch = catchThrowableOfType(DynamoDbException.class, () -> write(table, "a"));

    assertThat(describe.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    assertThat(batch.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    assertThat(proxy.counters().snapshot().credentialsRefused()).isEqualTo(2);
  }

  @Test
  void rewrittenAndSynthesizedBodiesCarryTheirCrc32() throws Exception {
    String table = start(FaultRules.builder().seed(6).holdBackRate(0.5).build());
    HttpClient http = HttpClient.newHttpClient();
    String body = "{\"RequestItems\":{\"" + table + "\":[" + puts(keys("k", 10)).stream()
        .map(r -> "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"" + r.putRequest().item().get("pk").s() + "\"}}}}")
        .collect(Collectors.joining(",")) + "]}}";

    HttpResponse<byte[]> partial = post(http, "BatchWriteItem", body);
    proxy.useRules(FaultRules.builder().throttleRate(1.0).build());
    HttpResponse<byte[]> throttled = post(http, "BatchWriteItem", body);

    for (HttpResponse<byte[]> r : List.of(partial, throttled)) {
      assertThat(r.headers().firstValue("x-amz-crc32")).contains(ProxyReplies.crc32(r.body()));
      assertThat(r.headers().firstValueAsLong("content-length")).hasValue(r.body().length);
    }
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(new String(partial.body(), StandardCharsets.UTF_8)).contains("UnprocessedItems").contains("k");
    assertThat(throttled.statusCode()).isEqualTo(400);
  }

  private HttpResponse<byte[]> post(HttpClient http, String operation, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(proxy.endpoint())
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=ddbloadtest/20250101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void sinkModeAnswersWithoutStoringAndWithoutAThreadPerDelayedCall() throws Exception {
    String table = start(FaultRules.builder().sink(Duration.ofSeconds(1)).build());

    BatchWriteItemResponse response = write(table, keys("k", 25));

    assertThat(response.unprocessedItems()).isEmpty();
    assertThat(response.consumedCapacity().get(0).capacityUnits()).isEqualTo(25.0);
    assertThat(stored(table)).isEmpty();
    assertThat(client.describeTable(b -> b.tableName(table)).table().itemCount()).isZero();

    // 200 calls delayed 1 s each, at once: slept one after another on the proxy's few threads
    // they would take 50 s or more.
    try (DynamoDbAsyncClient async = DynamoDbAsyncClient.builder().endpointOverride(proxy.endpoint())
        .region(LocalDynamo.REGION).credentialsProvider(LocalDynamo.CREDENTIALS)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(200))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      long started = System.nanoTime();
      List<CompletableFuture<BatchWriteItemResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(async.batchWriteItem(b -> b.requestItems(Map.of(table, puts("a", "b")))));
      }
      CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
    FaultStats stats = proxy.counters().snapshot();
    assertThat(stats.itemsForwarded()).isEqualTo(25 + 400);
    assertThat(stored(table)).isEmpty();
  }
}
