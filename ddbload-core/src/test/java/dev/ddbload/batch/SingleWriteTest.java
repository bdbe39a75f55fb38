package dev.ddbload.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.item.RejectReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link SingleWrite}: its expressions, and {@link SingleWrite#follow} checked against a model of
 * DynamoDB applying the writes one by one, on generated sequences of writes of one key.
 */
class SingleWriteTest {

  private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

  @Test
  void theUpdateExpressionsLengthIsCountedWithoutBuildingIt() {
    for (int sets : new int[] {0, 1, 2, 35, 36, 37, 450, 1300, 1296}) {
      for (int removes : new int[] {0, 1, 2, 36, 40}) {
        Map<String, AttributeValue> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < sets; i++) {
          values.put("a" + i, AttributeValue.fromN("1"));
        }
        java.util.Set<String> gone = new java.util.LinkedHashSet<>();
        for (int j = 0; j < removes; j++) {
          gone.add("r" + j);
        }
        String update = new SingleWrite(SingleWrite.Op.UPDATE, KEY, values, gone, false, null, null).expressions().update();
        assertThat(SingleWrite.updateExpressionLength(sets, removes)).as("%d sets, %d removes", sets, removes)
            .isEqualTo(update == null ? 0 : update.length());
      }
    }
  }

  @Test
  void everyNameAndValueGoesThroughPlaceholders() {
    Map<String, AttributeValue> sets = new LinkedHashMap<>();
    sets.put("name", AttributeValue.fromS("x"));
    sets.put("a.b", AttributeValue.fromN("1"));
    sets.put("Größe 名前", AttributeValue.fromS("y"));
    sets.put("ver", AttributeValue.fromN("7"));
    SingleWrite w = new SingleWrite(SingleWrite.Op.UPDATE, KEY, sets, Set.of("status"), false, "ver",
        AttributeValue.fromN("7"));

    SingleWrite.Expressions x = w.expressions();

    assertThat(x.update()).isEqualTo("SET #0=:0,#1=:1,#2=:2,#3=:3 REMOVE #4");
    assertThat(x.condition()).isEqualTo("attribute_not_exists(#3) OR #3<:4");
    assertThat(x.names()).containsExactly(Map.entry("#0", "name"), Map.entry("#1", "a.b"),
        Map.entry("#2", "Größe 名前"), Map.entry("#3", "ver"), Map.entry("#4", "status"));
    assertThat(x.values()).containsEntry(":4", AttributeValue.fromN("7")).hasSize(5);
  }

  @Test
  void anInsertIsConditionalOnAKeyAttributeAndAnUpdateOfTheKeyAloneHasNoExpression() {
    SingleWrite insert = new SingleWrite(SingleWrite.Op.PUT, KEY, KEY, Set.of(), true, null, null);
    assertThat(insert.expressions().condition()).isEqualTo("attribute_not_exists(#0)");
    assertThat(insert.expressions().names()).containsExactly(Map.entry("#0", "pk"));
    assertThat(insert.conflict()).isEqualTo(RejectReason.EXISTS);

    SingleWrite bare = new SingleWrite(SingleWrite.Op.UPDATE, KEY, Map.of(), Set.of(), false, null, null);
    assertThat(bare.expressions().update()).isNull();
    assertThat(bare.expressions().condition()).isNull();
    assertThat(bare.expressions().names()).isEmpty();
  }

  @Test
  void versionsCompareAsDynamoDbDoes() {
    assertThat(SingleWrite.compareVersions(AttributeValue.fromN("10"), AttributeValue.fromN("9.5"))).isPositive();
    assertThat(SingleWrite.compareVersions(AttributeValue.fromN("1.0"), AttributeValue.fromN("1"))).isZero();
    assertThat(SingleWrite.compareVersions(AttributeValue.fromS("2024-01-02"), AttributeValue.fromS("2024-01-10")))
        .isNegative();
    assertThat(SingleWrite.compareVersions(AttributeValue.fromS("1"), AttributeValue.fromN("1")))
        .isEqualTo(Integer.MIN_VALUE);
  }

  static LongStream seeds() {
    return LongStream.range(0, 3000);
  }

  /**
   * Writes of one key, combined as they park one behind the other, leave the table as the same
   * writes applied one by one, and are refused as often.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void followingWritesLeaveTheTableAsTheWritesOneByOne(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int family = (int) (seed % 3); // 0: inserts, 1: unconditional mix, 2: versions
    Map<String, AttributeValue> table = randomStored(random, family);
    List<SingleWrite> writes = new ArrayList<>();
    int n = 1 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      writes.add(randomWrite(random, family));
    }

    Map<String, AttributeValue> oneByOne = table;
    int refused = 0;
    for (SingleWrite w : writes) {
      Map<String, AttributeValue> after = apply(oneByOne, w);
      if (after == REFUSED) {
        refused++;
      } else {
        oneByOne = after;
      }
    }

    List<SingleWrite> parked = new ArrayList<>();
    int dropped = 0;
    for (SingleWrite w : writes) {
      if (parked.isEmpty()) {
        parked.add(w);
        continue;
      }
      SingleWrite.Succession s = SingleWrite.follow(parked.get(parked.size() - 1), w);
      switch (s.kind()) {
        case REPLACE -> parked.set(parked.size() - 1, w);
        case MERGE -> parked.set(parked.size() - 1, s.merged());
        case DROP_LATER -> {
          dropped++;
          assertThat(s.dropped()).isEqualTo(w.conflict());
        }
        default -> parked.add(w);
      }
    }
    Map<String, AttributeValue> combined = table;
    int refusedCombined = 0;
    for (SingleWrite w : parked) {
      Map<String, AttributeValue> after = apply(combined, w);
      if (after == REFUSED) {
        refusedCombined++;
      } else {
        combined = after;
      }
    }

    assertThat(combined).as("seed %d: %s on %s", seed, writes, table).isEqualTo(oneByOne);
    if (family != 1) {
      // Conditional writes are never combined away: each is refused exactly when it would be one
      // by one, counted once, as dropped or as refused.
      assertThat(dropped + refusedCombined).as("seed %d: %s on %s", seed, writes, table).isEqualTo(refused);
    }
  }

  private static final Map<String, AttributeValue> REFUSED = Map.of("refused", AttributeValue.fromBool(true));

  /** DynamoDB's answer to one write: the item after it (null: none), or {@link #REFUSED}. */
  private static Map<String, AttributeValue> apply(Map<String, AttributeValue> stored, SingleWrite w) {
    if (w.insert() && stored != null) {
      return REFUSED;
    }
    if (w.version() != null && stored != null && stored.containsKey(w.versionName())) {
      int order = SingleWrite.compareVersions(stored.get(w.versionName()), w.version());
      if (order == Integer.MIN_VALUE || order >= 0) {
        return REFUSED;
      }
    }
    switch (w.op()) {
      case DELETE:
        return null;
      case PUT:
        return Map.copyOf(w.values());
      case UPDATE:
      default:
        Map<String, AttributeValue> item = new LinkedHashMap<>(stored == null ? w.key() : stored);
        item.putAll(w.values());
        item.keySet().removeAll(w.removes());
        return Map.copyOf(item);
    }
  }

  private static Map<String, AttributeValue> randomStored(SplittableRandom random, int family) {
    if (random.nextInt(3) == 0) {
      return null;
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>(KEY);
    item.put("a", AttributeValue.fromN(Integer.toString(random.nextInt(3))));
    if (family == 2 && random.nextInt(4) > 0) {
      item.put("ver", AttributeValue.fromN(Integer.toString(random.nextInt(5))));
    }
    return Map.copyOf(item);
  }

  private static SingleWrite randomWrite(SplittableRandom random, int family) {
    if (family == 0) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(KEY);
      item.put("a", AttributeValue.fromN(Integer.toString(random.nextInt(9))));
      return new SingleWrite(SingleWrite.Op.PUT, KEY, item, Set.of(), true, null, null);
    }
    SingleWrite.Op op = SingleWrite.Op.values()[random.nextInt(3)];
    AttributeValue version = family == 2 && (op != SingleWrite.Op.DELETE || random.nextBoolean())
        ? AttributeValue.fromN(Integer.toString(random.nextInt(6))) : null;
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    Set<String> removes = new LinkedHashSet<>();
    for (String name : List.of("a", "b", "c")) {
      int choice = random.nextInt(3);
      if (choice == 0) {
        values.put(name, AttributeValue.fromN(Integer.toString(random.nextInt(9))));
      } else if (choice == 1 && op == SingleWrite.Op.UPDATE) {
        removes.add(name);
      }
    }
    if (version != null) {
      values.put("ver", version);
    }
    switch (op) {
      case DELETE:
        return new SingleWrite(op, KEY, Map.of(), Set.of(), false, version == null ? null : "ver", version);
      case PUT: {
        Map<String, AttributeValue> item = new LinkedHashMap<>(KEY);
        item.putAll(values);
        return new SingleWrite(op, KEY, item, Set.of(), false, version == null ? null : "ver", version);
      }
      case UPDATE:
      default:
        return new SingleWrite(op, KEY, values, removes, false, version == null ? null : "ver", version);
    }
  }
}
