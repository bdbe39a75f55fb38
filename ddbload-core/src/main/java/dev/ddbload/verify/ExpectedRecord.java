package dev.ddbload.verify;

import dev.ddbload.decode.Origin;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one input record says the table holds under its key: an item, or (a delete) no item.
 * Records are ordered by input, then by their index within the input: of a key's records the
 * last in that order is the one checked.
 *
 * @param input the input's position among the inputs (0 first), for the order
 * @param origin where the record came from (source name, line, index, offset)
 * @param key the item's key as {@link dev.ddbload.item.KeySchema#keyOf} gives it, key attributes
 *     in the table's order
 * @param item the item the table must hold, or null when the key must be absent
 */
public record ExpectedRecord(int input, Origin origin, Map<String, AttributeValue> key,
    Map<String, AttributeValue> item) {

  /** Validates presence. */
  public ExpectedRecord {
    if (input < 0) {
      throw new IllegalArgumentException("input must be 0 or more");
    }
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(key, "key");
  }

  /** Whether the record expects its key to be absent (a delete). */
  public boolean expectsAbsence() {
    return item == null;
  }
}
