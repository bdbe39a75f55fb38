package dev.ddbload.capacity;

import dev.ddbload.item.ItemSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds up what a load would cost without writing anything ({@code --dry-run}): records, write
 * capacity units (one per started KB of a put, one per delete), an item-size histogram and the
 * partition keys with the largest share of write units. Thread-safe: readers of several files
 * add to one planner.
 */
public final class LoadPlanner {

  /** Upper bounds of the size histogram's buckets, in bytes; the last bucket ends at 400 KB. */
  static final int[] BUCKET_BOUNDS = {1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144,
      ItemSize.MAX_ITEM_BYTES};
  /** A DynamoDB partition absorbs at most this many write units per second. */
  public static final double PARTITION_WCU_PER_SECOND = 1000;

  private final long[] buckets = new long[BUCKET_BOUNDS.length];
  private final HeavyHitters<String> keys = new HeavyHitters<>(1000);
  private long records;
  private long bytes;
  private long writeUnits;
  private long conditionalWrites;

  /**
   * Counts one write.
   *
   * @param partitionKey the item's partition key, as text
   * @param itemBytes the item's exact size
   * @param delete whether it is a delete (one unit whatever the size)
   * @param conditional whether it is a conditional write (a PartiQL statement or a PutItem,
   *     UpdateItem or DeleteItem call) rather than a request of a BatchWriteItem call
   */
  public synchronized void add(String partitionKey, int itemBytes, boolean delete, boolean conditional) {
    if (conditional) {
      conditionalWrites++;
    }
    int units = delete ? 1 : ItemSize.writeUnits(itemBytes);
    records++;
    bytes += itemBytes;
    writeUnits += units;
    buckets[bucketOf(itemBytes)]++;
    keys.add(partitionKey, units);
  }

  /**
   * The plan at a planned rate.
   *
   * @param plannedWcuPerSecond the write rate the load would run at
   * @param rateSource where that rate comes from, in a few words (for the report)
   * @param pricePerMillionWriteUnits the on-demand price of a million write request units, in USD
   * @param onDemandMaximums the table's and indexes' on-demand maximums, by resource (may be empty)
   */
  public synchronized LoadPlan plan(double plannedWcuPerSecond, String rateSource, double pricePerMillionWriteUnits,
      Map<String, Long> onDemandMaximums) {
    List<LoadPlan.SizeBucket> histogram = new ArrayList<>();
    int lower = 0;
    for (int i = 0; i < buckets.length; i++) {
      histogram.add(new LoadPlan.SizeBucket(lower, BUCKET_BOUNDS[i], buckets[i]));
      lower = BUCKET_BOUNDS[i] + 1;
    }
    List<LoadPlan.HotKey> hot = new ArrayList<>();
    for (HeavyHitters.Entry<String> e : keys.top(10)) {
      double share = writeUnits == 0 ? 0 : e.weight() / writeUnits;
      hot.add(new LoadPlan.HotKey(e.key(), (long) e.weight(), share,
          share * plannedWcuPerSecond > PARTITION_WCU_PER_SECOND));
    }
    Duration duration = writeUnits == 0 ? Duration.ZERO
        : Duration.ofMillis((long) Math.ceil(writeUnits / plannedWcuPerSecond * 1000));
    double cost = writeUnits / 1e6 * pricePerMillionWriteUnits;
    return new LoadPlan(records, bytes, writeUnits, histogram, cost, pricePerMillionWriteUnits,
        plannedWcuPerSecond, rateSource, duration, hot, onDemandMaximums, conditionalWrites);
  }

  private static int bucketOf(int bytes) {
    for (int i = 0; i < BUCKET_BOUNDS.length; i++) {
      if (bytes <= BUCKET_BOUNDS[i]) {
        return i;
      }
    }
    return BUCKET_BOUNDS.length - 1;
  }
}
