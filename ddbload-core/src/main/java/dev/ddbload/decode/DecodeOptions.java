package dev.ddbload.decode;

import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.JsonAttributes;
import dev.ddbload.item.KeySchema;
import java.util.Objects;

/**
 * What decoders need to know besides the bytes: column types and cell rules for text formats,
 * the table's key (key columns default to the key's type), and the JSON mapper.
 *
 * @param schema declared column types for text formats
 * @param emptyCells what an empty cell becomes
 * @param setDelimiter separator between set elements in a cell
 * @param keys the table's key schema, or null when unknown
 * @param json the JSON-to-attribute mapper
 */
public record DecodeOptions(ItemSchema schema, EmptyCellPolicy emptyCells, String setDelimiter, KeySchema keys,
    JsonAttributes json) {

  /** Validates that everything but {@code keys} is present. */
  public DecodeOptions {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(emptyCells, "emptyCells");
    Objects.requireNonNull(setDelimiter, "setDelimiter");
    Objects.requireNonNull(json, "json");
    if (setDelimiter.isEmpty()) {
      throw new IllegalArgumentException("the set delimiter must not be empty");
    }
  }
}
