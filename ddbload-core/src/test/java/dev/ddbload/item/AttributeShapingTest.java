package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributeShapingTest {

  @Test
  void renamesAndExcludesTopLevelAttributes() throws InvalidValueException {
    AttributeShaping s = AttributeShaping.of(Map.of("old", "new"), Set.of("drop"));

    assertThat(s.apply(Map.of("old", fromS("1"), "drop", fromS("2"), "keep", fromS("3"))))
        .isEqualTo(Map.of("new", fromS("1"), "keep", fromS("3")));
  }

  @Test
  void renamesApplyTogetherSoTheyCanSwap() throws InvalidValueException {
    AttributeShaping s = AttributeShaping.of(AttributeShaping.parseRenames(List.of("a=b", "b=a")), Set.of());

    assertThat(s.apply(Map.of("a", fromS("1"), "b", fromS("2")))).isEqualTo(Map.of("b", fromS("1"), "a", fromS("2")));
  }

  @Test
  void aRenameOntoAnExistingAttributeRejectsTheRecord() {
    AttributeShaping s = AttributeShaping.of(Map.of("a", "b"), Set.of());

    assertThatThrownBy(() -> s.apply(Map.of("a", fromS("1"), "b", fromS("2"))))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("renaming to 'b'");
  }

  @Test
  void contradictionsAreRefusedAtOnce() {
    assertThatThrownBy(() -> AttributeShaping.of(Map.of("a", "x", "b", "x"), Set.of()))
        .hasMessageContaining("renamed to 'x'");
    assertThatThrownBy(() -> AttributeShaping.of(Map.of("a", "x"), Set.of("a")))
        .hasMessageContaining("both renamed and excluded");
    assertThatThrownBy(() -> AttributeShaping.parseRenames(List.of("nope"))).hasMessageContaining("OLD=NEW");
  }

  @Test
  void theIdentityLeavesItemsAlone() throws InvalidValueException {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = Map.of("a", fromS("1"));

    assertThat(AttributeShaping.none().apply(item)).isSameAs(item);
    assertThat(AttributeShaping.of(Map.of(), Set.of()).isIdentity()).isTrue();
  }
}
