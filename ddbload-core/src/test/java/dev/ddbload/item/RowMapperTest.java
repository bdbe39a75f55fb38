package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** CSV cells to attributes, one type at a time. */
class RowMapperTest {

  private static final JsonAttributes JSON = new JsonAttributes(1 << 20);
  private static final KeySchema KEYS = KeySchema.of(new KeyAttribute("id", ScalarAttributeType.N));

  private static RowMapper mapper(String schema, EmptyCellPolicy empty, String... header) {
    return RowMapper.forHeader(List.of(header), new TextCells(ItemSchema.parse(schema), empty, ";", false), KEYS,
        AttributeShaping.none(), JSON);
  }

  private static Map<String, AttributeValue> map(String schema, String header, String cell)
      throws InvalidValueException {
    return mapper(schema, EmptyCellPolicy.OMIT, header).map(List.of(cell));
  }

  private static AttributeValue one(String type, String cell) throws InvalidValueException {
    return map("c:" + type, "c", cell).get("c");
  }

  @Test
  void unlistedColumnsAreStrings() throws InvalidValueException {
    assertThat(map("", "title", "  Dune ")).containsEntry("title", AttributeValue.fromS("  Dune "));
  }

  @Test
  void keyColumnsTakeTheTableKeyType() throws InvalidValueException {
    assertThat(map("", "id", "42")).containsEntry("id", AttributeValue.fromN("42"));
  }

  @Test
  void numbersKeepEveryDigitAsWritten() throws InvalidValueException {
    assertThat(one("N", "12345678901234567890.123456789012345678")).isEqualTo(
        AttributeValue.fromN("12345678901234567890.123456789012345678"));
    assertThat(one("N", "1.50")).isEqualTo(AttributeValue.fromN("1.50"));
    assertThat(one("N", "-7e3")).isEqualTo(AttributeValue.fromN("-7e3"));
  }

  @Test
  void badNumbersAreRejectedNamingTheColumn() {
    assertThatThrownBy(() -> one("N", "12abc")).isInstanceOfSatisfying(InvalidValueException.class, e -> {
      assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER);
      assertThat(e.getMessage()).contains("column 'c'").contains("12abc");
    });
    assertThatThrownBy(() -> one("N", "1".repeat(39))).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.getMessage()).contains("39 significant digits"));
    assertThatThrownBy(() -> one("N", "1E+126")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.getMessage()).contains("outside DynamoDB's range"));
  }

  @Test
  void booleansAreTrueOrFalseInAnyCase() throws InvalidValueException {
    assertThat(one("BOOL", "TRUE")).isEqualTo(AttributeValue.fromBool(true));
    assertThat(one("BOOL", "False")).isEqualTo(AttributeValue.fromBool(false));
    assertThatThrownBy(() -> one("BOOL", "yes")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE));
  }

  @Test
  void binaryCellsAreBase64() throws InvalidValueException {
    assertThat(one("B", "AAEC")).isEqualTo(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2})));
    assertThatThrownBy(() -> one("B", "not base64!")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE));
  }

  @Test
  void nullColumnsAreNullWhateverTheCell() throws InvalidValueException {
    assertThat(one("NULL", "anything")).isEqualTo(AttributeValue.fromNul(true));
  }

  @Test
  void stringSetsDropEmptyElementsAndDuplicates() throws InvalidValueException {
    assertThat(one("SS", "a;b;;a;c")).isEqualTo(AttributeValue.fromSs(List.of("a", "b", "c")));
    // A set of nothing is no attribute at all: DynamoDB has no empty sets.
    assertThat(map("c:SS", "c", ";;")).doesNotContainKey("c");
  }

  @Test
  void numberSetsMergeEqualNumbers() throws InvalidValueException {
    assertThat(one("NS", "1;1.0;2; 3")).isEqualTo(AttributeValue.fromNs(List.of("1", "2", "3")));
    assertThatThrownBy(() -> one("NS", "1;x")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER));
  }

  @Test
  void setDelimiterCanBeChanged() throws InvalidValueException {
    RowMapper pipe = RowMapper.forHeader(List.of("c"), new TextCells(ItemSchema.parse("c:SS"), EmptyCellPolicy.OMIT, "|", false),
        KEYS, AttributeShaping.none(), JSON);
    assertThat(pipe.map(List.of("a|b;c")).get("c")).isEqualTo(AttributeValue.fromSs(List.of("a", "b;c")));
  }

  @Test
  void jsonCellsAreMappedLikeJsonLines() throws InvalidValueException {
    assertThat(one("JSON", "{\"a\":[1,\"x\",null]}")).isEqualTo(AttributeValue.fromM(Map.of("a",
        AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("x"),
            AttributeValue.fromNul(true))))));
    assertThatThrownBy(() -> one("JSON", "{oops")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED));
  }

  @Test
  void emptyCellsFollowThePolicy() throws InvalidValueException {
    List<String> row = Arrays.asList("1", "");
    assertThat(mapper("", EmptyCellPolicy.OMIT, "id", "note").map(row)).containsOnlyKeys("id");
    assertThat(mapper("", EmptyCellPolicy.NULL, "id", "note").map(row))
        .containsEntry("note", AttributeValue.fromNul(true));
    assertThat(mapper("", EmptyCellPolicy.STRING, "id", "note").map(row))
        .containsEntry("note", AttributeValue.fromS(""));
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsIsMalformed() {
    assertThatThrownBy(() -> mapper("", EmptyCellPolicy.OMIT, "id", "note").map(List.of("1")))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED);
          assertThat(e.getMessage()).contains("1 field but the header has 2");
        });
  }

  @Test
  void aHeaderRepeatingOrMissingANameIsRefused() {
    assertThatThrownBy(() -> mapper("", EmptyCellPolicy.OMIT, "id", "id"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id' twice");
    assertThatThrownBy(() -> mapper("", EmptyCellPolicy.OMIT, "id", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 2");
  }

  @Test
  void schemaSyntaxErrorsNameTheBadEntry() {
    assertThatThrownBy(() -> ItemSchema.parse("year:N,pages")).hasMessageContaining("'pages' is not COLUMN:TYPE");
    assertThatThrownBy(() -> ItemSchema.parse("year:INT")).hasMessageContaining("'INT' is not one of");
    assertThatThrownBy(() -> ItemSchema.parse("a:N,a:S")).hasMessageContaining("'a' twice");
  }
}
