package dev.ddbload.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a {@link FaultProxy}'s connections share: the rules in force with their random source,
 * the counters, the write budget per table, and each table's partition key as learned from the
 * traffic. Thread-safe.
 */
final class ProxyState {

  /** Rules and the dice seeded from them, swapped together. */
  record Ruleset(FaultRules rules, FaultDice dice) {}

  final FaultCounters counters;
  final Upstream upstream;
  private final LongSupplier nanoTime;
  private volatile Ruleset ruleset;
  /** Per table: its budget, or empty when it has none (on-demand after an UpdateTable). */
  private final ConcurrentHashMap<String, Optional<WcuBudget>> budgets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> partitionKeys = new ConcurrentHashMap<>();

  ProxyState(Upstream upstream, FaultRules rules, LongSupplier nanoTime) {
    this.upstream = upstream;
    this.nanoTime = nanoTime;
    this.counters = new FaultCounters(nanoTime);
    this.ruleset = new Ruleset(rules, new FaultDice(rules));
  }

  Ruleset ruleset() {
    return ruleset;
  }

  /** Puts new rules in force, re-seeding the dice and resetting every table's budget to theirs. */
  void useRules(FaultRules rules) {
    ruleset = new Ruleset(rules, new FaultDice(rules));
    budgets.clear();
  }

  /** The table's write budget in budget mode, or null when its writes are not limited. */
  WcuBudget budgetOf(String table) {
    FaultRules rules = ruleset.rules();
    OptionalDouble rate = rules.wcuBudget();
    if (rate.isEmpty()) {
      return null;
    }
    return budgets.computeIfAbsent(table,
        t -> Optional.of(new WcuBudget(rate.getAsDouble(), rules.budgetBurst(), nanoTime))).orElse(null);
  }

  /**
   * Follows an UpdateTable request DynamoDB accepted: new {@code WriteCapacityUnits} become the
   * table's budget, {@code PAY_PER_REQUEST} removes it. Only in budget mode.
   */
  void tableUpdated(JsonNode updateTableRequest) {
    FaultRules rules = ruleset.rules();
    if (rules.wcuBudget().isEmpty()) {
      return;
    }
    String table = updateTableRequest.path("TableName").asText();
    if ("PAY_PER_REQUEST".equals(updateTableRequest.path("BillingMode").asText())) {
      budgets.put(table, Optional.empty());
      return;
    }
    double wcu = updateTableRequest.path("ProvisionedThroughput").path("WriteCapacityUnits").asDouble(0);
    if (wcu > 0) {
      budgets.put(table, Optional.of(new WcuBudget(wcu, rules.budgetBurst(), nanoTime)));
    }
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
