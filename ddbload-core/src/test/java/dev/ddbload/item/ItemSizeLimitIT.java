package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.testkit.LocalDynamo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link ItemSize}'s verdict against DynamoDB Local's: items of several shapes padded to 1 KB
 * below and 1 KB above the 400 KB limit are accepted and refused alike.
 */
class ItemSizeLimitIT {

  private static final String TABLE = "item_size";
  private static LocalDynamo dynamo;
  private static DynamoDbClient client;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
    client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build()));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("one long string", (Supplier<Map<String, AttributeValue>>) () -> base("s")),
        Arguments.of("many numbers", (Supplier<Map<String, AttributeValue>>) ItemSizeLimitIT::manyNumbers),
        Arguments.of("nested maps and lists", (Supplier<Map<String, AttributeValue>>) ItemSizeLimitIT::nested),
        Arguments.of("binary and sets", (Supplier<Map<String, AttributeValue>>) ItemSizeLimitIT::binaryAndSets),
        Arguments.of("multi-byte strings", (Supplier<Map<String, AttributeValue>>) ItemSizeLimitIT::multiByte));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void verdictMatchesDynamoLocalOneKilobyteEitherSide(String shape, Supplier<Map<String, AttributeValue>> make) {
    Map<String, AttributeValue> below = padTo(make.get(), ItemSize.MAX_ITEM_BYTES - 1024);
    Map<String, AttributeValue> above = padTo(make.get(), ItemSize.MAX_ITEM_BYTES + 1024);

    assertThat(ItemSize.of(below)).isEqualTo(ItemSize.MAX_ITEM_BYTES - 1024);
    assertThat(ItemSize.of(above)).isEqualTo(ItemSize.MAX_ITEM_BYTES + 1024);
    client.putItem(b -> b.tableName(TABLE).item(below));
    assertThatThrownBy(() -> client.putItem(b -> b.tableName(TABLE).item(above)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Item size has exceeded the maximum allowed size");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void verdictMatchesDynamoLocalToTheByte(String shape, Supplier<Map<String, AttributeValue>> make) {
    Map<String, AttributeValue> atLimit = padTo(make.get(), ItemSize.MAX_ITEM_BYTES);
    Map<String, AttributeValue> overLimit = padTo(make.get(), ItemSize.MAX_ITEM_BYTES + 1);

    client.putItem(b -> b.tableName(TABLE).item(atLimit));
    assertThatThrownBy(() -> client.putItem(b -> b.tableName(TABLE).item(overLimit)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Item size has exceeded the maximum allowed size");
  }

  private static Map<String, AttributeValue> base(String pk) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS(pk));
    return item;
  }

  private static Map<String, AttributeValue> manyNumbers() {
    Map<String, AttributeValue> item = base("n");
    for (int i = 0; i < 5_000; i++) {
      item.put("n" + i, AttributeValue.fromN(i % 2 == 0 ? "12345678901234567890123456789012345678" : "-0.0042"));
    }
    return item;
  }

  private static Map<String, AttributeValue> nested() {
    Map<String, AttributeValue> item = base("m");
    List<AttributeValue> list = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      list.add(AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v" + i), "b", AttributeValue.fromBool(true),
          "z", AttributeValue.fromNul(true), "l", AttributeValue.fromL(List.of(AttributeValue.fromN("7"))))));
    }
    item.put("list", AttributeValue.fromL(list));
    item.put("empty", AttributeValue.fromM(Map.of()));
    return item;
  }

  private static Map<String, AttributeValue> binaryAndSets() {
    Map<String, AttributeValue> item = base("b");
    item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[100_000])));
    List<String> strings = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      strings.add("element-" + i);
      numbers.add(Integer.toString(i * 7919));
    }
    item.put("ss", AttributeValue.fromSs(strings));
    item.put("ns", AttributeValue.fromNs(numbers));
    return item;
  }

  private static Map<String, AttributeValue> multiByte() {
    Map<String, AttributeValue> item = base("ü");
    item.put("ünïcødé", AttributeValue.fromS("✓€😀".repeat(20_000)));
    return item;
  }

  /** Adds an ASCII string attribute making the item exactly {@code bytes} by ItemSize. */
  private static Map<String, AttributeValue> padTo(Map<String, AttributeValue> item, int bytes) {
    int missing = bytes - ItemSize.of(item) - "pad".length();
    assertThat(missing).as("shape leaves room to pad").isNotNegative();
    item.put("pad", AttributeValue.fromS("p".repeat(missing)));
    return item;
  }
}
