package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbload.testkit.fault.CallOutcome.Fault;
import dev.ddbload.testkit.fault.CallOutcome.ItemResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A BatchExecuteStatement request read by {@link StatementBatch} and {@link PartiqlWrite}, and the bodies made from it. */
class StatementBatchTest {

  /** JSON written with {@code `} for {@code "}, to keep the statements' own quotes readable. */
  private static byte[] bytes(String json) {
    return json.replace('`', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode tree(byte[] body) throws IOException {
    return BatchWrite.JSON.readTree(body);
  }

  private static final byte[] REQUEST = bytes("{`Statements`:["
      + "{`Statement`:`INSERT INTO \\`a\\` VALUE {'pk':?,'v':?}`,`Parameters`:[{`S`:`k1`},{`S`:`"
      + "x".repeat(2_000) + "`}]},"
      + "{`Statement`:`UPDATE \\`a\\` SET \\`v\\`=? WHERE \\`pk\\`=? AND (\\`ver\\` IS MISSING OR \\`ver\\`<?)`,"
      + "`Parameters`:[{`S`:`bad`},{`S`:`k2`},{`N`:`7`}],`ReturnValuesOnConditionCheckFailure`:`ALL_OLD`},"
      + "{`Statement`:`DELETE FROM \\`b\\` WHERE \\`pk\\`=?`,`Parameters`:[{`S`:`k3`}]}"
      + "],`ReturnConsumedCapacity`:`TOTAL`}");

  private static CallOutcome outcome(ItemResult... results) {
    return new CallOutcome(Fault.NONE, 0, List.of(results), 0);
  }

  @Test
  void readsEachStatementsTableKeyAndUnits() throws IOException {
    List<StatementBatch.Entry> e = StatementBatch.parse(REQUEST).entries();

    assertThat(e).extracting(StatementBatch.Entry::table).containsExactly("a", "a", "b");
    assertThat(e.get(0).write().textOf("pk")).isEqualTo("k1");
    assertThat(e.get(0).write().writeUnits()).as("2,002 bytes of values, 3 of names").isEqualTo(2);
    assertThat(e.get(1).write().textOf("pk")).isEqualTo("k2");
    assertThat(e.get(1).write().textOf("v")).as("a SET value is not the key").isNull();
    assertThat(e.get(1).write().holdsString(Set.of("k2"))).isTrue();
    assertThat(e.get(1).write().holdsString(Set.of("bad"))).isFalse();
    assertThat(e.get(1).write().writeUnits()).isEqualTo(1);
    assertThat(e.get(2).write().textOf("pk")).as("not a shape it reads").isNull();
    assertThat(e.get(2).write().writeUnits()).isEqualTo(1);
  }

  @Test
  void aStatementWhoseParametersDoNotMatchItsMarksHasNoKnownKey() {
    PartiqlWrite write = PartiqlWrite.of("INSERT INTO \"t\" VALUE {'pk':?,'v':?}",
        BatchWrite.JSON.createArrayNode().add(BatchWrite.JSON.createObjectNode().put("S", "k")));

    assertThat(write.table()).isEqualTo("t");
    assertThat(write.textOf("pk")).isNull();
    assertThat(write.writeUnits()).isEqualTo(1);
  }

  @Test
  void keepsOnlyTheProcessedStatementsAndTheRestOfTheRequest() throws IOException {
    StatementBatch batch = StatementBatch.parse(REQUEST);

    JsonNode body = tree(batch.bodyWithProcessed(outcome(ItemResult.TABLE_CAPACITY, ItemResult.PROCESSED,
        ItemResult.PROCESSED)));

    assertThat(body.path("Statements")).hasSize(2);
    assertThat(body.path("Statements").get(0)).isEqualTo(batch.entries().get(1).request());
    assertThat(body.path("Statements").get(1)).isEqualTo(batch.entries().get(2).request());
    assertThat(body.path("ReturnConsumedCapacity").asText()).isEqualTo("TOTAL");
  }

  @Test
  void answersWithoutTheTargetInEachStatementsPlace() throws IOException {
    StatementBatch batch = StatementBatch.parse(REQUEST);

    JsonNode response = tree(batch.responseWithoutTarget(outcome(ItemResult.PROCESSED, ItemResult.INVALID,
        ItemResult.HELD_BACK)));

    JsonNode r = response.path("Responses");
    assertThat(r).hasSize(3);
    assertThat(r.get(0).toString()).isEqualTo("{\"TableName\":\"a\"}");
    assertThat(r.get(1).path("TableName").asText()).isEqualTo("a");
    assertThat(r.get(1).path("Error").path("Code").asText()).isEqualTo("ValidationError");
    assertThat(r.get(2).path("TableName").asText()).isEqualTo("b");
    assertThat(r.get(2).path("Error").path("Code").asText()).isEqualTo("ProvisionedThroughputExceeded");
    assertThat(r.get(2).path("Error").path("Message").asText()).startsWith("The level of configured");
    assertThat(response.path("ConsumedCapacity").toString())
        .isEqualTo("[{\"TableName\":\"a\",\"CapacityUnits\":2.0},{\"TableName\":\"b\",\"CapacityUnits\":0.0}]");
  }

  @Test
  void putsTheTargetsAnswersBackInTheirPlaces() throws IOException {
    StatementBatch batch = StatementBatch.parse(REQUEST);
    byte[] target = bytes("{`Responses`:[{`TableName`:`a`,`Error`:{`Code`:`DuplicateItem`}},{`TableName`:`b`}],"
        + "`ConsumedCapacity`:[{`TableName`:`a`,`CapacityUnits`:2.0}]}");

    JsonNode response = tree(batch.merged(target, outcome(ItemResult.PROCESSED, ItemResult.POISON,
        ItemResult.PROCESSED)));

    JsonNode r = response.path("Responses");
    assertThat(r.get(0).path("Error").path("Code").asText()).isEqualTo("DuplicateItem");
    assertThat(r.get(1).path("Error").path("Code").asText()).isEqualTo("ProvisionedThroughputExceeded");
    assertThat(r.get(2).toString()).isEqualTo("{\"TableName\":\"b\"}");
    assertThat(response.path("ConsumedCapacity").get(0).path("CapacityUnits").asDouble()).isEqualTo(2.0);
    assertThatThrownBy(() -> batch.merged(bytes("{`Responses`:[]}"), outcome(ItemResult.PROCESSED,
        ItemResult.POISON, ItemResult.PROCESSED))).isInstanceOf(IOException.class);
  }

  @Test
  void addsItsEstimateWhenTheTargetGaveNoCapacityAndKeepsTheTargetsBytesWhenNothingChanges() throws IOException {
    StatementBatch batch = StatementBatch.parse(REQUEST);
    CallOutcome all = outcome(ItemResult.PROCESSED, ItemResult.PROCESSED, ItemResult.PROCESSED);
    byte[] withCapacity = bytes("{`Responses`:[{},{},{}],`ConsumedCapacity`:[{`TableName`:`a`,`CapacityUnits`:9.0}]}");

    JsonNode filled = tree(batch.merged(bytes("{`Responses`:[{},{},{}]}"), all));

    assertThat(filled.path("ConsumedCapacity").toString())
        .isEqualTo("[{\"TableName\":\"a\",\"CapacityUnits\":3.0},{\"TableName\":\"b\",\"CapacityUnits\":1.0}]");
    assertThat(batch.merged(withCapacity, all)).isSameAs(withCapacity);
  }

  @Test
  void refusesWhatIsNotABatchOfWrites() {
    assertThatThrownBy(() -> StatementBatch.parse(bytes("{`Statements`:[]}"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StatementBatch.parse(bytes("{`RequestItems`:{}}"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StatementBatch.parse(bytes("{`Statements`:[{`Parameters`:[]}]}")))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StatementBatch.parse(bytes("{`Statements`:[{`Statement`:`SELECT * FROM \\`t\\``}]}")))
        .isInstanceOf(IOException.class);
  }
}
