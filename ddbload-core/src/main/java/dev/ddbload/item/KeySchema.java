package dev.ddbload.item;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table's primary key: a partition key and an optional sort key. Validates items before they
 * are sent, so that a bad key costs one reject instead of a whole batch. Immutable, thread-safe.
 */
public final class KeySchema {

  /** DynamoDB's limit on a partition key value, in bytes. */
  public static final int MAX_PARTITION_KEY_BYTES = 2048;
  /** DynamoDB's limit on a sort key value, in bytes. */
  public static final int MAX_SORT_KEY_BYTES = 1024;

  private final KeyAttribute partitionKey;
  private final KeyAttribute sortKey;

  private KeySchema(KeyAttribute partitionKey, KeyAttribute sortKey) {
    this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
    this.sortKey = sortKey;
    if (sortKey != null && sortKey.name().equals(partitionKey.name())) {
      throw new IllegalArgumentException("the sort key must differ from the partition key");
    }
  }

  /** A key with a partition key only. */
  public static KeySchema of(KeyAttribute partitionKey) {
    return new KeySchema(partitionKey, null);
  }

  /** A key with a partition key and a sort key. */
  public static KeySchema of(KeyAttribute partitionKey, KeyAttribute sortKey) {
    return new KeySchema(partitionKey, Objects.requireNonNull(sortKey, "sortKey"));
  }

  /**
   * Parses {@code NAME:TYPE[,NAME:TYPE]}: the partition key, then an optional sort key.
   *
   * @throws IllegalArgumentException with a one-sentence message when malformed
   */
  public static KeySchema parse(String spec) {
    String[] parts = spec.split(",", -1);
    if (parts.length < 1 || parts.length > 2 || spec.isBlank()) {
      throw new IllegalArgumentException("key '" + spec + "' must be NAME:TYPE or NAME:TYPE,NAME:TYPE");
    }
    KeyAttribute pk = KeyAttribute.parse(parts[0]);
    return parts.length == 1 ? of(pk) : of(pk, KeyAttribute.parse(parts[1]));
  }

  /** The key schema of an existing table. */
  public static KeySchema from(TableDescription table) {
    Map<String, ScalarAttributeType> types = new HashMap<>();
    for (AttributeDefinition d : table.attributeDefinitions()) {
      types.put(d.attributeName(), d.attributeType());
    }
    KeyAttribute pk = null;
    KeyAttribute sk = null;
    for (KeySchemaElement e : table.keySchema()) {
      KeyAttribute a = new KeyAttribute(e.attributeName(), types.get(e.attributeName()));
      if (e.keyType() == KeyType.HASH) {
        pk = a;
      } else {
        sk = a;
      }
    }
    return new KeySchema(pk, sk);
  }

  /** The partition (hash) key. */
  public KeyAttribute partitionKey() {
    return partitionKey;
  }

  /** The sort (range) key, if the table has one. */
  public Optional<KeyAttribute> sortKey() {
    return Optional.ofNullable(sortKey);
  }

  /** The key attributes, partition key first. */
  public List<KeyAttribute> attributes() {
    List<KeyAttribute> list = new ArrayList<>(2);
    list.add(partitionKey);
    if (sortKey != null) {
      list.add(sortKey);
    }
    return List.copyOf(list);
  }

  /** The type of the key attribute with this name, if it is one. */
  public Optional<ScalarAttributeType> typeOf(String attributeName) {
    if (partitionKey.name().equals(attributeName)) {
      return Optional.of(partitionKey.type());
    }
    if (sortKey != null && sortKey.name().equals(attributeName)) {
      return Optional.of(sortKey.type());
    }
    return Optional.empty();
  }

  /**
   * Checks that the item has every key attribute, of the right type, non-empty and within the
   * key size limits.
   *
   * @throws InvalidValueException naming the attribute and the problem
   */
  public void validate(Map<String, AttributeValue> item) throws InvalidValueException {
    check(item, partitionKey, MAX_PARTITION_KEY_BYTES);
    if (sortKey != null) {
      check(item, sortKey, MAX_SORT_KEY_BYTES);
    }
  }

  /**
   * The key as an immutable map: itself when it is a key this class made ({@link #keyOf}, which
   * keeps its hash), else an unmodifiable copy in its order.
   */
  public static Map<String, AttributeValue> immutable(Map<String, AttributeValue> key) {
    return key instanceof ItemKey ? key : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
  }

