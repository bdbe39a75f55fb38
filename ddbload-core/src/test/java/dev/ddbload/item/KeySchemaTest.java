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
  void keyOfKeepsOnlyTheKeyAttributes() {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"),
        "other", AttributeValue.fromS("x"));
    assertThat(keys.keyOf(item)).containsOnlyKeys("pk", "sk");
  }
}
