package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The text a verification shuffles rows by: equal for keys DynamoDB holds as one item, only for those. */
class KeyTextTest {

  @Test
  void numbersAreOneKeyByValue() {
    assertThat(KeyText.of(key("pk", AttributeValue.fromN("1.50")))).isEqualTo(KeyText.of(key("pk",
        AttributeValue.fromN("1.5"))));
    assertThat(KeyText.of(key("pk", AttributeValue.fromN("1E+2")))).isEqualTo(KeyText.of(key("pk",
        AttributeValue.fromN("100"))));
    assertThat(KeyText.of(key("pk", AttributeValue.fromN("0.00")))).isEqualTo(KeyText.of(key("pk",
        AttributeValue.fromN("0"))));
    assertThat(KeyText.of(key("pk", AttributeValue.fromN("1.5")))).isNotEqualTo(KeyText.of(key("pk",
        AttributeValue.fromN("15"))));
  }

  @Test
  void typesAndAttributeBoundariesKeepKeysApart() {
    assertThat(KeyText.of(key("pk", AttributeValue.fromS("1")))).isNotEqualTo(KeyText.of(key("pk",
        AttributeValue.fromN("1"))));
    Map<String, AttributeValue> ab = key("pk", AttributeValue.fromS("a"));
    ab.put("sk", AttributeValue.fromS("bc"));
    Map<String, AttributeValue> abc = key("pk", AttributeValue.fromS("ab"));
    abc.put("sk", AttributeValue.fromS("c"));
    assertThat(KeyText.of(ab)).isNotEqualTo(KeyText.of(abc));
    assertThat(KeyText.of(key("pk", AttributeValue.fromB(SdkBytes.fromUtf8String("x")))))
        .isEqualTo(KeyText.of(key("pk", AttributeValue.fromB(SdkBytes.fromUtf8String("x")))));
  }

  @Test
  void countsNeverLookLikeAKey() {
    assertThat(KeyText.isCounts(KeyText.countsOf(3))).isTrue();
    assertThat(KeyText.isCounts(KeyText.of(key("pk", AttributeValue.fromS("\u0000x"))))).isFalse();
    assertThat(KeyText.isCounts(KeyText.of(key("pk", AttributeValue.fromS(""))))).isFalse();
  }

  private static Map<String, AttributeValue> key(String name, AttributeValue v) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put(name, v);
    return m;
  }
}
