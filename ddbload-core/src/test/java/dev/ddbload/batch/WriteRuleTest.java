package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.KeySchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a record that deletes its key (a change without a new image) becomes under each rule. */
class WriteRuleTest {

  private static final KeySchema KEYS = KeySchema.parse("id:S");

  @Test
  void aRecordThatDeletesItsKeyIsABatchedDeleteInAPutLoad() throws Exception {
    WriteItem w = WriteRule.PUT.write(change(Map.of("id", fromS("a")), true), KEYS);

    assertThat(w.isDelete()).isTrue();
    assertThat(w.single()).isNull();
    assertThat(w.key()).isEqualTo(Map.of("id", fromS("a")));
  }

  @Test
  void aRecordThatPutsStaysABatchedPut() throws Exception {
    WriteItem w = WriteRule.PUT.write(change(Map.of("id", fromS("a"), "n", fromN("1")), false), KEYS);

    assertThat(w.isDelete()).isFalse();
    assertThat(w.single()).isNull();
  }

  @Test
  void withVersionsComparedTheDeleteIsUnconditionalAndThePutCompared() throws Exception {
    WriteRule ifNewer = new WriteRule(SingleWrite.Op.PUT, false, false, "ver", null, false);

    WriteItem delete = ifNewer.write(change(Map.of("id", fromS("a")), true), KEYS);
    WriteItem put = ifNewer.write(change(Map.of("id", fromS("a"), "ver", fromN("3")), false), KEYS);

    assertThat(delete.single().op()).isEqualTo(SingleWrite.Op.DELETE);
    assertThat(delete.single().conditional()).isFalse();
    assertThat(put.single().op()).isEqualTo(SingleWrite.Op.PUT);
    assertThat(put.single().conditional()).isTrue();
  }

  private static SourceRecord change(Map<String, AttributeValue> item, boolean deletesKey) {
    return new SourceRecord(new Origin("in", 1, 0, 0), item, () -> "", false, deletesKey);
  }
}
