package dev.ddbload.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Table contents in a comparable form, for tests: numbers by value, sets as sorted sets,
 * binaries as base64, keyed by the string form of the key attributes. Stateless.
 */
public final class Items {

  private Items() {}

  /** Every item in the table, normalized, by the string form of its key attributes. */
  public static Map<String, Object> scan(DynamoDbClient client, String table, String... keyNames) {
    Map<String, Object> byKey = new TreeMap<>();
    for (Map<String, AttributeValue> item : all(client, table)) {
      String key = keyString(item, keyNames);
      if (byKey.put(key, normalize(item)) != null) {
        throw new AssertionError("two items with key " + key);
      }
    }
    return byKey;
  }

  /** Every item in the table as DynamoDB returns it, page after page. */
  public static List<Map<String, AttributeValue>> all(DynamoDbClient client, String table) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder req = ScanRequest.builder().tableName(table);
      if (start != null) {
        req.exclusiveStartKey(start);
      }
      ScanResponse r = client.scan(req.build());
      items.addAll(r.items());
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return items;
  }

  /** Expected items, normalized the same way; a later item replaces an earlier one with its key. */
  public static Map<String, Object> expected(List<Map<String, AttributeValue>> items, String... keyNames) {
    Map<String, Object> byKey = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      byKey.put(keyString(item, keyNames), normalize(item));
    }
    return byKey;
  }

  private static String keyString(Map<String, AttributeValue> item, String... keyNames) {
    StringBuilder sb = new StringBuilder();
    for (String name : keyNames) {
      sb.append(sb.length() == 0 ? "" : "|").append(keyString(item.get(name)));
    }
    return sb.toString();
  }

  public static String keyString(AttributeValue v) {
    if (v.s() != null) {
      return v.s();
    }
    if (v.n() != null) {
      return new BigDecimal(v.n()).stripTrailingZeros().toPlainString();
    }
    return Base64.getEncoder().encodeToString(v.b().asByteArray());
  }

  public static Map<String, Object> normalize(Map<String, AttributeValue> item) {
    Map<String, Object> out = new TreeMap<>();
    item.forEach((k, v) -> out.put(k, normalize(v)));
    return out;
  }

  public static Object normalize(AttributeValue v) {
    switch (v.type()) {
      case S:
        return "S:" + v.s();
      case N:
        return "N:" + number(v.n());
      case B:
        return "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
      case BOOL:
        return "BOOL:" + v.bool();
      case NUL:
        return "NULL";
      case SS:
        return new TreeSet<>(v.ss()).toString() + ":SS";
      case NS: {
        TreeSet<String> s = new TreeSet<>();
        v.ns().forEach(n -> s.add(number(n)));
        return s + ":NS";
      }
      case BS: {
        TreeSet<String> s = new TreeSet<>();
        v.bs().forEach(b -> s.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        return s + ":BS";
      }
      case L: {
        List<Object> l = new ArrayList<>();
        v.l().forEach(e -> l.add(normalize(e)));
        return l;
      }
      case M: {
        Map<String, Object> m = new HashMap<>();
        v.m().forEach((k, e) -> m.put(k, normalize(e)));
        return new TreeMap<>(m);
      }
      default:
        throw new IllegalArgumentException("unexpected type " + v.type());
    }
  }

  private static String number(String n) {
    BigDecimal d = new BigDecimal(n);
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
