package dev.ddbload;

import java.util.Locale;

/** What becomes of a record whose conditional write DynamoDB refuses (the key exists, or is not older). */
public enum OnConflict {
  /** Counted as skipped (the default): an expected outcome, not an error. */
  SKIP,
  /** Written to the rejects file with reason {@code EXISTS} or {@code NOT_NEWER}. */
  REJECT;

  /**
   * The choice with this name, any case.
   *
   * @throws IllegalArgumentException naming the choices there are
   */
  public static OnConflict parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("on-conflict '" + name + "' is not skip or reject");
    }
  }
}
