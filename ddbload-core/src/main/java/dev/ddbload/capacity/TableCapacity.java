package dev.ddbload.capacity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table's billing mode and provisioned capacity, with its global secondary indexes', as
 * DescribeTable reports them. Immutable.
 *
 * @param table the table name
 * @param onDemand whether the table is billed per request (nothing to raise or restore)
 * @param capacity the table's own capacity (zeros when on demand)
 * @param indexes each global secondary index's capacity, by index name
 * @param decreasesToday decreases of the table's capacity made today (UTC)
 * @param lastDecrease when the table's capacity was last decreased, if ever
 * @param onDemandLimits an on-demand table's and its indexes' maximum write request units per
 *     second ({@link OnDemandLimits#NONE} when none is set, and for a provisioned table)
 */
public record TableCapacity(String table, boolean onDemand, ProvisionedCapacity capacity,
    Map<String, ProvisionedCapacity> indexes, long decreasesToday, Optional<Instant> lastDecrease,
    OnDemandLimits onDemandLimits) {

  /** Copies the index map. */
  public TableCapacity {
    indexes = Map.copyOf(indexes);
  }

  /** Reads a DescribeTable answer. */
  public static TableCapacity from(TableDescription d) {
    boolean onDemand = d.billingModeSummary() != null
        && d.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    ProvisionedThroughputDescription t = d.provisionedThroughput();
    Map<String, ProvisionedCapacity> indexes = new LinkedHashMap<>();
    Map<String, Long> indexMaximums = new LinkedHashMap<>();
    for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
      indexes.put(g.indexName(), of(g.provisionedThroughput()));
      indexMaximums.put(g.indexName(), maxWrite(g.onDemandThroughput()));
    }
    Instant last = t == null ? null : t.lastDecreaseDateTime();
    Optional<Instant> lastDecrease = last == null || last.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(last);
    long decreases = t == null || t.numberOfDecreasesToday() == null ? 0 : t.numberOfDecreasesToday();
    OnDemandLimits limits = onDemand ? new OnDemandLimits(maxWrite(d.onDemandThroughput()), indexMaximums)
        : OnDemandLimits.NONE;
    return new TableCapacity(d.tableName(), onDemand, of(t), indexes, decreases, lastDecrease, limits);
  }

  private static long maxWrite(OnDemandThroughput t) {
    return t == null || t.maxWriteRequestUnits() == null ? 0 : t.maxWriteRequestUnits();
  }

  private static ProvisionedCapacity of(ProvisionedThroughputDescription t) {
    if (t == null) {
      return new ProvisionedCapacity(0, 0);
    }
    return new ProvisionedCapacity(t.readCapacityUnits() == null ? 0 : t.readCapacityUnits(),
        t.writeCapacityUnits() == null ? 0 : t.writeCapacityUnits());
  }

  /** Write capacity of the table plus all its indexes. */
  public long totalWrite() {
    return capacity.write() + indexes.values().stream().mapToLong(ProvisionedCapacity::write).sum();
  }
}
