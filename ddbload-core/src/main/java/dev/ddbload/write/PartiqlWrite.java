package dev.ddbload.write;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A single write as a PartiQL statement of a BatchExecuteStatement call, which carries 25 of
 * them as BatchWriteItem carries 25 puts: an insert as {@code INSERT INTO "t" VALUE {'a':?,…}}
 * (DynamoDB refuses it with {@code DuplicateItem} when the key exists), an update as
 * {@code UPDATE "t" SET "a"=?,… REMOVE "b" … WHERE "k"=? [AND ("v" IS MISSING OR "v"<?)]}
 * (refused with {@code ConditionalCheckFailed} when the condition fails or no item has the key).
 * Every value is a {@code ?} parameter; names are quoted identifiers ({@code "} doubled inside)
 * or, as an INSERT's tuple keys, quoted strings ({@code '} doubled), so any name works, reserved
 * words and unicode included.
 *
 * <p>An update whose key is not in the table is sent again as an INSERT of its key and values (what
 * UpdateItem would create); if that key has appeared meanwhile, it goes out as its own UpdateItem,
 * which creates or updates in one step. Writes PartiQL cannot say (a put replacing a whole item,
 * a delete or put compared on a version, an update with nothing to set), writes naming an attribute
 * with {@code #} or {@code :} in it (DynamoDB would take it for a placeholder) and statements
 * longer than DynamoDB's 8,192 characters go out as their own calls. Stateless.
 */
final class PartiqlWrite {

  /** DynamoDB's limit on a PartiQL statement's length. */
  static final int MAX_STATEMENT_LENGTH = 8192;

  /**
   * One statement.
   *
   * @param text the PartiQL text
   * @param parameters the values of its {@code ?}s, in order
   * @param returnOld whether a refused condition should return the stored item (an update
   *     compared on a version: its answer tells an older item from a missing one)
   */
  record Statement(String text, List<AttributeValue> parameters, boolean returnOld) {}

  private PartiqlWrite() {}

  /** How a single write to {@code table} first goes out: an UPDATE or INSERT statement, or its own call. */
  static WriteItem.Call callFor(String table, SingleWrite w) {
    WriteItem.Call call;
    if (w.op() == SingleWrite.Op.UPDATE && !w.insert() && !(w.values().isEmpty() && w.removes().isEmpty())) {
      call = WriteItem.Call.STATEMENT_UPDATE;
    } else if (w.op() == SingleWrite.Op.PUT && w.insert() && w.version() == null) {
      call = WriteItem.Call.STATEMENT_INSERT;
    } else {
      return WriteItem.Call.SINGLE;
    }
    return speakable(w) && fits(of(table, w, call)) ? call : WriteItem.Call.SINGLE;
  }

  /**
   * Whether PartiQL can name every attribute of the write: DynamoDB turns a statement into
   * expressions, and there a name holding {@code #} or {@code :} is taken for a placeholder
   * ("an expression attribute name used in the document path is not defined").
   */
  private static boolean speakable(SingleWrite w) {
    return plain(w.key().keySet()) && plain(w.values().keySet()) && plain(w.removes())
        && (w.versionName() == null || plain(List.of(w.versionName())));
  }

  private static boolean plain(java.util.Collection<String> names) {
    for (String name : names) {
      if (name.indexOf('#') >= 0 || name.indexOf(':') >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether an update's fallback, an INSERT of its key and values, fits a statement. */
  static boolean insertFits(String table, SingleWrite w) {
    return fits(of(table, w, WriteItem.Call.STATEMENT_INSERT));
  }

  private static boolean fits(Statement s) {
    return s.text.length() <= MAX_STATEMENT_LENGTH
        && s.text.getBytes(StandardCharsets.UTF_8).length <= MAX_STATEMENT_LENGTH;
  }

  /** The item's statement, as its {@link WriteItem#call()} says. */
  static Statement of(String table, WriteItem item) {
    return of(table, item.single(), item.call());
  }

  private static Statement of(String table, SingleWrite w, WriteItem.Call call) {
    List<AttributeValue> parameters = new ArrayList<>();
    StringBuilder text = new StringBuilder(64 + 16 * (w.values().size() + w.removes().size()));
    if (call == WriteItem.Call.STATEMENT_INSERT) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(w.key());
      item.putAll(w.values());
      text.append("INSERT INTO ");
      identifier(text, table).append(" VALUE {");
      boolean first = true;
      for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
        text.append(first ? "" : ",");
        string(text, e.getKey()).append(":?");
        parameters.add(e.getValue());
        first = false;
      }
      text.append('}');
      return new Statement(text.toString(), parameters, false);
    }
    text.append("UPDATE ");
    identifier(text, table);
    boolean first = true;
    for (Map.Entry<String, AttributeValue> e : w.values().entrySet()) {
      text.append(first ? " SET " : ",");
      identifier(text, e.getKey()).append("=?");
      parameters.add(e.getValue());
      first = false;
    }
    for (String r : w.removes()) {
      identifier(text.append(" REMOVE "), r);
    }
    first = true;
    for (Map.Entry<String, AttributeValue> k : w.key().entrySet()) {
      text.append(first ? " WHERE " : " AND ");
      identifier(text, k.getKey()).append("=?");
      parameters.add(k.getValue());
      first = false;
    }
    if (w.version() != null) {
      text.append(" AND (");
      identifier(text, w.versionName()).append(" IS MISSING OR ");
      identifier(text, w.versionName()).append("<?)");
      parameters.add(w.version());
    }
    return new Statement(text.toString(), parameters, w.version() != null);
  }

  private static StringBuilder identifier(StringBuilder text, String name) {
    return quoted(text, name, '"');
  }

  private static StringBuilder string(StringBuilder text, String name) {
    return quoted(text, name, '\'');
  }

  private static StringBuilder quoted(StringBuilder text, String name, char quote) {
    text.append(quote);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      text.append(c);
      if (c == quote) {
        text.append(quote);
      }
    }
    return text.append(quote);
  }
}
