package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What each record becomes under a {@link WriteRule}, and the records it refuses. */
class WriteRuleTest {

  private static final KeySchema KEYS = KeySchema.parse("pk:S");

  private static SourceRecord record(Object... nameValues) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("k"));
    for (int i = 0; i < nameValues.length; i += 2) {
      Object v = nameValues[i + 1];
      item.put((String) nameValues[i], v == null ? AttributeValue.fromNul(true)
          : v instanceof Number ? AttributeValue.fromN(v.toString()) : AttributeValue.fromS((String) v));
    }
    return new SourceRecord(new Origin("in", 1, 0, 0), item, () -> "raw");
  }

  private static WriteRule rule(SingleWrite.Op op, boolean insert, boolean removeNulls, String ifNewer, String opField) {
    return new WriteRule(op, insert, removeNulls, ifNewer, opField, false);
  }

  @Test
  void plainPutsAndDeletesAreBatchRequests() throws Exception {
    assertThat(WriteRule.PUT.write(record("a", 1), KEYS).single()).isNull();
    WriteItem delete = WriteRule.DELETE.write(record("a", 1), KEYS);
    assertThat(delete.single()).isNull();
    assertThat(delete.isDelete()).isTrue();
  }

  @Test
  void anUpdateSetsNonKeyAttributesAndRemovesNullsWhenAsked() throws Exception {
    SingleWrite kept = rule(SingleWrite.Op.UPDATE, false, false, null, null).write(record("a", 1, "b", null), KEYS)
        .single();
    assertThat(kept.values()).containsOnlyKeys("a", "b");
    assertThat(kept.removes()).isEmpty();

    SingleWrite removed = rule(SingleWrite.Op.UPDATE, false, true, null, null).write(record("a", 1, "b", null), KEYS)
        .single();
    assertThat(removed.values()).containsOnlyKeys("a");
    assertThat(removed.removes()).containsExactly("b");
    assertThat(removed.key()).containsOnlyKeys("pk");
  }

  @Test
  void theOperationFieldChoosesEachRecordsWriteAndIsNotStored() throws Exception {
    WriteRule ops = rule(SingleWrite.Op.PUT, false, false, null, "op");
    SingleWrite put = ops.write(record("op", " PUT ", "a", 1), KEYS).single();
    assertThat(put.op()).isEqualTo(SingleWrite.Op.PUT);
    assertThat(put.values()).containsOnlyKeys("pk", "a");
    assertThat(ops.write(record("op", "Update"), KEYS).single().op()).isEqualTo(SingleWrite.Op.UPDATE);
    assertThat(ops.write(record("op", "delete"), KEYS).single().op()).isEqualTo(SingleWrite.Op.DELETE);

    assertThatThrownBy(() -> ops.write(record("a", 1), KEYS)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("no string op");
    assertThatThrownBy(() -> ops.write(record("op", 7), KEYS)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> ops.write(record("op", "upsert"), KEYS))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("'upsert', not put, update or delete")
        .satisfies(e -> assertThat(((InvalidValueException) e).reason()).isEqualTo(RejectReason.BAD_VALUE));
  }

  @Test
  void versionsAreNumbersOrIsoTimestamps() throws Exception {
    WriteRule newer = rule(SingleWrite.Op.PUT, false, false, "v", null);
    assertThat(newer.write(record("v", 3), KEYS).single().version()).isEqualTo(AttributeValue.fromN("3"));
    assertThat(newer.write(record("v", "2026-12-07T10:15:30Z"), KEYS).single().version().s())
        .isEqualTo("2026-12-07T10:15:30Z");
    assertThat(newer.write(record("v", "2026-12-07"), KEYS).single()).isNotNull();
    assertThat(newer.write(record("v", "2026-12-07T10:15:30+01:00"), KEYS).single()).isNotNull();

    assertThatThrownBy(() -> newer.write(record("a", 1), KEYS)).hasMessageContaining("has no v");
    assertThatThrownBy(() -> newer.write(record("v", null), KEYS)).hasMessageContaining("has no v");
    assertThatThrownBy(() -> newer.write(record("v", "yesterday"), KEYS))
        .hasMessageContaining("not a number or an ISO-8601 timestamp");
    assertThatThrownBy(() -> newer.write(record("v", "42"), KEYS)).hasMessageContaining("LoadOptions.schema v:N");
  }

  @Test
  void aDeleteWithoutAVersionIsUnconditional() throws Exception {
    WriteRule newer = rule(SingleWrite.Op.DELETE, false, false, "v", null);
    assertThat(newer.write(record(), KEYS).single().conditional()).isFalse();
    assertThat(newer.write(record("v", 2), KEYS).single().conditional()).isTrue();
  }

  @Test
  void theVersionAndOperationFieldMustNotBeKeyAttributes() {
    assertThatThrownBy(() -> rule(SingleWrite.Op.PUT, false, false, "pk", null).checkAgainst(KEYS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key attribute pk");
    assertThatThrownBy(() -> rule(SingleWrite.Op.PUT, false, false, null, "pk").checkAgainst(KEYS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rule(SingleWrite.Op.PUT, true, false, "v", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInsertIsAConditionalPut() throws Exception {
    SingleWrite insert = rule(SingleWrite.Op.PUT, true, false, null, null).write(record("a", 1), KEYS).single();
    assertThat(insert.insert()).isTrue();
    assertThat(insert.conflict()).isEqualTo(RejectReason.EXISTS);
  }

  // A change without a new image (format ddb-changes) deletes its key.

  @Test
  void aRecordThatDeletesItsKeyIsABatchedDeleteInAPutLoad() throws Exception {
    WriteItem w = WriteRule.PUT.write(change(Map.of("pk", AttributeValue.fromS("a")), true), KEYS);

    assertThat(w.isDelete()).isTrue();
    assertThat(w.single()).isNull();
    assertThat(w.key()).isEqualTo(Map.of("pk", AttributeValue.fromS("a")));
  }

  @Test
  void aRecordThatPutsStaysABatchedPut() throws Exception {
    WriteItem w = WriteRule.PUT.write(change(Map.of("pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1")), false), KEYS);

    assertThat(w.isDelete()).isFalse();
    assertThat(w.single()).isNull();
  }

  @Test
  void withVersionsComparedTheDeleteIsUnconditionalAndThePutCompared() throws Exception {
    WriteRule ifNewer = new WriteRule(SingleWrite.Op.PUT, false, false, "ver", null, false);

    WriteItem delete = ifNewer.write(change(Map.of("pk", AttributeValue.fromS("a")), true), KEYS);
    WriteItem put = ifNewer.write(change(Map.of("pk", AttributeValue.fromS("a"), "ver", AttributeValue.fromN("3")), false), KEYS);

    assertThat(delete.single().op()).isEqualTo(SingleWrite.Op.DELETE);
    assertThat(delete.single().conditional()).isFalse();
    assertThat(put.single().op()).isEqualTo(SingleWrite.Op.PUT);
    assertThat(put.single().conditional()).isTrue();
  }

  private static SourceRecord change(Map<String, AttributeValue> item, boolean deletesKey) {
    return new SourceRecord(new Origin("in", 1, 0, 0), item, () -> "", false, deletesKey);
  }
}
