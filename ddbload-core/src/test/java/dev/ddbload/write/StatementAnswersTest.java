package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class StatementAnswersTest {

  private static WriteItem item(String pk, boolean insert, boolean versioned) {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(pk));
    SingleWrite w = insert
        ? new SingleWrite(SingleWrite.Op.PUT, key, key, Set.of(), true, null, null)
        : new SingleWrite(SingleWrite.Op.UPDATE, key, Map.of("v", AttributeValue.fromN("2")), Set.of(), false,
            versioned ? "v" : null, versioned ? AttributeValue.fromN("2") : null);
    WriteItem item = WriteItem.single(new SourceRecord(new Origin("in", 1, 0, Origin.UNKNOWN), key, () -> ""), w, 10);
    PartiqlWrite.route("t", item, PartiqlWrite.callFor(w));
    return item;
  }

  private static StatementAnswers.Result error(String code, boolean item) {
    return new StatementAnswers.Result(code, code + " message", item);
  }

  @Test
  void eachCodeSortsItsWrite() {
    WriteItem done = item("a", false, false);
    WriteItem notNewer = item("b", false, true);
    WriteItem missing = item("c", false, true);
    WriteItem missingPlain = item("d", false, false);
    WriteItem exists = item("e", true, false);
    WriteItem throttled = item("f", false, false);
    WriteItem invalid = item("g", false, false);
    WriteItem failed = item("h", false, false);
    WriteItem raced = item("i", false, false);
    PartiqlWrite.route("t", raced, WriteItem.Call.STATEMENT_INSERT);
    List<WriteItem> items = List.of(done, notNewer, missing, missingPlain, exists, throttled, invalid, failed, raced);
    StatementAnswers answers = new StatementAnswers(9.0, List.of(StatementAnswers.Result.DONE,
        error("ConditionalCheckFailed", true), error("ConditionalCheckFailed", false),
        error("ConditionalCheckFailed", false), error("DuplicateItem", false),
        error("ProvisionedThroughputExceeded", false), error("ValidationError", false),
        error("InternalServerError", false), error("DuplicateItem", false)));

    StatementAnswers.Sorted sorted = answers.sort("t", items);

    assertThat(sorted.written()).containsExactly(done);
    assertThat(sorted.refused()).containsExactly(notNewer, exists);
    assertThat(sorted.rerouted()).containsExactly(missing, missingPlain, raced);
    assertThat(missing.call()).isEqualTo(WriteItem.Call.STATEMENT_INSERT);
    assertThat(missingPlain.call()).isEqualTo(WriteItem.Call.STATEMENT_INSERT);
    assertThat(raced.call()).isEqualTo(WriteItem.Call.SINGLE);
    assertThat(sorted.throttled()).containsExactly(throttled);
    assertThat(sorted.failed()).containsExactly(failed);
    assertThat(sorted.invalid()).containsOnlyKeys(invalid);
    assertThat(sorted.invalid().get(invalid)).startsWith("ValidationError: ");
    assertThat(sorted.fatal()).isNull();
  }

  @Test
  void aShortAnswerFailsTheStatementsItLeftOutAndAMissingTableIsFatal() {
    List<WriteItem> items = List.of(item("a", false, false), item("b", false, false));
    StatementAnswers.Sorted shortAnswer = new StatementAnswers(null, List.of(StatementAnswers.Result.DONE))
        .sort("t", items);
    assertThat(shortAnswer.written()).containsExactly(items.get(0));
    assertThat(shortAnswer.failed()).containsExactly(items.get(1));

    StatementAnswers.Sorted missingTable = new StatementAnswers(null, List.of(error("ResourceNotFound", false),
        StatementAnswers.Result.DONE)).sort("t", items);
    assertThat(missingTable.fatal()).startsWith("ResourceNotFound");

    StatementAnswers.Sorted denied = new StatementAnswers(null, List.of(error("AccessDenied", false),
        error("AccessDenied", false))).sort("t", items);
    assertThat(denied.denied()).containsExactlyElementsOf(items);
    assertThat(denied.fatal()).isNull();
  }

  @Test
  void theJsonCallCarriesEachStatementAndItsAnswerReadsBack() throws Exception {
    List<WriteItem> items = new ArrayList<>(List.of(item("a", false, true), item("b", true, false)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream notAsking = new ByteArrayOutputStream();
    StatementsJson.writeRequest("t", items, false, notAsking);
    StatementsJson.writeRequest("t", items, true, out);
    assertThat(notAsking.toString(StandardCharsets.UTF_8))
        .isEqualTo(out.toString(StandardCharsets.UTF_8).replace(",\"ReturnConsumedCapacity\":\"TOTAL\"", ""))
        .doesNotContain("ReturnConsumedCapacity");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"Statements\":["
        + "{\"Statement\":\"UPDATE \\\"t\\\" SET \\\"v\\\"=? WHERE \\\"pk\\\"=? AND (\\\"v\\\" IS MISSING OR \\\"v\\\"<?)\","
        + "\"Parameters\":[{\"N\":\"2\"},{\"S\":\"a\"},{\"N\":\"2\"}],\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"},"
        + "{\"Statement\":\"INSERT INTO \\\"t\\\" VALUE {'pk':?}\",\"Parameters\":[{\"S\":\"b\"}]}],"
        + "\"ReturnConsumedCapacity\":\"TOTAL\"}");

    byte[] body = ("{\"Responses\":[{\"TableName\":\"t\",\"Error\":{\"Code\":\"ConditionalCheckFailed\","
        + "\"Message\":\"The conditional request failed\",\"Item\":{\"pk\":{\"S\":\"a\"},\"v\":{\"N\":\"5\"}}}},"
        + "{\"TableName\":\"t\"}],\"ConsumedCapacity\":[{\"TableName\":\"t\",\"CapacityUnits\":2.0},"
        + "{\"TableName\":\"u\",\"CapacityUnits\":1.5}]}").getBytes(StandardCharsets.UTF_8);
    StatementAnswers answers = StatementsJson.readResponse(body, body.length);
    assertThat(answers.units()).isEqualTo(3.5);
    assertThat(answers.results()).containsExactly(
        new StatementAnswers.Result("ConditionalCheckFailed", "The conditional request failed", true),
        StatementAnswers.Result.DONE);
  }
}
