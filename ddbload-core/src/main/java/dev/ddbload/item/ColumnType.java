package dev.ddbload.item;

import java.util.Locale;

/** The DynamoDB type a text column (CSV) is converted to. */
public enum ColumnType {
  /** String, the cell as written. */
  S,
  /** Number, every digit as written. */
  N,
  /** Boolean: {@code true} or {@code false}, any case. */
  BOOL,
  /** Binary, the cell in base64. */
  B,
  /** The NULL attribute, whatever the cell holds. */
  NULL,
  /** String set, elements separated by the set delimiter. */
  SS,
  /** Number set, elements separated by the set delimiter. */
  NS,
  /** A JSON value in the cell, mapped like a JSON Lines value. */
  JSON;

  /**
   * The type with this name, any case.
   *
   * @throws IllegalArgumentException naming the allowed types
   */
  public static ColumnType parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("type '" + name + "' is not one of S, N, BOOL, B, NULL, SS, NS, JSON");
    }
  }
}
