package dev.ddbload.item;

/** What an empty text cell becomes. */
public enum EmptyCellPolicy {
  /** The attribute is left out of the item (the default). */
  OMIT,
  /** The attribute is written as NULL. */
  NULL,
  /** The attribute is written as the empty string. */
  STRING
}
