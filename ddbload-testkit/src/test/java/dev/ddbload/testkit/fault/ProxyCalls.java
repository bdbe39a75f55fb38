package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.LocalDynamo;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Plain SDK calls for the FaultProxy's integration tests: tables keyed by a string {@code pk}. */
final class ProxyCalls {

  static final KeySchemaElement PK = KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build();
  static final AttributeDefinition PK_TYPE = AttributeDefinition.builder().attributeName("pk")
      .attributeType(ScalarAttributeType.S).build();

  private ProxyCalls() {}

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

  /** The keys stored in {@code table}, read by a client that does not go through the proxy. */
  static Set<String> stored(DynamoDbClient direct, String table) {
    return direct.scan(b -> b.tableName(table)).items().stream().map(i -> i.get("pk").s())
        .collect(Collectors.toSet());
  }
}
