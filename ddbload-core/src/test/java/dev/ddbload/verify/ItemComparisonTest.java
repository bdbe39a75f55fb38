package dev.ddbload.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemComparisonTest {

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  @Test
  void numbersCompareByValue() {
    assertThat(ItemComparison.same(n("1.5"), n("1.50"))).isTrue();
    assertThat(ItemComparison.same(n("100"), n("1E+2"))).isTrue();
    assertThat(ItemComparison.same(n("0"), n("-0.00"))).isTrue();
    assertThat(ItemComparison.same(n("1.5"), n("1.51"))).isFalse();
  }

  @Test
  void setsCompareAsSetsWhateverTheirOrder() {
    assertThat(ItemComparison.same(AttributeValue.fromSs(List.of("a", "b", "c")),
        AttributeValue.fromSs(List.of("c", "a", "b")))).isTrue();
    assertThat(ItemComparison.same(AttributeValue.fromNs(List.of("1.0", "2")),
        AttributeValue.fromNs(List.of("2.00", "1")))).isTrue();
    assertThat(ItemComparison.same(AttributeValue.fromSs(List.of("a", "b")),
        AttributeValue.fromSs(List.of("a", "c")))).isFalse();
  }

  @Test
  void binariesCompareByTheirBytes() {
    SdkBytes one = SdkBytes.fromByteArray(new byte[] {1, 2, 3});
    SdkBytes same = SdkBytes.fromByteArray(new byte[] {1, 2, 3});
    SdkBytes other = SdkBytes.fromByteArray(new byte[] {1, 2, 4});
    assertThat(ItemComparison.same(AttributeValue.fromB(one), AttributeValue.fromB(same))).isTrue();
    assertThat(ItemComparison.same(AttributeValue.fromB(one), AttributeValue.fromB(other))).isFalse();
    assertThat(ItemComparison.same(AttributeValue.fromBs(List.of(one, other)),
        AttributeValue.fromBs(List.of(other, same)))).isTrue();
  }

  @Test
  void listsKeepTheirOrderAndMapsCompareTheirEntriesRecursively() {
    assertThat(ItemComparison.same(AttributeValue.fromL(List.of(n("1"), n("2"))),
        AttributeValue.fromL(List.of(n("2"), n("1"))))).isFalse();
    assertThat(ItemComparison.same(AttributeValue.fromM(Map.of("a", AttributeValue.fromL(List.of(n("1.0"))))),
        AttributeValue.fromM(Map.of("a", AttributeValue.fromL(List.of(n("1"))))))).isTrue();
  }

  @Test
  void aValueOfAnotherTypeDiffers() {
    assertThat(ItemComparison.same(AttributeValue.fromS("1"), n("1"))).isFalse();
  }

  @Test
  void differencesNameTheAttributesMissingChangedOrAddedOnEitherSide() {
    Map<String, AttributeValue> expected = new LinkedHashMap<>();
    expected.put("id", AttributeValue.fromS("k"));
    expected.put("price", n("1.5"));
    expected.put("title", AttributeValue.fromS("old"));
    expected.put("gone", AttributeValue.fromBool(true));
    Map<String, AttributeValue> actual = new LinkedHashMap<>();
    actual.put("id", AttributeValue.fromS("k"));
    actual.put("price", n("1.50"));
    actual.put("title", AttributeValue.fromS("new"));
    actual.put("added", AttributeValue.fromS("x"));

    assertThat(ItemComparison.differences(expected, actual)).containsExactly("title", "gone", "added");
    assertThat(ItemComparison.differences(expected, expected)).isEmpty();
  }
}
