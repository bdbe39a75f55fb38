package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a {@link FaultProxy}'s connections share: the {@link DynamoModel} that decides every
 * write call (the rules in force, their random draws, each table's capacity), the counters,
 * and each table's partition key as learned from the traffic. Thread-safe.
 */
final class ProxyState {

  final FaultCounters counters;
  final Upstream upstream;
  final ReadCapacity readCapacity;
  private final LongSupplier nanoTime;
  private volatile DynamoModel model;
  private final ConcurrentHashMap<String, String> partitionKeys = new ConcurrentHashMap<>();

  ProxyState(Upstream upstream, FaultRules rules, LongSupplier nanoTime) {
    this.upstream = upstream;
    this.nanoTime = nanoTime;
    this.counters = new FaultCounters(nanoTime);
    this.readCapacity = new ReadCapacity(nanoTime);
    this.model = modelOf(rules);
  }

  /** The model in force. */
  DynamoModel model() {
    return model;
  }

  /** Puts new rules in force: a new model, re-seeded, every table's capacity back to the rules'. */
  void useRules(FaultRules rules) {
    model = modelOf(rules);
  }

  private DynamoModel modelOf(FaultRules rules) {
    return DynamoModel.builder().rules(rules).ticker(nanoTime).counters(counters).build();
  }

  /**
   * Follows an UpdateTable request DynamoDB accepted: new {@code WriteCapacityUnits} become a
   * limited table's provisioned rate, {@code PAY_PER_REQUEST} makes it on demand.
   */
  void tableUpdated(JsonNode updateTableRequest) {
    model.tableUpdated(updateTableRequest.path("TableName").asText(),
        updateTableRequest.path("BillingMode").asText(""),
        updateTableRequest.path("ProvisionedThroughput").path("WriteCapacityUnits").asDouble(0));
  }

  /** Learns a table's partition key from a CreateTable or DescribeTable response. */
  void tableDescribed(JsonNode description) {
    String table = description.path("TableName").asText(null);
    if (table == null) {
      return;
    }
    for (JsonNode key : description.path("KeySchema")) {
      if ("HASH".equals(key.path("KeyType").asText())) {
        partitionKeys.put(table, key.path("AttributeName").asText());
      }
    }
  }

  /** The table's partition key attribute, or null if no description of it went through. */
  String partitionKeyOf(String table) {
    return partitionKeys.get(table);
  }
}
