package dev.ddbload.verify;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One key a {@link TableReader} reads and the record it must match: how many times it was read,
 * and whether the next read is strongly consistent. Its fields change only on the thread that
 * holds it (a call's sender, then its completion thread), handed over through the reader's queues.
 */
final class PendingKey {
  final Expected expected;
  final Map<String, AttributeValue> key;
  final double units;
  volatile boolean consistent;
  volatile int attempts;

  /**
   * @param units the read units an eventually consistent read of the item is estimated to consume
   */
  PendingKey(Expected expected, Map<String, AttributeValue> key, double units, boolean consistent) {
    this.expected = expected;
    this.key = key;
    this.units = units;
    this.consistent = consistent;
  }

  /** The units the next read is estimated to consume: twice as many strongly consistent. */
  double estimatedUnits() {
    return consistent ? units * 2 : units;
  }
}
