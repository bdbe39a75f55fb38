package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PartiqlWriteTest {

  private static final Map<String, AttributeValue> KEY = keyOf("k1");

  private static Map<String, AttributeValue> keyOf(String pk) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put("pk", AttributeValue.fromS(pk));
    key.put("sk", AttributeValue.fromN("7"));
    return key;
  }

  private static SingleWrite update(Map<String, AttributeValue> values, Set<String> removes, String versionName) {
    return new SingleWrite(SingleWrite.Op.UPDATE, KEY, values, removes, false, versionName,
        versionName == null ? null : values.get(versionName));
  }

  private static WriteItem item(SingleWrite w) {
    WriteItem item = WriteItem.single(new SourceRecord(new Origin("in", 1, 0, Origin.UNKNOWN), Map.of(), () -> ""),
        w, 10);
    PartiqlWrite.route("t", item, PartiqlWrite.callFor(w));
    return item;
  }

  @Test
  void anUpdateSetsAndRemovesByQuotedNamesWithEveryValueAParameter() {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    values.put("select", AttributeValue.fromS("a"));
    values.put("say \"hi\"", AttributeValue.fromN("1"));
    values.put("名前.x", AttributeValue.fromBool(true));
    WriteItem item = item(update(values, new java.util.LinkedHashSet<>(List.of("it's", "old")), null));

    assertThat(item.call()).isEqualTo(WriteItem.Call.STATEMENT_UPDATE);
    PartiqlWrite.Statement s = PartiqlWrite.of("my table", item);
    assertThat(s.text()).isEqualTo("UPDATE \"my table\" SET \"select\"=?,\"say \"\"hi\"\"\"=?,\"名前.x\"=?"
        + " REMOVE \"it's\" REMOVE \"old\" WHERE \"pk\"=? AND \"sk\"=?");
    assertThat(s.parameters()).containsExactly(AttributeValue.fromS("a"), AttributeValue.fromN("1"),
        AttributeValue.fromBool(true), AttributeValue.fromS("k1"), AttributeValue.fromN("7"));
    assertThat(s.returnOld()).isFalse();
  }

  @Test
  void anUpdateComparedOnAVersionAsksForTheStoredItemWhenRefused() {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    values.put("v", AttributeValue.fromN("3"));
    values.put("a", AttributeValue.fromS("x"));
    PartiqlWrite.Statement s = PartiqlWrite.of("t", item(update(values, Set.of(), "v")));

    assertThat(s.text()).isEqualTo(
        "UPDATE \"t\" SET \"v\"=?,\"a\"=? WHERE \"pk\"=? AND \"sk\"=? AND (\"v\" IS MISSING OR \"v\"<?)");
    assertThat(s.parameters()).hasSize(5).last().isEqualTo(AttributeValue.fromN("3"));
    assertThat(s.returnOld()).isTrue();
  }

  @Test
  void anInsertAndAnUpdatesFallbackInsertNameTheirTupleKeysAsStrings() {
    Map<String, AttributeValue> item = new LinkedHashMap<>(KEY);
    item.put("it's", AttributeValue.fromS("x"));
    WriteItem insert = item(new SingleWrite(SingleWrite.Op.PUT, KEY, item, Set.of(), true, null, null));
    assertThat(insert.call()).isEqualTo(WriteItem.Call.STATEMENT_INSERT);
    assertThat(PartiqlWrite.of("t", insert).text()).isEqualTo("INSERT INTO \"t\" VALUE {'pk':?,'sk':?,'it''s':?}");

    WriteItem update = item(update(Map.of("a", AttributeValue.fromS("x")), Set.of("gone"), null));
    PartiqlWrite.route("t", update, WriteItem.Call.STATEMENT_INSERT);
    PartiqlWrite.Statement s = PartiqlWrite.of("t", update);
    assertThat(s.text()).isEqualTo("INSERT INTO \"t\" VALUE {'pk':?,'sk':?,'a':?}");
    assertThat(s.parameters()).containsExactly(AttributeValue.fromS("k1"), AttributeValue.fromN("7"),
        AttributeValue.fromS("x"));
  }

  @Test
  void writesPartiqlCannotSayGoOutAlone() {
    Map<String, AttributeValue> item = new LinkedHashMap<>(KEY);
    item.put("v", AttributeValue.fromN("1"));
    // A put replacing the item, compared on a version; a delete; an update with nothing to set.
    assertThat(item(new SingleWrite(SingleWrite.Op.PUT, KEY, item, Set.of(), false, "v", AttributeValue.fromN("1")))
        .call()).isEqualTo(WriteItem.Call.SINGLE);
    assertThat(item(new SingleWrite(SingleWrite.Op.DELETE, KEY, Map.of(), Set.of(), false, "v",
        AttributeValue.fromN("1"))).call()).isEqualTo(WriteItem.Call.SINGLE);
    assertThat(item(update(Map.of(), Set.of(), null)).call()).isEqualTo(WriteItem.Call.SINGLE);
    // Names DynamoDB would read as placeholders.
    assertThat(item(update(Map.of("#x", AttributeValue.fromN("1")), Set.of(), null)).call())
        .isEqualTo(WriteItem.Call.SINGLE);
    assertThat(item(update(Map.of("a", AttributeValue.fromN("1")), Set.of("b:c"), null)).call())
        .isEqualTo(WriteItem.Call.SINGLE);
    // Longer than 8,192 characters.
    Map<String, AttributeValue> wide = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      wide.put("attribute_number_" + i, AttributeValue.fromN("1"));
    }
    assertThat(item(update(wide, Set.of(), null)).call()).isEqualTo(WriteItem.Call.SINGLE);
    Map<String, AttributeValue> narrower = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      narrower.put("a" + i, AttributeValue.fromN("1"));
    }
    assertThat(item(update(narrower, Set.of(), null)).call()).isEqualTo(WriteItem.Call.STATEMENT_UPDATE);
  }

  @Test
  void theStatementsLengthIsCountedAsBuiltForAnyNames() {
    String[] pieces = {"a", "Z9", " ", "\"", "'", "#", ":", "é", "名前", "😀", "select", "."};
    java.util.SplittableRandom random = new java.util.SplittableRandom(19);
    for (int run = 0; run < 2000; run++) {
      Map<String, AttributeValue> values = new LinkedHashMap<>();
      Set<String> removes = new java.util.LinkedHashSet<>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        StringBuilder name = new StringBuilder();
        for (int p = 1 + random.nextInt(4); p > 0; p--) {
          name.append(pieces[random.nextInt(pieces.length)]);
        }
        if (random.nextBoolean()) {
          values.put(name.toString(), AttributeValue.fromN("1"));
        } else if (!values.containsKey(name.toString())) {
          removes.add(name.toString());
        }
      }
      String versionName = values.isEmpty() || random.nextBoolean() ? null : values.keySet().iterator().next();
      String table = random.nextBoolean() ? "t" : "my.\"table\"";
      for (WriteItem.Call call : List.of(WriteItem.Call.STATEMENT_UPDATE, WriteItem.Call.STATEMENT_INSERT)) {
        SingleWrite w = call == WriteItem.Call.STATEMENT_INSERT
            ? new SingleWrite(SingleWrite.Op.PUT, KEY, values, Set.of(), true, null, null)
            : update(values, removes, versionName);
        PartiqlWrite.Statement s = PartiqlWrite.of(table, w, call);
        int counted = PartiqlWrite.statementBytes(table, w, call);
        assertThat(PartiqlWrite.fits(table, w, call)).as("%s %s", call, w).isEqualTo(s != null);
        if (s == null) {
          assertThat(counted).as("%s %s", call, w).isEqualTo(Integer.MAX_VALUE);
        } else {
          assertThat(counted).as("%s", s.text()).isEqualTo(s.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
      }
    }
  }
}
