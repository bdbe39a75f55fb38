package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Keys with a cached hash behave as any other map of the same attributes. */
class ItemKeyTest {

  private static final AttributeValue A = AttributeValue.fromS("a");
  private static final AttributeValue ONE = AttributeValue.fromN("1");

  @Test
  void equalsAndHashesLikeOtherMaps() {
    Map<String, AttributeValue> one = new ItemKey("pk", A);
    Map<String, AttributeValue> two = new ItemKey("pk", A, "sk", ONE);

    assertThat(one).isEqualTo(Map.of("pk", A)).hasSameHashCodeAs(Map.of("pk", A));
    assertThat(Map.of("pk", A)).isEqualTo(one);
    assertThat(two).isEqualTo(Map.of("pk", A, "sk", ONE)).hasSameHashCodeAs(new HashMap<>(Map.of("pk", A, "sk", ONE)));
    assertThat(two).isEqualTo(new ItemKey("sk", ONE, "pk", A));
    assertThat(one).isEqualTo(new ItemKey("pk", AttributeValue.fromS("a")));
    assertThat(one).isNotEqualTo(new ItemKey("pk", AttributeValue.fromS("b")))
        .isNotEqualTo(new ItemKey("other", A)).isNotEqualTo(two);
    assertThat(new ItemKey("pk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1}))))
        .isEqualTo(new ItemKey("pk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1}))));
  }

  @Test
  void readsLikeAMap() {
    Map<String, AttributeValue> two = new ItemKey("pk", A, "sk", ONE);
    assertThat(two.get("sk")).isEqualTo(ONE);
    assertThat(two.get("x")).isNull();
    assertThat(two).containsOnlyKeys("pk", "sk").hasSize(2);
    assertThat(List.copyOf(two.keySet())).containsExactly("pk", "sk");
    assertThatThrownBy(() -> two.put("x", A)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new ItemKey("pk", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void plainDecimalsGetTheSameVerdictWithoutParsing() throws InvalidValueException {
    for (String n : List.of("0", "-0", "42", "-3.25", "0.5", "007", "12345678901234567890123456789012345678",
        "0." + "0".repeat(36) + "1", "-1.50")) {
      assertThat(DynamoNumbers.isPlainDecimal(n)).as(n).isTrue();
      assertThat(DynamoNumbers.validate(n)).isEqualTo(n);
    }
    for (String n : List.of("", "-", "1.", ".5", "-.5", "1e5", "1.2.3", "+3", "1,5", "NaN",
        "123456789012345678901234567890123456789")) {
      assertThat(DynamoNumbers.isPlainDecimal(n)).as(n).isFalse();
    }
  }
}
