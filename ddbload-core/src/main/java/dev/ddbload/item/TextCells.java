package dev.ddbload.item;

import java.util.Objects;

/**
 * How the cells of text formats (CSV, TSV, text lines) become attribute values.
 *
 * @param schema declared column types, by input column name
 * @param emptyCells what an empty cell becomes
 * @param setDelimiter separator between set elements in SS and NS cells, non-empty
 * @param inferTypes whether undeclared, non-key columns get {@link TypeInference}'s type instead
 *     of S
 */
public record TextCells(ItemSchema schema, EmptyCellPolicy emptyCells, String setDelimiter, boolean inferTypes) {

  /** Validates the fields. */
  public TextCells {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(emptyCells, "emptyCells");
    Objects.requireNonNull(setDelimiter, "setDelimiter");
    if (setDelimiter.isEmpty()) {
      throw new IllegalArgumentException("the set delimiter must not be empty");
    }
  }

  /** Every column a string unless declared; empty cells omitted; sets split on {@code ;}. */
  public static TextCells defaults() {
    return new TextCells(ItemSchema.empty(), EmptyCellPolicy.OMIT, ";", false);
  }
}
