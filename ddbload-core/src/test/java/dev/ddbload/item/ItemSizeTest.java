package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item sizes by the rules of "DynamoDB item sizes and formats" (Amazon DynamoDB developer
 * guide), one rule per test, and the write units of the guide's capacity examples.
 */
class ItemSizeTest {

  private static int sizeOf(String name, AttributeValue value) {
    return ItemSize.of(Map.of(name, value));
  }

  @Test
  void aStringIsItsNameAndValueInUtf8Bytes() {
    assertThat(sizeOf("name", AttributeValue.fromS("Bob"))).isEqualTo(4 + 3);
    // "é" is 2 bytes, "€" 3, "😀" (a surrogate pair) 4, and the name counts in UTF-8 too.
    assertThat(sizeOf("nåme", AttributeValue.fromS("é€😀"))).isEqualTo(5 + 9);
    assertThat(ItemSize.utf8Length("é€😀")).isEqualTo("é€😀".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void anEmptyStringIsItsNameOnly() {
    assertThat(sizeOf("s", AttributeValue.fromS(""))).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} takes {1} bytes")
  @CsvSource({
      // Guide: about one byte per two significant digits, plus one; leading and trailing zeroes trimmed.
      "1, 2",
      "12, 2",
      "123, 3",
      "1234, 3",
      "100, 2",
      "1000000, 2",
      "0.01, 2",
      "0, 1",
      "12345678901234567890123456789012345678, 20",
      // Digit pairs align at the decimal point (measured against DynamoDB Local): 1.5 is "01.50".
      "1.5, 3",
      "-1, 3",
      "-123, 4",
      "1E+3, 2",
      "1.5e2, 3"})
  void aNumberIsOneBytePerTwoDigitsPlusOne(String number, int bytes) {
    assertThat(ItemSize.numberSize(number)).isEqualTo(bytes);
    assertThat(sizeOf("n", AttributeValue.fromN(number))).isEqualTo(1 + bytes);
  }

  @Test
  void aBinaryIsItsRawBytesNotItsBase64() {
    assertThat(sizeOf("img", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[100])))).isEqualTo(3 + 100);
  }

  @Test
  void nullAndBooleanAreOneByte() {
    assertThat(sizeOf("flag", AttributeValue.fromBool(true))).isEqualTo(4 + 1);
    assertThat(sizeOf("none", AttributeValue.fromNul(true))).isEqualTo(4 + 1);
  }

  @Test
  void listsAndMapsAreThreeBytesPlusOnePerElement() {
    assertThat(sizeOf("l", AttributeValue.fromL(List.of()))).isEqualTo(1 + 3);
    assertThat(sizeOf("m", AttributeValue.fromM(Map.of()))).isEqualTo(1 + 3);
    // ["ab", true]: 3 + (1 + 2) + (1 + 1)
    assertThat(sizeOf("l", AttributeValue.fromL(List.of(AttributeValue.fromS("ab"), AttributeValue.fromBool(true)))))
        .isEqualTo(1 + 3 + 3 + 2);
    // {"k": "v"}: the nested name counts like any attribute name.
    assertThat(sizeOf("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))))).isEqualTo(1 + 3 + 1 + 1 + 1);
  }

  @Test
  void nestedContainersAddUp() {
    AttributeValue inner = AttributeValue.fromM(Map.of("n", AttributeValue.fromN("12")));
    // outer list: 3 + (1 + inner); inner map: 3 + (1 + 1 + 2)
    assertThat(sizeOf("x", AttributeValue.fromL(List.of(inner)))).isEqualTo(1 + 3 + 1 + 3 + 1 + 1 + 2);
  }

  @Test
  void setsAreTheSumOfTheirElements() {
    assertThat(sizeOf("ss", AttributeValue.fromSs(List.of("a", "bcd")))).isEqualTo(2 + 4);
    assertThat(sizeOf("ns", AttributeValue.fromNs(List.of("1", "1234")))).isEqualTo(2 + 2 + 3);
    assertThat(sizeOf("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[3]),
        SdkBytes.fromByteArray(new byte[5]))))).isEqualTo(2 + 8);
  }

  @Test
  void anItemIsTheSumOfItsAttributes() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("isbn", AttributeValue.fromS("978-0134685991"));
    item.put("year", AttributeValue.fromN("2018"));
    item.put("in_stock", AttributeValue.fromBool(true));
    assertThat(ItemSize.of(item)).isEqualTo((4 + 14) + (4 + 3) + (8 + 1));
  }

  @ParameterizedTest(name = "{0} bytes consume {1} WCU")
  @CsvSource({"1, 1", "500, 1", "1024, 1", "1025, 2", "3584, 4", "409600, 400"})
  void writeUnitsAreOnePerStartedKilobyte(int bytes, int units) {
    // Guide: "a 3.5 KB item needs 4 write capacity units"; a 500-byte item needs 1.
    assertThat(ItemSize.writeUnits(bytes)).isEqualTo(units);
  }

  @Test
  void significantDigitsIgnoreSignPointExponentAndOuterZeroes() {
    assertThat(ItemSize.significantDigits("-000123.4500e7")).isEqualTo(5);
    assertThat(ItemSize.significantDigits("0.000")).isEqualTo(1);
    assertThat(ItemSize.significantDigits("100200")).isEqualTo(4);
  }
}
