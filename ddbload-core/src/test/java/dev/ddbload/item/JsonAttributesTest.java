package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** JSON values to attributes, one JSON type at a time. */
class JsonAttributesTest {

  private final JsonAttributes json = new JsonAttributes(1 << 20);

  private AttributeValue value(String text) throws InvalidValueException {
    return json.parseObject("{\"v\":" + text + "}").get("v");
  }

  @Test
  void stringsAreS() throws InvalidValueException {
    assertThat(value("\"caf\\u00e9 \\\"q\\\"\"")).isEqualTo(AttributeValue.fromS("café \"q\""));
  }

  @Test
  void numbersKeepEveryDigitNeverThroughADouble() throws InvalidValueException {
    assertThat(value("12345678901234567890123456789012345678")).isEqualTo(
        AttributeValue.fromN("12345678901234567890123456789012345678"));
    assertThat(value("0.1000000000000000055511151231257827")).isEqualTo(
        AttributeValue.fromN("0.1000000000000000055511151231257827"));
    assertThat(value("-1.50E+3")).isEqualTo(AttributeValue.fromN("-1.50E+3"));
  }

  @Test
  void numbersDynamoDbCannotStoreAreRejected() {
    assertThatThrownBy(() -> value("1".repeat(39))).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER));
    assertThatThrownBy(() -> value("1e-131")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER));
  }

  @Test
  void booleansAndNull() throws InvalidValueException {
    assertThat(value("true")).isEqualTo(AttributeValue.fromBool(true));
    assertThat(value("false")).isEqualTo(AttributeValue.fromBool(false));
    assertThat(value("null")).isEqualTo(AttributeValue.fromNul(true));
  }

  @Test
  void arraysAreListsAndObjectsAreMapsNestedAtAnyDepth() throws InvalidValueException {
    assertThat(value("[1, \"a\", [true], {\"k\": {}}]")).isEqualTo(AttributeValue.fromL(List.of(
        AttributeValue.fromN("1"), AttributeValue.fromS("a"),
        AttributeValue.fromL(List.of(AttributeValue.fromBool(true))),
        AttributeValue.fromM(Map.of("k", AttributeValue.fromM(Map.of()))))));
  }

  @Test
  void attributeOrderIsKept() throws InvalidValueException {
    assertThat(json.parseObject("{\"b\":1,\"a\":2,\"c\":3}").keySet()).containsExactly("b", "a", "c");
  }

  @Test
  void invalidJsonNonObjectsAndTrailingTextAreMalformed() {
    for (String bad : List.of("{\"a\":", "[1,2]", "\"text\"", "{\"a\":1} extra", "{a:1}")) {
      assertThatThrownBy(() -> json.parseObject(bad)).as(bad).isInstanceOfSatisfying(InvalidValueException.class,
          e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED));
    }
  }

  @Test
  void stringsLongerThanTheLimitAreMalformedNotAnOutOfMemory() {
    JsonAttributes small = new JsonAttributes(1024);
    assertThatThrownBy(() -> small.parseObject("{\"v\":\"" + "x".repeat(2048) + "\"}"))
        .isInstanceOfSatisfying(InvalidValueException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED));
  }
}
