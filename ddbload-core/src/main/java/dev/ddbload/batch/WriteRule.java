package dev.ddbload.batch;

import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemSize;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What each record becomes: a request of a BatchWriteItem call (a plain put or delete) or a
 * {@link SingleWrite} (an insert, an update, anything compared by version, and every record of a
 * load whose operation comes from a field). A record that deletes its key
 * ({@link SourceRecord#deletesKey()}, a change of an incremental export) is a delete, batched like
 * a put, or a single unconditional delete when versions are compared (a delete carries no
 * version). Immutable and thread-safe.
 *
 * @param op the operation of every record, unless {@code opField} names one per record
 * @param insert puts only of keys not in the table
 * @param removeNulls updates remove the attributes whose value is null, rather than setting NULL
 * @param ifNewer the version attribute writes compare, or null
 * @param opField the attribute naming each record's operation ({@code put}, {@code update},
 *     {@code delete}), left out of the item; or null
 * @param rejectConflicts a write refused on its condition (the key exists, the stored version is
 *     not older) goes to the rejects file, rather than being counted as skipped
 */
public record WriteRule(SingleWrite.Op op, boolean insert, boolean removeNulls, String ifNewer, String opField,
    boolean rejectConflicts) {

  /** Every record put whole with BatchWriteItem. */
  public static final WriteRule PUT = new WriteRule(SingleWrite.Op.PUT, false, false, null, null, false);
  /** Every record's key deleted with BatchWriteItem. */
  public static final WriteRule DELETE = new WriteRule(SingleWrite.Op.DELETE, false, false, null, null, false);

  /** Checks that the parts go together. */
  public WriteRule {
    Objects.requireNonNull(op, "op");
    if (insert && (op != SingleWrite.Op.PUT || ifNewer != null || opField != null)) {
      throw new IllegalArgumentException("insert is a put mode of its own, without ifNewer or opField");
    }
  }

  /** Whether records go in BatchWriteItem calls (plain puts or deletes). */
  public boolean batched() {
    return !insert && ifNewer == null && opField == null && op != SingleWrite.Op.UPDATE;
  }

  /** Whether every record deletes its key. */
  public boolean deletes() {
    return op == SingleWrite.Op.DELETE && opField == null;
  }

  /**
   * Checks that the rule fits the table: the version attribute and the operation field are not
   * key attributes.
   *
   * @throws IllegalArgumentException naming the setting, in the library's terms
   */
  public void checkAgainst(KeySchema keys) {
    for (var k : keys.attributes()) {
      if (k.name().equals(ifNewer)) {
        throw new IllegalArgumentException("LoadOptions.ifNewer names the key attribute " + k.name()
            + ": the version must be a non-key attribute");
      }
      if (k.name().equals(opField)) {
        throw new IllegalArgumentException("LoadOptions.opField names the key attribute " + k.name());
      }
    }
  }

  /**
   * The write of a record: its key validated, its operation found, its version checked.
   *
   * @throws InvalidValueException with the reason to reject the record
   */
  public WriteItem write(SourceRecord record, KeySchema keys) throws InvalidValueException {
    Map<String, AttributeValue> item = record.item();
    // A change without a new image deletes its key whatever the rule's operation (a load of
    // changes is a put load: Inputs refuses the other modes and opField with it).
    SingleWrite.Op recordOp = record.deletesKey() ? SingleWrite.Op.DELETE : op;
    if (opField != null) {
      recordOp = operation(item.get(opField));
      item = new LinkedHashMap<>(item);
      item.remove(opField);
    }
    keys.validate(item);
    Map<String, AttributeValue> key = keys.keyOf(item);
    if (batched()) {
      return recordOp == SingleWrite.Op.DELETE ? WriteItem.delete(record, key)
          : WriteItem.put(record, key, item, ItemSize.checked(item));
    }
    AttributeValue version = ifNewer == null ? null : version(item.get(ifNewer), recordOp);
    String versionName = version == null ? null : ifNewer;
    switch (recordOp) {
      case DELETE:
        return WriteItem.single(record,
            new SingleWrite(SingleWrite.Op.DELETE, key, Map.of(), Set.of(), false, versionName, version),
            ItemSize.of(key));
      case UPDATE: {
        int size = ItemSize.checked(item);
        Map<String, AttributeValue> sets = new LinkedHashMap<>();
        Set<String> removes = new LinkedHashSet<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
          if (key.containsKey(e.getKey())) {
            continue;
          }
          if (removeNulls && Boolean.TRUE.equals(e.getValue().nul())) {
            removes.add(e.getKey());
          } else {
            sets.put(e.getKey(), e.getValue());
          }
        }
        SingleWrite update = new SingleWrite(SingleWrite.Op.UPDATE, key, sets, removes, false, versionName, version);
        if (SingleWrite.updateExpressionLength(sets.size(), removes.size()) > SingleWrite.MAX_EXPRESSION_BYTES) {
          throw new InvalidValueException(RejectReason.BAD_VALUE, "the record sets or removes "
              + (sets.size() + removes.size()) + " attributes, more than one UpdateItem expression holds"
              + " (4 KB, about 500 attributes); load it in put mode");
        }
        return WriteItem.single(record, update, size);
      }
      case PUT:
      default:
        return WriteItem.single(record,
            new SingleWrite(SingleWrite.Op.PUT, key, item, Set.of(), insert, versionName, version),
            ItemSize.checked(item));
    }
  }

  private SingleWrite.Op operation(AttributeValue v) throws InvalidValueException {
    if (v == null || v.s() == null) {
      throw new InvalidValueException(RejectReason.BAD_VALUE,
          "the record has no string " + opField + " (LoadOptions.opField): put, update or delete");
    }
    switch (v.s().trim().toLowerCase(Locale.ROOT)) {
      case "put":
      case "insert":
        return SingleWrite.Op.PUT;
      case "update":
      case "modify":
        return SingleWrite.Op.UPDATE;
      case "delete":
      case "remove":
        return SingleWrite.Op.DELETE;
      default:
        throw new InvalidValueException(RejectReason.BAD_VALUE,
            opField + " (LoadOptions.opField) is '" + shorten(v.s()) + "', not put, update or delete");
    }
  }

  /** The record's version; null for a delete without one. */
  private AttributeValue version(AttributeValue v, SingleWrite.Op recordOp) throws InvalidValueException {
    if (v == null || Boolean.TRUE.equals(v.nul())) {
      if (recordOp == SingleWrite.Op.DELETE) {
        return null;
      }
      throw new InvalidValueException(RejectReason.BAD_VALUE,
          "the record has no " + ifNewer + ", the version LoadOptions.ifNewer compares");
    }
    if (v.n() != null) {
      return v;
    }
    if (v.s() != null && isTimestamp(v.s())) {
      return v;
    }
    if (v.s() != null && isNumber(v.s())) {
      throw new InvalidValueException(RejectReason.BAD_VALUE, ifNewer + " (LoadOptions.ifNewer) is the string '"
          + shorten(v.s()) + "', not a number: type the column (LoadOptions.schema " + ifNewer + ":N)"
          + " so that it compares as a number");
    }
    throw new InvalidValueException(RejectReason.BAD_VALUE, ifNewer
        + " (LoadOptions.ifNewer) is not a number or an ISO-8601 timestamp: " + shorten(String.valueOf(v.s())));
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether the text is an ISO-8601 date, date-time (with or without offset) or instant. */
  static boolean isTimestamp(String s) {
    for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.ISO_DATE_TIME, DateTimeFormatter.ISO_DATE}) {
      try {
        f.parse(s);
        return true;
      } catch (DateTimeParseException e) {
        // the next form
      }
    }
    return false;
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
