package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.text.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two statement shapes the loader writes with, read by {@link PartiqlParser}. */
class PartiqlParserTest {

  @Test
  void readsAnInsertWithQuotesSpacesAndUnicodeInItsNames() throws ParseException {
    PartiqlParser.Shape shape = PartiqlParser.parse(
        "INSERT INTO \"my \"\"big\"\" table\" VALUE {'pk':?,'it''s':?,'naïve ü 名前':?,'a\"b':?}");

    assertThat(shape.table()).isEqualTo("my \"big\" table");
    assertThat(shape.keyParameters()).containsExactly(entry("pk", 0), entry("it's", 1), entry("naïve ü 名前", 2),
        entry("a\"b", 3));
    assertThat(shape.names()).containsExactly("pk", "it's", "naïve ü 名前", "a\"b");
    assertThat(shape.parameterCount()).isEqualTo(4);
  }

  @Test
  void readsAnUpdateOfReservedWordsWithACompositeKeyAndAVersionCondition() throws ParseException {
    PartiqlParser.Shape shape = PartiqlParser.parse("UPDATE \"order\" SET \"value\"=?,\"select\"=? REMOVE \"from\""
        + " REMOVE \"where\" WHERE \"pk\"=? AND \"sk\"=? AND (\"ver\" IS MISSING OR \"ver\"<?)");

    assertThat(shape.table()).isEqualTo("order");
    assertThat(shape.keyParameters()).as("the WHERE equalities, not the SET").containsExactly(entry("pk", 2),
        entry("sk", 3));
    assertThat(shape.names()).containsExactly("value", "select", "from", "where", "pk", "sk", "ver");
    assertThat(shape.parameterCount()).isEqualTo(5);
  }

  @Test
  void readsAnUpdateThatOnlyRemovesWithKeywordsInsideItsNames() throws ParseException {
    PartiqlParser.Shape shape = PartiqlParser.parse(
        "UPDATE \"t\" REMOVE \"a AND b\" REMOVE \"WHERE \"\"x\"\"='y'\" WHERE \"p k\"=?");

    assertThat(shape.keyParameters()).containsExactly(entry("p k", 0));
    assertThat(shape.names()).containsExactly("a AND b", "WHERE \"x\"='y'", "p k");
  }

  @Test
  void readsAnUpdateThatOnlySetsAKeyWhoseNameIsItsSetAttributeToo() throws ParseException {
    PartiqlParser.Shape shape = PartiqlParser.parse("UPDATE \"t\" SET \"pk\"=? WHERE \"pk\"=?");

    assertThat(shape.keyParameters()).containsExactly(entry("pk", 1));
    assertThat(shape.names()).containsExactly("pk");
  }

  @Test
  void takesKeywordsInAnyCaseAndWhiteSpaceAnywhereBetweenTokens() throws ParseException {
    PartiqlParser.Shape shape = PartiqlParser.parse(
        "  update\t\"t\"\n set \"a\" = ? , \"b\"=?  remove \"c\", \"d\" where \"pk\" = ? and ( \"v\" is missing"
            + " or \"v\" < ? )  ");

    assertThat(shape.keyParameters()).containsExactly(entry("pk", 2));
    assertThat(shape.names()).containsExactly("a", "b", "c", "d", "pk", "v");
    assertThat(PartiqlParser.parse("insert into\"t\"value{'a':?}").keyParameters()).containsExactly(entry("a", 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM \"t\" WHERE \"pk\"=?",
      "DELETE FROM \"t\" WHERE \"pk\"=?",
      "INSERT INTO t VALUE {'a':?}",
      "INSERT INTO \"t\" VALUE {'a':'x'}",
      "INSERT INTO \"t\" VALUE {'a':?,'a':?}",
      "INSERT INTO \"t\" VALUE {'a':?",
      "INSERT INTO \"t\" VALUE {'':?}",
      "INSERT INTO \"t VALUE {'a':?}",
      "INSERT INTO \"t\" VALUE {'a':?} extra",
      "UPDATE \"t\" WHERE \"pk\"=?",
      "UPDATE \"t\" SET \"a\"=?",
      "UPDATE \"t\" SET \"a\"=? WHERE \"pk\"=? AND (\"v\" IS MISSING OR \"w\"<?)",
      "UPDATE \"t\" SET \"a\"=? WHERE \"pk\"=? AND (\"v\" IS MISSING OR \"v\"<?) AND \"sk\"=?",
      "UPDATE \"t\" SET \"a\"=? WHERE \"pk\">?",
      "UPDATES \"t\" SET \"a\"=? WHERE \"pk\"=?",
      ""})
  void refusesAnythingElse(String statement) {
    assertThatThrownBy(() -> PartiqlParser.parse(statement)).isInstanceOf(ParseException.class);
  }

  @Test
  void tellsWhereAStatementGoesWrong() {
    assertThatThrownBy(() -> PartiqlParser.parse("UPDATE \"t\" SET \"a\"=? WHERE \"pk\"=! "))
        .hasMessage("expected '?' at offset 32, found '!'");
  }

  @Test
  void findsTheTableOfAWriteItCannotReadWhole() {
    assertThat(PartiqlParser.tableOf("DELETE FROM \"t x\" WHERE \"pk\"=?")).isEqualTo("t x");
    assertThat(PartiqlParser.tableOf("UPDATE \"t\" SET a=1")).isEqualTo("t");
    assertThat(PartiqlParser.tableOf("insert into \"i\"\"n\" VALUE ...")).isEqualTo("i\"n");
    assertThat(PartiqlParser.tableOf("SELECT * FROM \"t\"")).isNull();
    assertThat(PartiqlParser.tableOf("UPDATE t SET a=1")).isNull();
  }

  @Test
  void tellsReadsFromWrites() {
    assertThat(PartiqlParser.isRead(" select * from \"t\"")).isTrue();
    assertThat(PartiqlParser.isRead("INSERT INTO \"select\" VALUE {'a':?}")).isFalse();
  }
}
