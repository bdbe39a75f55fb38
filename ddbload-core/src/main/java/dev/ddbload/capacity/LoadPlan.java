package dev.ddbload.capacity;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a load would do, from a dry run. Immutable.
 *
 * @param records records that would be written
 * @param bytes their total DynamoDB size
 * @param writeUnits write capacity units they would consume (without indexes)
 * @param sizes item-size histogram
 * @param onDemandCost what the writes would cost on an on-demand table, in USD
 * @param pricePerMillionWriteUnits the price the cost was computed with
 * @param plannedWcuPerSecond the rate the load would run at
 * @param rateSource where that rate comes from
 * @param duration how long the writes would take at that rate
 * @param hotKeys the partition keys with the largest share of write units, largest first
 * @param onDemandMaximums an on-demand table's maximum write request units per second, by
 *     resource ({@code "table T"}, {@code "index I"}), table first; empty when none is set
 * @param conditionalWrites records that would be conditional writes (insert, update, version-compared
 *     writes: PartiQL statements or PutItem, UpdateItem, DeleteItem calls), not requests of
 *     BatchWriteItem calls
 */
public record LoadPlan(long records, long bytes, long writeUnits, List<SizeBucket> sizes, double onDemandCost,
    double pricePerMillionWriteUnits, double plannedWcuPerSecond, String rateSource, Duration duration,
    List<HotKey> hotKeys, Map<String, Long> onDemandMaximums, long conditionalWrites) {

  /** Copies the lists and the map (keeping its order). */
  public LoadPlan {
    sizes = List.copyOf(sizes);
    hotKeys = List.copyOf(hotKeys);
    onDemandMaximums = Collections.unmodifiableMap(new LinkedHashMap<>(onDemandMaximums));
  }

  /**
   * Items of a size range.
   *
   * @param fromBytes smallest size, inclusive
   * @param toBytes largest size, inclusive
   * @param items how many
   */
  public record SizeBucket(int fromBytes, int toBytes, long items) {}

  /**
   * A partition key and its share of the load's write units.
   *
   * @param key the partition key value, as text
   * @param writeUnits its write units (a lower bound, exact for the heaviest keys)
   * @param share its fraction of all write units
   * @param tooHot whether at the planned rate it alone needs more than one partition absorbs
   *     (1,000 WCU per second)
   */
  public record HotKey(String key, long writeUnits, double share, boolean tooHot) {}

  /** The keys that alone need more than a partition absorbs at the planned rate. */
  public List<HotKey> tooHot() {
    return hotKeys.stream().filter(HotKey::tooHot).toList();
  }
}
