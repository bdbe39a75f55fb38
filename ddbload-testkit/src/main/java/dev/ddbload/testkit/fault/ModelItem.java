package dev.ddbload.testkit.fault;

import java.util.Objects;

/**
 * One write request as the {@link DynamoModel} sees it: the partition key's value as text (S, N
 * or B as written on the wire) and the write capacity units it costs (one per started KB of a
 * put, one per delete).
 *
 * @param partitionKey the partition key's value, e.g. {@code "user#42"}
 * @param writeUnits the write capacity units it consumes, positive
 */
public record ModelItem(String partitionKey, double writeUnits) {

  /** Checks the values. */
  public ModelItem {
    Objects.requireNonNull(partitionKey, "partitionKey");
    if (!(writeUnits > 0) || Double.isInfinite(writeUnits)) {
      throw new IllegalArgumentException("writeUnits must be a positive number, got " + writeUnits);
    }
  }

  /** An item of one write capacity unit (a put of up to 1 KB, or a delete). */
  public static ModelItem of(String partitionKey) {
    return new ModelItem(partitionKey, 1);
  }
}
