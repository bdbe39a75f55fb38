package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.LocalDynamo;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * For the FaultProxy's integration tests: one DynamoDB Local per test class, read directly by
 * {@link #direct}; per test a proxy in front of it with a plain SDK client through it (its
 * retries off, so one call is one request); tables keyed by a string {@code pk}.
 */
abstract class FaultProxyFixture {

  static final KeySchemaElement PK = KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build();
  static final AttributeDefinition PK_TYPE = AttributeDefinition.builder().attributeName("pk")
      .attributeType(ScalarAttributeType.S).build();

  static LocalDynamo dynamo;
  static DynamoDbClient direct;
  FaultProxy proxy;
  DynamoDbClient client;

  @BeforeAll
  static void startDynamo() {
    dynamo = LocalDynamo.start();
    direct = dynamo.client();
  }

  @AfterAll
  static void stopDynamo() {
    if (direct != null) {
      direct.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @AfterEach
  void stopProxy() {
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Starts a proxy with these rules in front of DynamoDB Local, and a client through it. */
  void startProxy(FaultRules rules) {
    proxy = FaultProxy.start(dynamo.endpoint(), rules);
    client = clientOf(proxy.endpoint());
  }

  /** A synchronous client of {@code endpoint} with its retries off, so one call is one request. */
  static DynamoDbClient clientOf(URI endpoint) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(LocalDynamo.REGION)
        .credentialsProvider(LocalDynamo.CREDENTIALS)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** Puts of small items (one WCU each) with these keys. */
  static List<WriteRequest> puts(String... keys) {
    List<WriteRequest> puts = new ArrayList<>();
    for (String key : keys) {
      puts.add(put(key, Map.of("v", AttributeValue.fromN("1"))));
    }
    return puts;
  }

  /** A put of key {@code key} with a string attribute {@code f} of {@code fillerChars} characters. */
  static WriteRequest put(String key, int fillerChars) {
    return put(key, Map.of("f", AttributeValue.fromS("x".repeat(fillerChars))));
  }

  private static WriteRequest put(String key, Map<String, AttributeValue> rest) {
    Map<String, AttributeValue> item = new HashMap<>(rest);
    item.put("pk", AttributeValue.fromS(key));
    return WriteRequest.builder().putRequest(p -> p.item(item)).build();
  }

  /** {@code prefix0} to {@code prefix(count-1)}. */
  static String[] keys(String prefix, int count) {
    String[] keys = new String[count];
    for (int i = 0; i < count; i++) {
      keys[i] = prefix + i;
    }
    return keys;
  }

  /** The keys of these put requests. */
  static Set<String> keysOf(List<WriteRequest> requests) {
    return requests.stream().map(r -> r.putRequest().item().get("pk").s()).collect(Collectors.toSet());
  }

  /** The keys stored in {@code table}, read directly from DynamoDB Local. */
  static Set<String> stored(String table) {
    return direct.scan(b -> b.tableName(table)).items().stream().map(i -> i.get("pk").s())
        .collect(Collectors.toSet());
  }
}
