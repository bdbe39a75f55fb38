package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Key validation before sending: one reject per bad key instead of a refused batch. */
class KeySchemaTest {

  private final KeySchema keys = KeySchema.parse("pk:S,sk:N");

  private RejectReason reasonFor(Map<String, AttributeValue> item) {
    try {
      keys.validate(item);
      return null;
    } catch (InvalidValueException e) {
      return e.reason();
    }
  }

  @Test
  void parsesPartitionAndSortKey() {
    assertThat(keys.partitionKey()).isEqualTo(new KeyAttribute("pk", ScalarAttributeType.S));
    assertThat(keys.sortKey()).contains(new KeyAttribute("sk", ScalarAttributeType.N));
    assertThat(KeySchema.parse("id:b").sortKey()).isEmpty();
  }

  @Test
  void badKeySpecsAreOneSentence() {
    assertThatThrownBy(() -> KeySchema.parse("pk")).hasMessageContaining("not NAME:TYPE");
    assertThatThrownBy(() -> KeySchema.parse("pk:BOOL")).hasMessageContaining("use S, N or B");
    assertThatThrownBy(() -> KeySchema.parse("a:S,b:S,c:S")).hasMessageContaining("must be NAME:TYPE");
    assertThatThrownBy(() -> KeySchema.parse("a:S,a:N")).hasMessageContaining("must differ");
  }

  @Test
  void aValidItemPasses() {
    assertThat(reasonFor(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"),
        "other", AttributeValue.fromBool(true)))).isNull();
  }

  @Test
  void missingWrongTypeEmptyAndTooLongKeysAreRejected() {
    assertThat(reasonFor(Map.of("sk", AttributeValue.fromN("1")))).isEqualTo(RejectReason.MISSING_KEY);
    assertThat(reasonFor(Map.of("pk", AttributeValue.fromS("a")))).isEqualTo(RejectReason.MISSING_KEY);
    assertThat(reasonFor(Map.of("pk", AttributeValue.fromN("1"), "sk", AttributeValue.fromN("1"))))
        .isEqualTo(RejectReason.KEY_TYPE);
    assertThat(reasonFor(Map.of("pk", AttributeValue.fromS(""), "sk", AttributeValue.fromN("1"))))
        .isEqualTo(RejectReason.BAD_KEY);
    assertThat(reasonFor(Map.of("pk", AttributeValue.fromS("x".repeat(2049)), "sk", AttributeValue.fromN("1"))))
        .isEqualTo(RejectReason.BAD_KEY);
    assertThat(reasonFor(Map.of("pk", AttributeValue.fromS("x".repeat(2048)), "sk", AttributeValue.fromN("1"))))
        .isNull();
  }

  @Test
  void emptyBinaryKeysAreRejected() throws InvalidValueException {
    KeySchema binary = KeySchema.parse("id:B");
    binary.validate(Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1}))));
    assertThatThrownBy(() -> binary.validate(Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])))))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_KEY));
  }

  @Test
  void aNumberIsOneKeyHoweverItIsWritten() {
    KeySchema numbers = KeySchema.parse("id:N,at:N");
    Map<String, AttributeValue> key = numbers.keyOf(Map.of("id", AttributeValue.fromN("1"),
        "at", AttributeValue.fromN("1500")));
    for (String[] same : new String[][] {{"1.0", "1.5E3"}, {"1.000", "1500.00"}, {"01", "15e2"}, {"1E0", "150000E-2"}}) {
      assertThat(numbers.keyOf(Map.of("id", AttributeValue.fromN(same[0]), "at", AttributeValue.fromN(same[1]))))
          .as("%s, %s", same[0], same[1]).isEqualTo(key).hasSameHashCodeAs(key);
    }
    assertThat(numbers.keyOf(Map.of("id", AttributeValue.fromN("1.01"), "at", AttributeValue.fromN("1500"))))
        .isNotEqualTo(key);
  }

  @Test
  void numberIdentityIsPlainWithoutRedundantZeros() {
    assertThat(KeySchema.numberIdentity("123")).isEqualTo("123");
    assertThat(KeySchema.numberIdentity("-7")).isEqualTo("-7");
    assertThat(KeySchema.numberIdentity("0")).isEqualTo("0");
    assertThat(KeySchema.numberIdentity("-0")).isEqualTo("0");
    assertThat(KeySchema.numberIdentity("0.000")).isEqualTo("0");
    assertThat(KeySchema.numberIdentity("007")).isEqualTo("7");
    assertThat(KeySchema.numberIdentity("-1.50")).isEqualTo("-1.5");
    assertThat(KeySchema.numberIdentity("1E+3")).isEqualTo("1000");
    assertThat(KeySchema.numberIdentity("12.340e-1")).isEqualTo("1.234");
    assertThat(KeySchema.numberIdentity("1E-130")).isEqualTo("0." + "0".repeat(129) + "1");
    assertThat(KeySchema.numberIdentity("not a number")).isEqualTo("not a number");
  }

  @Test
  void keyOfKeepsOnlyTheKeyAttributes() {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"),
        "other", AttributeValue.fromS("x"));
    assertThat(keys.keyOf(item)).containsOnlyKeys("pk", "sk");
  }
}
