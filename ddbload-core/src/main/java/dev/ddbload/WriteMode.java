package dev.ddbload;

import java.util.Locale;

/** What each record becomes in DynamoDB. */
public enum WriteMode {
  /** A PutRequest of the whole item (replacing any item with its key). */
  PUT,
  /** A DeleteRequest of the item's key; other attributes are ignored. */
  DELETE;

  /**
   * The mode with this name, any case.
   *
   * @throws IllegalArgumentException naming the modes there are
   */
  public static WriteMode parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mode '" + name + "' is not put or delete");
    }
  }
}