  /**
   * The key attributes of an item, for identifying it: an immutable map, equal (with equal hash
   * codes) to any map of the same attributes, whose hash code is computed once. A number is
   * identified by its value, not by how it is written: {@code 1}, {@code 1.0} and {@code 1E0} are
   * one key in DynamoDB, so they are one key here too (given in one form, see
   * {@link #numberIdentity}), and two records that write them are ordered and deduplicated as one
   * key rather than sent in one call (which DynamoDB refuses) or in two calls at once.
   */
  public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    if (sortKey == null) {
      return new ItemKey(partitionKey.name(), identity(item.get(partitionKey.name())));
    }
    return new ItemKey(partitionKey.name(), identity(item.get(partitionKey.name())), sortKey.name(),
        identity(item.get(sortKey.name())));
  }

  private static AttributeValue identity(AttributeValue v) {
    String n = v == null ? null : v.n();
    if (n == null) {
      return v;
    }
    String same = numberIdentity(n);
    return same.equals(n) ? v : AttributeValue.fromN(same);
  }

  /**
   * One text for every way of writing the same number: plain (no exponent), without trailing
   * zeros after the point, without leading zeros, {@code 0} for zero. Integers already written
   * that way (most number keys) are returned as they are without parsing. Text that is not a
   * number is returned as it is (validation rejects it elsewhere).
   */
  static String numberIdentity(String n) {
    if (isPlainInteger(n)) {
      return n;
    }
    try {
      BigDecimal value = new BigDecimal(n.trim()).stripTrailingZeros();
      if (value.signum() == 0) {
        return "0";
      }
      return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    } catch (NumberFormatException e) {
      return n;
    }
  }

  /** An optional minus, then digits without a leading zero, or a lone {@code 0}. */
  private static boolean isPlainInteger(String n) {
    int start = n.startsWith("-") ? 1 : 0;
    int length = n.length() - start;
    if (length < 1 || (n.charAt(start) == '0' && (length > 1 || start == 1))) {
      return false;
    }
    for (int i = start; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The partition key value of an item or key as text: the string, the number, or base64. */
  public String partitionKeyText(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(partitionKey.name());
    if (v == null) {
      return "";
    }
    if (v.s() != null) {
      return v.s();
    }
    if (v.n() != null) {
      return v.n();
    }
    return v.b() == null ? "" : java.util.Base64.getEncoder().encodeToString(v.b().asByteArray());
  }

  private static void check(Map<String, AttributeValue> item, KeyAttribute key, int maxBytes)
      throws InvalidValueException {
    AttributeValue v = item.get(key.name());
    if (v == null) {
      throw new InvalidValueException(RejectReason.MISSING_KEY, "key attribute '" + key.name() + "' is missing");
    }
    int bytes;
    switch (key.type()) {
      case S:
        if (v.s() == null) {
          throw wrongType(key, v);
        }
        bytes = ItemSize.utf8Length(v.s());
        break;
      case N:
        if (v.n() == null) {
          throw wrongType(key, v);
        }
        bytes = ItemSize.numberSize(v.n());
        break;
      case B:
        if (v.b() == null) {
          throw wrongType(key, v);
        }
        bytes = v.b().asByteBuffer().remaining();
        break;
      default:
        throw wrongType(key, v);
    }
    if (bytes == 0) {
      throw new InvalidValueException(RejectReason.BAD_KEY, "key attribute '" + key.name() + "' is empty");
    }
    if (bytes > maxBytes) {
      throw new InvalidValueException(RejectReason.BAD_KEY, "key attribute '" + key.name() + "' is " + bytes
          + " bytes; DynamoDB allows at most " + maxBytes);
    }
  }

  private static InvalidValueException wrongType(KeyAttribute key, AttributeValue v) {
    return new InvalidValueException(RejectReason.KEY_TYPE, "key attribute '" + key.name() + "' is of type "
        + typeName(v) + " but the table's key type is " + key.type());
  }

  /** The DynamoDB type descriptor of a value: S, N, B, BOOL, NULL, SS, NS, BS, L or M. */
  public static String typeName(AttributeValue v) {
    return v.type() == AttributeValue.Type.NUL ? "NULL" : v.type().name();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeySchema k && k.partitionKey.equals(partitionKey) && Objects.equals(k.sortKey, sortKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionKey, sortKey);
  }

  @Override
  public String toString() {
    return sortKey == null ? partitionKey.toString() : partitionKey + "," + sortKey;
  }
}
