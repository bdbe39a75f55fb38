package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.decode.Format;
import dev.ddbload.item.JsonAttributes;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.write.DynamoClients;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Write modes against DynamoDB Local, each on a pre-populated table: the scanned table equals the
 * state a model reaches by applying the input's records one by one in input order, and the
 * counts of written and skipped records are those of that model.
 */
class WriteModesIT extends LocalDynamoLoads {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Names that need placeholders: reserved words, dots, expression syntax, unicode. */
  private static final List<String> NAMES = List.of("name", "status", "size", "a.b", "#x", ":y", "Größe", "名前", "plain", "it's", "say \"hi\"");

  @TempDir
  Path dir;

  @Test
  void insertWritesOnlyKeysNotInTheTableAndTheFirstOfEachKey() throws Exception {
    String table = table("insert");
    Map<String, Map<String, AttributeValue>> state = populate(table, 300, new SplittableRandom(1), false);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 150; i < 450; i++) {
      records.add(record("k" + i).put("plain", "first-" + i));
    }
    for (int i = 400; i < 450; i++) {
      records.add(record("k" + i).put("plain", "again-" + i));
    }
    Model model = new Model(state, "insert", null, false);
    records.forEach(model::apply);

    LoadReport report = load(table, records, b -> b.mode(WriteMode.INSERT));

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().written()).isEqualTo(model.applied).isEqualTo(150);
    assertThat(report.stats().skippedExists()).isEqualTo(model.refused).isEqualTo(200);
    assertThat(report.stats().rejected()).isZero();
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  @Test
  void insertWithOnConflictRejectPutsExistingKeysInTheRejectsFile() throws Exception {
    String table = table("insertrej");
    populate(table, 20, new SplittableRandom(2), false);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 10; i < 30; i++) {
      records.add(record("k" + i).put("plain", "new"));
    }

    LoadReport report = load(table, records, b -> b.mode(WriteMode.INSERT).onConflict(OnConflict.REJECT));

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED_WITH_REJECTS);
    assertThat(report.stats().written()).isEqualTo(10);
    assertThat(report.stats().skippedExists()).isZero();
    assertThat(report.stats().rejected()).isEqualTo(10);
    List<String> rejects = Files.readAllLines(report.rejectsFile().orElseThrow());
    assertThat(rejects).hasSize(10).allSatisfy(line -> assertThat(JSON.readTree(line).get("reason").asText())
        .isEqualTo("EXISTS"));
  }

  @Test
  void updateMergesIntoStoredItemsWithAnyAttributeName() throws Exception {
    String table = table("update");
    SplittableRandom random = new SplittableRandom(3);
    Map<String, Map<String, AttributeValue>> state = populate(table, 200, random, true);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      ObjectNode r = record("k" + random.nextInt(260)); // some keys new, many repeated
      for (String name : NAMES) {
        int choice = random.nextInt(4);
        if (choice == 0) {
          r.put(name, "v" + random.nextInt(1000));
        } else if (choice == 1) {
          r.put(name, random.nextInt(1000));
        } else if (choice == 2) {
          r.putNull(name);
        }
      }
      records.add(r);
    }
    Model model = new Model(state, "update", null, true);
    records.forEach(model::apply);

    LoadReport report = load(table, records, b -> b.mode(WriteMode.UPDATE).removeNulls(true));

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    LoadStatsAssert.addsUp(report);
    assertThat(report.stats().skippedOnCondition()).isZero();
    // DynamoDB Local names no consumed capacity for statements: the units are the estimate.
    assertThat(report.stats().writeUnits()).isGreaterThanOrEqualTo(report.stats().written());
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  @Test
  void updateWithoutRemoveNullsStoresNulls() throws Exception {
    String table = table("updatenull");
    Map<String, Map<String, AttributeValue>> state = populate(table, 5, new SplittableRandom(4), true);
    List<ObjectNode> records = List.of(record("k1").putNull("name"), record("k2").put("fresh", 1), record("k9"));
    Model model = new Model(state, "update", null, false);
    records.forEach(model::apply);

    LoadReport report = load(table, records, b -> b.mode(WriteMode.UPDATE));

    assertThat(report.stats().written()).isEqualTo(3);
    Map<String, Object> scanned = scan(table);
    assertThat(scanned).isEqualTo(model.expected());
    assertThat(scanned.toString()).contains("k9");
  }

  @Test
  void ifNewerWritesOnlyNewerVersionsWhateverTheOrder() throws Exception {
    String table = table("newer");
    SplittableRandom random = new SplittableRandom(5);
    Map<String, Map<String, AttributeValue>> state = populate(table, 150, random, false);
    for (Map<String, AttributeValue> item : state.values()) {
      if (random.nextInt(5) > 0) {
        item.put("ver", AttributeValue.fromN(Integer.toString(random.nextInt(10))));
      }
    }
    state.forEach((k, item) -> client.putItem(PutItemRequest.builder().tableName(table).item(item).build()));
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      // Older, equal and newer versions; keys repeated up to a dozen times in any order.
      records.add(record("k" + random.nextInt(200)).put("ver", random.nextInt(12)).put("plain", "r" + i));
    }
    Model model = new Model(state, "put", "ver", false);
    records.forEach(model::apply);

    LoadReport report = load(table, records, b -> b.ifNewer("ver"));

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().skippedNotNewer()).isEqualTo(model.refused);
    assertThat(report.stats().written()).isEqualTo(model.applied);
    assertThat(report.stats().superseded()).isZero();
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  @Test
  void ifNewerUpdatesCompareIsoTimestamps() throws Exception {
    String table = table("newerts");
    SplittableRandom random = new SplittableRandom(6);
    Map<String, Map<String, AttributeValue>> state = populate(table, 60, random, true);
    Instant base = Instant.parse("2026-11-30T00:00:00Z");
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ObjectNode r = record("k" + random.nextInt(80))
          .put("updated", base.plusSeconds(60L * random.nextInt(20)).toString());
      r.put(NAMES.get(random.nextInt(NAMES.size())), "v" + i);
      records.add(r);
    }
    Model model = new Model(state, "update", "updated", false);
    records.forEach(model::apply);

    LoadReport report = load(table, records, b -> b.mode(WriteMode.UPDATE).ifNewer("updated"));

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().skippedNotNewer()).isEqualTo(model.refused);
    assertThat(report.stats().written()).isEqualTo(model.applied);
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  @Test
  void anOperationFieldMixesPutsUpdatesAndDeletes() throws Exception {
    String table = table("ops");
    SplittableRandom random = new SplittableRandom(7);
    Map<String, Map<String, AttributeValue>> state = populate(table, 100, random, true);
    List<ObjectNode> records = new ArrayList<>();
    String[] ops = {"put", "update", "delete", "UPDATE"};
    for (int i = 0; i < 500; i++) {
      ObjectNode r = record("k" + random.nextInt(130)).put("op", ops[random.nextInt(ops.length)]);
      r.put(NAMES.get(random.nextInt(NAMES.size())), "v" + i);
      records.add(r);
    }
    records.add(record("k1").put("op", "upsert"));
    records.add(record("k2"));
    Model model = new Model(state, null, null, false);
    records.forEach(model::apply);

    LoadReport report = load(table, records, b -> b.opField("op"));

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED_WITH_REJECTS);
    assertThat(report.stats().rejected()).isEqualTo(2);
    LoadStatsAssert.addsUp(report);
    assertThat(scan(table)).isEqualTo(model.expected());
    assertThat(Files.readString(report.rejectsFile().orElseThrow())).contains("BAD_VALUE").contains("upsert");
  }

  @Test
  void theItemWriterUpdatesThroughAnSdkClient() throws Exception {
    String table = table("sdk");
    Map<String, Map<String, AttributeValue>> state = populate(table, 30, new SplittableRandom(8), true);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      records.add(record("k" + (i % 45)).put("status", "s" + i).put("n", i));
    }
    Model model = new Model(state, "update", null, false);
    records.forEach(model::apply);

    try (DynamoDbAsyncClient sdk = DynamoDbAsyncClient.builder().endpointOverride(dynamo.endpoint())
        .region(LocalDynamo.REGION).credentialsProvider(LocalDynamo.CREDENTIALS)
        .overrideConfiguration(DynamoClients.oneAttempt()).build();
        ItemWriter writer = ItemWriter.builder(sdk, table, KeySchema.parse("pk:S")).mode(WriteMode.UPDATE)
            .rejectsFile(dir.resolve("sdk-rejects.jsonl")).build()) {
      for (ObjectNode r : records) {
        writer.add(new JsonAttributes(1 << 20).parseObject(JSON.writeValueAsString(r)));
      }
      writer.finish();
      assertThat(writer.stats().written()).isEqualTo(90);
    }
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  /**
   * A caller allowed to write items but not to use PartiQL (no {@code dynamodb:PartiQLUpdate}),
   * or an endpoint without it: the first statement call is refused with AccessDeniedException or
   * UnknownOperationException, and the load goes on with one UpdateItem call a write, to the same
   * table.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"AccessDeniedException", "UnknownOperationException"})
  void aCallerDeniedPartiqlStillUpdatesOneCallAtATime(String refusal) throws Exception {
    String table = table("denied" + refusal.length());
    Map<String, Map<String, AttributeValue>> state = populate(table, 40, new SplittableRandom(18), true);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(record("k" + (i % 70)).put("status", "s" + i).put("n", i));
    }
    Model model = new Model(state, "update", null, false);
    records.forEach(model::apply);
    java.util.concurrent.atomic.AtomicInteger statementCalls = new java.util.concurrent.atomic.AtomicInteger();

    try (DynamoDbAsyncClient sdk = DynamoDbAsyncClient.builder().endpointOverride(dynamo.endpoint())
        .region(LocalDynamo.REGION).credentialsProvider(LocalDynamo.CREDENTIALS)
        .overrideConfiguration(DynamoClients.oneAttempt()).build();
        DynamoDbAsyncClient noPartiql = new NoPartiqlClient(sdk, statementCalls, refusal);
        ItemWriter writer = ItemWriter.builder(noPartiql, table, KeySchema.parse("pk:S")).mode(WriteMode.UPDATE)
            .rejectsFile(dir.resolve("denied-rejects.jsonl")).build()) {
      for (ObjectNode r : records) {
        writer.add(new JsonAttributes(1 << 20).parseObject(JSON.writeValueAsString(r)));
      }
      writer.finish();
      assertThat(writer.stats().rejected()).isZero();
      assertThat(writer.stats().written() + writer.stats().superseded()).isEqualTo(200);
    }
    assertThat(statementCalls.get()).as("statement calls tried before going one by one").isPositive();
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  /** An SDK client whose caller may write items, but not with PartiQL. */
  private static final class NoPartiqlClient implements DynamoDbAsyncClient {
    private final DynamoDbAsyncClient sdk;
    private final java.util.concurrent.atomic.AtomicInteger statementCalls;
    private final String refusal;

    NoPartiqlClient(DynamoDbAsyncClient sdk, java.util.concurrent.atomic.AtomicInteger statementCalls,
        String refusal) {
      this.sdk = sdk;
      this.statementCalls = statementCalls;
      this.refusal = refusal;
    }

    @Override
    public java.util.concurrent.CompletableFuture<software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse>
        batchExecuteStatement(software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest request) {
      statementCalls.incrementAndGet();
      return java.util.concurrent.CompletableFuture.failedFuture(
          software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().statusCode(400)
              .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode(refusal).errorMessage("User: loader is not authorized to perform:"
                      + " dynamodb:PartiQLUpdate").build())
              .build());
    }

    @Override
    public java.util.concurrent.CompletableFuture<software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse>
        updateItem(software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest request) {
      return sdk.updateItem(request);
    }

    @Override
    public java.util.concurrent.CompletableFuture<software.amazon.awssdk.services.dynamodb.model.PutItemResponse>
        putItem(PutItemRequest request) {
      return sdk.putItem(request);
    }

    @Override
    public String serviceName() {
      return sdk.serviceName();
    }

    @Override
    public void close() {}
  }

  /** A table with a partition and a sort key: statements name both in WHERE and in the INSERT. */
  @Test
  void updatesAndInsertsOfACompositeKey() throws Exception {
    String table = table("composite");
    client.createTable(t -> t.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
    Set<Map<String, AttributeValue>> expected = new java.util.HashSet<>();
    for (String[] row : new String[][] {{"a", "1"}, {"a", "2"}, {"b", "1"}}) {
      Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", AttributeValue.fromS(row[0]),
          "sk", AttributeValue.fromN(row[1]), "old", AttributeValue.fromS("kept")));
      client.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }
    // Updates: (a,1) changed, (a,3) created; (a,2) and (b,1) untouched.
    LoadReport updated = load(table, List.of(
        JSON.createObjectNode().put("pk", "a").put("sk", 1).put("x", "new"),
        JSON.createObjectNode().put("pk", "a").put("sk", 3).put("x", "created")), b -> b.mode(WriteMode.UPDATE));
    assertThat(updated.stats().written()).isEqualTo(2);
    // Inserts: (b,1) exists, (b,2) is new.
    LoadReport inserted = load(table, List.of(
        JSON.createObjectNode().put("pk", "b").put("sk", 1).put("x", "lost"),
        JSON.createObjectNode().put("pk", "b").put("sk", 2).put("x", "inserted")), b -> b.mode(WriteMode.INSERT));
    assertThat(inserted.stats().written()).isEqualTo(1);
    assertThat(inserted.stats().skippedExists()).isEqualTo(1);

    expected.add(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"),
        "old", AttributeValue.fromS("kept"), "x", AttributeValue.fromS("new")));
    expected.add(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("2"),
        "old", AttributeValue.fromS("kept")));
    expected.add(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("3"),
        "x", AttributeValue.fromS("created")));
    expected.add(Map.of("pk", AttributeValue.fromS("b"), "sk", AttributeValue.fromN("1"),
        "old", AttributeValue.fromS("kept")));
    expected.add(Map.of("pk", AttributeValue.fromS("b"), "sk", AttributeValue.fromN("2"),
        "x", AttributeValue.fromS("inserted")));
    assertThat(new java.util.HashSet<>(client.scan(s -> s.tableName(table)).items())).isEqualTo(expected);
  }

  @Test
  void aDryRunPlansSingleCallsAndWritesNothing() throws Exception {
    String table = table("dry");
    Map<String, Map<String, AttributeValue>> state = populate(table, 10, new SplittableRandom(9), true);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      records.add(record("k" + i).put("status", "new"));
    }

    LoadReport report = load(table, records, b -> b.mode(WriteMode.UPDATE).dryRun(true));

    assertThat(report.plan()).isPresent();
    assertThat(report.plan().get().records()).isEqualTo(25);
    assertThat(report.plan().get().conditionalWrites()).isEqualTo(25);
    assertThat(scan(table)).isEqualTo(new Model(state, "update", null, false).expected());
  }

  @Test
  void anUpdateOfHundredsOfAttributesFitsItsExpressionAndOneOfTooManyIsRejectedAlone() throws Exception {
    String table = table("wide");
    Map<String, Map<String, AttributeValue>> state = populate(table, 3, new SplittableRandom(10), false);
    ObjectNode wide = record("k1");
    ObjectNode tooWide = record("k2");
    for (int i = 0; i < 600; i++) {
      if (i < 450) {
        wide.put("attribute" + i, i);
      }
      tooWide.put("attribute" + i, i);
    }
    List<ObjectNode> records = List.of(wide, tooWide, record("k3").put("plain", "x"));
    Model model = new Model(state, "update", null, false);
    model.apply(wide);
    model.apply(records.get(2));

    LoadReport report = load(table, records, b -> b.mode(WriteMode.UPDATE));

    assertThat(report.stats().written()).isEqualTo(2);
    assertThat(report.stats().rejected()).isEqualTo(1);
    assertThat(Files.readString(report.rejectsFile().orElseThrow())).contains("BAD_VALUE").contains("put mode");
    assertThat(scan(table)).isEqualTo(model.expected());
  }

  // --- helpers ---

  private static String table(String name) {
    return "modes_" + name;
  }

  private static ObjectNode record(String key) {
    return JSON.createObjectNode().put("pk", key);
  }

  /** Creates the table and puts {@code n} items k0.. with a few attributes; returns them by key. */
  private Map<String, Map<String, AttributeValue>> populate(String table, int n, SplittableRandom random,
      boolean manyNames) throws Exception {
    client.createTable(t -> t.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    Map<String, Map<String, AttributeValue>> state = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("pk", AttributeValue.fromS("k" + i));
      item.put("kept", AttributeValue.fromN(Integer.toString(i)));
      if (manyNames) {
        for (String name : NAMES) {
          if (random.nextBoolean()) {
            item.put(name, AttributeValue.fromS("old" + random.nextInt(100)));
          }
        }
      }
      client.putItem(PutItemRequest.builder().tableName(table).item(item).build());
      state.put("k" + i, item);
    }
    return state;
  }

  private LoadReport load(String table, List<ObjectNode> records, Consumer<LoadOptionsBuilder> mode)
      throws Exception {
    Path input = dir.resolve(table + ".jsonl");
    StringBuilder text = new StringBuilder();
    for (ObjectNode r : records) {
      text.append(JSON.writeValueAsString(r)).append('\n');
    }
    Files.writeString(input, text);
    LoadOptionsBuilder b = LoadOptions.builder().table(table).client(settings()).format(Format.JSONL)
        .checkpointing(false).rejectsFile(dir.resolve(table + "-rejects.jsonl"));
    mode.accept(b);
    try (BulkLoader loader = BulkLoader.create(b.build(), dataPlane, client)) {
      return loader.load(List.of(new LocalFileSource(input)));
    }
  }

  private static Map<String, Object> scan(String table) {
    return Items.scan(client, table, "pk");
  }

  /** Read = written + skipped + rejected + superseded, nothing left over. */
  private static final class LoadStatsAssert {
    static void addsUp(LoadReport report) {
      var s = report.stats();
      assertThat(s.written() + s.skippedOnCondition() + s.rejected() + s.superseded()).as(report.toString())
          .isEqualTo(s.recordsRead());
    }
  }

  /**
   * DynamoDB applying the records one by one: put, insert, update (with or without removing
   * nulls), delete, each compared by version when asked; or each record's operation from "op".
   */
  private static final class Model {
    final Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    final String mode;
    final String version;
    final boolean removeNulls;
    long applied;
    long refused;

    Model(Map<String, Map<String, AttributeValue>> initial, String mode, String version, boolean removeNulls) {
      initial.forEach((k, v) -> items.put(k, new HashMap<>(v)));
      this.mode = mode;
      this.version = version;
      this.removeNulls = removeNulls;
    }

    void apply(ObjectNode record) {
      Map<String, AttributeValue> r = new LinkedHashMap<>();
      record.fields().forEachRemaining(e -> r.put(e.getKey(), value(e.getValue())));
      String op = mode;
      if (op == null) {
        AttributeValue o = r.remove("op");
        if (o == null || !List.of("put", "update", "delete").contains(o.s().toLowerCase())) {
          return; // rejected
        }
        op = o.s().toLowerCase();
      }
      String key = r.get("pk").s();
      Map<String, AttributeValue> stored = items.get(key);
      if (op.equals("insert") && stored != null) {
        refused++;
        return;
      }
      if (version != null && stored != null && stored.containsKey(version)
          && compare(stored.get(version), r.get(version)) >= 0) {
        refused++;
        return;
      }
      applied++;
      switch (op) {
        case "delete" -> items.remove(key);
        case "update" -> {
          Map<String, AttributeValue> item = stored == null ? new HashMap<>(Map.of("pk", r.get("pk"))) : stored;
          r.forEach((name, v) -> {
            if (removeNulls && Boolean.TRUE.equals(v.nul())) {
              item.remove(name);
            } else {
              item.put(name, v);
            }
          });
          items.put(key, item);
        }
        default -> items.put(key, new HashMap<>(r));
      }
    }

    Map<String, Object> expected() {
      return Items.expected(new ArrayList<>(items.values()), "pk");
    }

    private static int compare(AttributeValue a, AttributeValue b) {
      return a.n() != null ? new BigDecimal(a.n()).compareTo(new BigDecimal(b.n())) : a.s().compareTo(b.s());
    }

    private static AttributeValue value(JsonNode v) {
      if (v.isNull()) {
        return AttributeValue.fromNul(true);
      }
      return v.isNumber() ? AttributeValue.fromN(v.asText()) : AttributeValue.fromS(v.asText());
    }
  }
}
