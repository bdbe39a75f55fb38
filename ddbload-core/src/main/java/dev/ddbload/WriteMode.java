package dev.ddbload;

import java.util.Locale;

/**
 * What each record becomes in DynamoDB. PUT and DELETE go in BatchWriteItem calls (unless
 * compared by version or chosen per record); INSERT and UPDATE are PartiQL statements, 25 to a call, many calls in flight.
 */
public enum WriteMode {
  /** A PutRequest of the whole item (replacing any item with its key). */
  PUT,
  /** A DeleteRequest of the item's key; other attributes are ignored. */
  DELETE,
  /**
   * A PutItem only if no item has the key ({@code attribute_not_exists}): an existing key is
   * skipped (or rejected, {@link OnConflict#REJECT}), never overwritten.
   */
  INSERT,
  /**
   * An UpdateItem setting each non-key attribute of the record (removing those that are null, with
   * {@code removeNulls}), creating the item when the key is new; attributes the record does not
   * have are kept.
   */
  UPDATE;

  /**
   * The mode with this name, any case.
   *
   * @throws IllegalArgumentException naming the modes there are
   */
  public static WriteMode parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mode '" + name + "' is not put, delete, insert or update");
    }
  }
}
