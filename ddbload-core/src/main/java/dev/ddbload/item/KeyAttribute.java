package dev.ddbload.item;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One key attribute of a table: its name and scalar type (S, N or B).
 *
 * @param name attribute name, non-empty
 * @param type S, N or B
 */
public record KeyAttribute(String name, ScalarAttributeType type) {

  /** Validates the name and type. */
  public KeyAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a key attribute needs a name");
    }
    if (type == ScalarAttributeType.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("key type must be S, N or B");
    }
  }

  /**
   * Parses {@code NAME:TYPE} with TYPE one of S, N, B (any case).
   *
   * @throws IllegalArgumentException with a one-sentence message when malformed
   */
  public static KeyAttribute parse(String spec) {
    int colon = spec.lastIndexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException("key '" + spec + "' is not NAME:TYPE (TYPE one of S, N, B)");
    }
    String typeName = spec.substring(colon + 1).trim().toUpperCase(java.util.Locale.ROOT);
    ScalarAttributeType type = ScalarAttributeType.fromValue(typeName);
    if (type == ScalarAttributeType.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("key '" + spec + "' has type '" + typeName + "'; use S, N or B");
    }
    return new KeyAttribute(spec.substring(0, colon).trim(), type);
  }

  @Override
  public String toString() {
    return name + ":" + type;
  }
}
