package dev.ddbload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableNamesTest {

  @Test
  void acceptsDynamoDbsCharactersFrom3To255() {
    assertThat(TableNames.isValid("Books")).isTrue();
    assertThat(TableNames.isValid("a_b-c.d")).isTrue();
    assertThat(TableNames.isValid("abc")).isTrue();
    assertThat(TableNames.isValid("x".repeat(255))).isTrue();
  }

  @Test
  void refusesShortLongAndOtherCharacters() {
    assertThat(TableNames.isValid("ab")).isFalse();
    assertThat(TableNames.isValid("x".repeat(256))).isFalse();
    assertThat(TableNames.isValid("has space")).isFalse();
    assertThat(TableNames.isValid("caf\u00e9")).isFalse();
    assertThat(TableNames.isValid(null)).isFalse();
  }

  @Test
  void checkNamesTheSettingAndTheValue() {
    assertThat(TableNames.check("LoadOptions.table", "Books")).isEqualTo("Books");
    assertThatThrownBy(() -> TableNames.check("LoadOptions.table", "ab")).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("LoadOptions.table must be a DynamoDB table name, 3 to 255 characters")
        .hasMessageEndingWith("not 'ab'");
  }
}
