package dev.ddbload.item;

import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps Amazon Ion values, as DynamoDB's Ion export writes them, to attributes: string and symbol
 * to S; decimal, int and float to N (every digit kept); bool to BOOL; any null to NULL; blob and
 * clob to B; list and sexp to L, except lists annotated {@code $dynamodb_SS}, {@code $dynamodb_NS}
 * and {@code $dynamodb_BS}, which are sets; struct to M; timestamp to S (its Ion text).
 * Stateless and thread-safe; each call reads from the caller's reader.
 */
public final class IonAttributes {

  private static final AttributeValue NULL = AttributeValue.fromNul(true);
  /** Longest plain notation used for a number before falling back to exponent notation. */
  private static final int MAX_PLAIN_DIGITS = 50;

  private IonAttributes() {}

  /**
   * Reads the struct the reader is positioned on (not yet stepped into) as an item, calling
   * {@code guard} before each field and element.
   *
   * @throws InvalidValueException BAD_NUMBER for numbers DynamoDB does not accept, BAD_VALUE for
   *     empty sets or set elements of the wrong type, or what the guard throws
   */
  public static Map<String, AttributeValue> readStruct(IonReader r, SizeGuard guard) throws InvalidValueException {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    r.stepIn();
    try {
      IonType t;
      while ((t = r.next()) != null) {
        guard.check();
        String name = r.getFieldName();
        if (map.put(name, read(r, t, guard)) != null) {
          throw JsonAttributes.duplicate(name);
        }
      }
    } finally {
      r.stepOut();
    }
    return map;
  }

  private static AttributeValue read(IonReader r, IonType t, SizeGuard guard) throws InvalidValueException {
    if (r.isNullValue()) {
      return NULL;
    }
    switch (t) {
      case BOOL:
        return AttributeValue.fromBool(r.booleanValue());
      case INT:
        return AttributeValue.fromN(DynamoNumbers.validate(r.bigIntegerValue().toString()));
      case DECIMAL:
        return AttributeValue.fromN(number(r.bigDecimalValue()));
      case FLOAT:
        double d = r.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new InvalidValueException(RejectReason.BAD_NUMBER, "field '" + r.getFieldName() + "': " + d
              + " is not a number DynamoDB stores");
        }
        return AttributeValue.fromN(number(BigDecimal.valueOf(d)));
      case STRING:
      case SYMBOL:
        return AttributeValue.fromS(r.stringValue());
      case BLOB:
      case CLOB:
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(r.newBytes()));
      case TIMESTAMP:
        return AttributeValue.fromS(r.timestampValue().toString());
      case STRUCT:
        return AttributeValue.fromM(readStruct(r, guard));
      case LIST:
        String set = setType(r.getTypeAnnotations());
        if (set != null) {
          return readSet(r, set, guard);
        }
        return AttributeValue.fromL(readList(r, guard));
      case SEXP:
        return AttributeValue.fromL(readList(r, guard));
      default:
        throw new InvalidValueException(RejectReason.MALFORMED, "unexpected Ion type " + t);
    }
  }

  private static List<AttributeValue> readList(IonReader r, SizeGuard guard) throws InvalidValueException {
    List<AttributeValue> list = new ArrayList<>();
    r.stepIn();
    try {
      IonType t;
      while ((t = r.next()) != null) {
        guard.check();
        list.add(read(r, t, guard));
      }
    } finally {
      r.stepOut();
    }
    return list;
  }

  private static AttributeValue readSet(IonReader r, String set, SizeGuard guard) throws InvalidValueException {
    List<String> strings = new ArrayList<>();
    List<SdkBytes> binaries = new ArrayList<>();
    r.stepIn();
    try {
      IonType t;
      while ((t = r.next()) != null) {
        guard.check();
        AttributeValue e = read(r, t, guard);
        boolean fits = set.equals("SS") ? e.s() != null : set.equals("NS") ? e.n() != null : e.b() != null;
        if (!fits || r.isNullValue()) {
          throw new InvalidValueException(RejectReason.BAD_VALUE, "a $dynamodb_" + set + " element is " + t);
        }
        if (e.b() != null) {
          binaries.add(e.b());
        } else {
          strings.add(e.s() != null ? e.s() : e.n());
        }
      }
    } finally {
      r.stepOut();
    }
    if (strings.isEmpty() && binaries.isEmpty()) {
      throw new InvalidValueException(RejectReason.BAD_VALUE, "an empty $dynamodb_" + set
          + " set, which DynamoDB does not store");
    }
    switch (set) {
      case "SS":
        return AttributeValue.fromSs(strings);
      case "NS":
        return AttributeValue.fromNs(strings);
      default:
        return AttributeValue.fromBs(binaries);
    }
  }

  private static String setType(String[] annotations) {
    for (String a : annotations) {
      switch (a) {
        case "$dynamodb_SS":
          return "SS";
        case "$dynamodb_NS":
          return "NS";
        case "$dynamodb_BS":
          return "BS";
        default:
          break;
      }
    }
    return null;
  }

  private static String number(BigDecimal value) throws InvalidValueException {
    String plain = value.toPlainString();
    return DynamoNumbers.validate(plain.length() <= MAX_PLAIN_DIGITS ? plain : value.toString());
  }
}
