package dev.ddbload.batch;

import dev.ddbload.item.DynamoNumbers;
import dev.ddbload.item.ItemSize;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One write BatchWriteItem cannot carry, sent alone with PutItem, UpdateItem or DeleteItem: a put
 * only if the key is new ({@code insert}), an update merging attributes into the stored item, or
 * any of the three only if the stored item's version attribute is absent or lower. Names and
 * values always travel as expression placeholders ({@link #expressions()}), so any attribute name
 * works, reserved words and unicode included. Immutable.
 *
 * @param op what the call does
 * @param key the item's key attributes
 * @param values PUT: the whole item; UPDATE: the non-key attributes to set; DELETE: empty
 * @param removes UPDATE: attributes to remove (null values with {@code removeNulls}); else empty
 * @param insert write only when no item has the key ({@code attribute_not_exists})
 * @param versionName the attribute compared, or null
 * @param version this record's version (a number, or an ISO-8601 string), or null: no comparison
 */
public record SingleWrite(Op op, Map<String, AttributeValue> key, Map<String, AttributeValue> values,
    Set<String> removes, boolean insert, String versionName, AttributeValue version) {

  /** The call a single write makes. */
  public enum Op {
    /** PutItem: the whole item. */
    PUT("PutItem"),
    /** UpdateItem: SET and REMOVE of the record's attributes. */
    UPDATE("UpdateItem"),
    /** DeleteItem of the key. */
    DELETE("DeleteItem");

    private final String operation;

    Op(String operation) {
      this.operation = operation;
    }

    /** The DynamoDB operation's name. */
    public String operation() {
      return operation;
    }
  }

  /** Checks the parts and keeps unmodifiable copies. */
  public SingleWrite {
    Objects.requireNonNull(op, "op");
    key = KeySchema.immutable(key); // a key from KeySchema.keyOf keeps its hash: keys are hashed per record
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    removes = Collections.unmodifiableSet(new LinkedHashSet<>(removes));
    if ((versionName == null) != (version == null)) {
      throw new IllegalArgumentException("a version needs its attribute's name and value");
    }
  }

  /** Whether DynamoDB may refuse the write on its condition (an outcome, not an error). */
  public boolean conditional() {
    return insert || version != null;
  }

  /** What a refused condition means for the record: its key exists, or the stored version is not older. */
  public RejectReason conflict() {
    return insert ? RejectReason.EXISTS : RejectReason.NOT_NEWER;
  }

  /** The call's expressions, names and values as placeholders. */
  public Expressions expressions() {
    return Expressions.of(this);
  }

  /** DynamoDB's limit on an expression's length, in bytes. */
  public static final int MAX_EXPRESSION_BYTES = 4096;

  /**
   * The length of the update expression ({@link #expressions()}) of an update that sets
   * {@code sets} attributes and removes {@code removes} others, counted without building it:
   * {@code SET #0=:0,#1=:1 REMOVE #2,#3}, placeholders numbered in base 36.
   */
  public static int updateExpressionLength(int sets, int removes) {
    int length = 0;
    for (int i = 0; i < sets; i++) {
      length += 2 * (1 + Integer.toString(i, 36).length()) + 1 + (i == 0 ? "SET ".length() : 1);
    }
    for (int j = 0; j < removes; j++) {
      length += 1 + Integer.toString(sets + j, 36).length() + (j == 0 ? "REMOVE ".length() + (sets > 0 ? 1 : 0) : 1);
    }
    return length;
  }

  /**
   * What becomes of two writes of one key, {@code earlier} then {@code later}, before either is
   * sent, such that the table ends as if both were sent in order.
   */
  public static Succession follow(SingleWrite earlier, SingleWrite later) {
    if (later.insert) {
      // Either the earlier insert or the table already holds the key.
      return Succession.dropLater(RejectReason.EXISTS);
    }
    if (later.version != null) {
      if (earlier.version == null) {
        return Succession.IN_ORDER;
      }
      int order = compareVersions(later.version, earlier.version);
      if (order == Integer.MIN_VALUE) {
        return Succession.IN_ORDER;
      }
      if (order <= 0) {
        // The earlier put or update is written (then this is not newer than the table) or
        // refused (then the table holds a version at least the earlier's): this one is refused
        // either way. An earlier delete that is written leaves no version behind, so what this
        // one meets depends on it.
        return earlier.op == Op.DELETE ? Succession.IN_ORDER : Succession.dropLater(RejectReason.NOT_NEWER);
      }
      // Newer than the earlier: a put or delete decides the item alone, but whether the earlier
      // one is written or refused is its own outcome; an update depends on it.
      return later.op == Op.UPDATE ? Succession.IN_ORDER : Succession.IN_ORDER_OR_REPLACE;
    }
    if (later.op != Op.UPDATE) {
      return earlier.conditional() ? Succession.IN_ORDER_OR_REPLACE : Succession.REPLACE;
    }
    if (earlier.conditional()) {
      return Succession.IN_ORDER;
    }
    SingleWrite merged = merge(earlier, later);
    if (merged.op == Op.PUT && ItemSize.of(merged.values) > ItemSize.MAX_ITEM_BYTES) {
      return Succession.IN_ORDER;
    }
    return Succession.merged(merged);
  }

  /** An unconditional update following an unconditional write of its key, as one write. */
  private static SingleWrite merge(SingleWrite earlier, SingleWrite later) {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    if (earlier.op == Op.DELETE) {
      // An update of a deleted item creates it from the key and what it sets.
      values.putAll(later.key);
      values.putAll(later.values);
      return new SingleWrite(Op.PUT, later.key, values, Set.of(), false, null, null);
    }
    values.putAll(earlier.values);
    values.keySet().removeAll(later.removes);
    values.putAll(later.values);
    if (earlier.op == Op.PUT) {
      return new SingleWrite(Op.PUT, later.key, values, Set.of(), false, null, null);
    }
    Set<String> removes = new LinkedHashSet<>(earlier.removes);
    removes.removeAll(later.values.keySet());
    removes.addAll(later.removes);
    return new SingleWrite(Op.UPDATE, later.key, values, removes, false, null, null);
  }

  /**
   * Compares two versions as DynamoDB's {@code <} does: numbers by value, strings by their
   * characters; {@link Integer#MIN_VALUE} when they cannot be compared (different types).
   */
  public static int compareVersions(AttributeValue a, AttributeValue b) {
    if (a.n() != null && b.n() != null) {
      return DynamoNumbers.compare(a.n(), b.n());
    }
    if (a.s() != null && b.s() != null) {
      return Integer.signum(a.s().compareTo(b.s()));
    }
    return Integer.MIN_VALUE;
  }

  /**
   * What to do with a later write of a key whose earlier write is still waiting. {@code mayReplace}
   * says that an {@link Kind#IN_ORDER} pair could also be a {@link Kind#REPLACE}: the table would
   * end the same, only the earlier write's own outcome (written or refused on its condition)
   * would be lost, counted as superseded. Keeping both counts each record's outcome exactly;
   * replacing bounds what waits behind a hot key.
   */
  public record Succession(Kind kind, SingleWrite merged, RejectReason dropped, boolean mayReplace) {

    /** The kinds of succession. */
    public enum Kind {
      /** The later write alone gives the same table: the earlier is superseded. */
      REPLACE,
      /** {@link #merged} gives the same table as both: the earlier is superseded, the later carries it. */
      MERGE,
      /** The later write would be refused whatever the table holds: it ends as {@link #dropped}. */
      DROP_LATER,
      /** Both must be sent, in order. */
      IN_ORDER
    }

    static final Succession REPLACE = new Succession(Kind.REPLACE, null, null, true);
    static final Succession IN_ORDER = new Succession(Kind.IN_ORDER, null, null, false);
    static final Succession IN_ORDER_OR_REPLACE = new Succession(Kind.IN_ORDER, null, null, true);

    static Succession merged(SingleWrite w) {
      return new Succession(Kind.MERGE, w, null, false);
    }

    static Succession dropLater(RejectReason why) {
      return new Succession(Kind.DROP_LATER, null, why, false);
    }
  }

  /**
   * A call's expressions: the update and condition expressions (null when there is none), and
   * the placeholders they use, {@code #N} for names and {@code :N} for values (N in base 36, so
   * that a 4 KB expression holds about 500 attributes), each name once; {@code names} maps a
   * placeholder to its attribute's name.
   */
  public record Expressions(String update, String condition, Map<String, String> names,
      Map<String, AttributeValue> values) {

    static Expressions of(SingleWrite w) {
      Map<String, String> names = new LinkedHashMap<>();
      Map<String, AttributeValue> values = new LinkedHashMap<>();
      String update = null;
      if (w.op == Op.UPDATE) {
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, AttributeValue> e : w.values.entrySet()) {
          String value = ":" + Integer.toString(values.size(), 36);
          values.put(value, e.getValue());
          set.append(set.length() == 0 ? "SET " : ",").append(name(names, e.getKey())).append('=').append(value);
        }
        StringBuilder remove = new StringBuilder();
        for (String r : w.removes) {
          remove.append(remove.length() == 0 ? "REMOVE " : ",").append(name(names, r));
        }
        String both = (set + " " + remove).trim();
        update = both.isEmpty() ? null : both;
      }
      String condition = null;
      if (w.insert) {
        condition = "attribute_not_exists(" + name(names, w.key.keySet().iterator().next()) + ")";
      } else if (w.version != null) {
        String v = name(names, w.versionName);
        String value = ":" + Integer.toString(values.size(), 36);
        values.put(value, w.version);
        condition = "attribute_not_exists(" + v + ") OR " + v + "<" + value;
      }
      Map<String, String> byPlaceholder = new LinkedHashMap<>();
      names.forEach((attribute, placeholder) -> byPlaceholder.put(placeholder, attribute));
      return new Expressions(update, condition, Collections.unmodifiableMap(byPlaceholder),
          Collections.unmodifiableMap(values));
    }

    private static String name(Map<String, String> names, String attribute) {
      return names.computeIfAbsent(attribute, a -> "#" + Integer.toString(names.size(), 36));
    }
  }
}
