package dev.ddbload.testkit.fault;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Provisioned read capacity of the tables that have it, for BatchGetItem: a token bucket of read
 * units per table ({@link WcuBudget}, one second of burst), each key charged half a unit read
 * eventually consistent and one strongly consistent (an item of up to 4 KB). A call's keys are
 * let through in order while the bucket has room; the rest is held back, returned in
 * {@code UnprocessedKeys}, or, when none got through, the call is throttled whole with
 * {@code ProvisionedThroughputExceededException}, as DynamoDB does. Tables without read
 * capacity are not limited. Thread-safe.
 */
final class ReadCapacity {

  private static final Duration BURST = Duration.ofSeconds(1);

  private final LongSupplier nanoTime;
  private final Map<String, WcuBudget> tables = new HashMap<>();

  ReadCapacity(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Limits {@code table} to {@code rcuPerSecond} from now on; 0 or less removes the limit. */
  synchronized void set(String table, double rcuPerSecond) {
    if (rcuPerSecond <= 0) {
      tables.remove(table);
      return;
    }
    WcuBudget bucket = tables.get(table);
    if (bucket == null) {
      tables.put(table, new WcuBudget(rcuPerSecond, BURST, nanoTime));
    } else {
      bucket.setRate(rcuPerSecond, nanoTime.getAsLong());
    }
  }

  /** Whether any table is limited. */
  synchronized boolean limitsAny() {
    return !tables.isEmpty();
  }

  /** How many of each table's keys, in order, are let through now; their units are taken. */
  synchronized int[] admit(List<BatchGet.TableKeys> request) {
    int[] kept = new int[request.size()];
    long now = nanoTime.getAsLong();
    for (int i = 0; i < request.size(); i++) {
      BatchGet.TableKeys t = request.get(i);
      WcuBudget bucket = tables.get(t.table());
      if (bucket == null) {
        kept[i] = t.keys().size();
        continue;
      }
      double units = t.consistent() ? 1 : 0.5;
      while (kept[i] < t.keys().size() && bucket.hasRoom(units, now)) {
        bucket.take(units);
        kept[i]++;
      }
    }
    return kept;
  }
}
