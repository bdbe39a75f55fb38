package dev.ddbload.write;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.ItemJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

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

  private static final String ALL_OLD = ReturnValuesOnConditionCheckFailure.ALL_OLD.toString();

  private PartiqlWrite() {}

  /** How a single write would go out first: an UPDATE or INSERT statement, or alone. */
  static WriteItem.Call callFor(SingleWrite w) {
    if (w.op() == SingleWrite.Op.UPDATE && !w.insert() && !(w.values().isEmpty() && w.removes().isEmpty())) {
      return WriteItem.Call.STATEMENT_UPDATE;
    }
    if (w.op() == SingleWrite.Op.PUT && w.insert() && w.version() == null) {
      return WriteItem.Call.STATEMENT_INSERT;
    }
    return WriteItem.Call.SINGLE;
  }

  /**
   * Sends the item's write to {@code table} as {@code wanted} from now on, or alone when
   * {@code wanted} is alone or PartiQL cannot say it ({@link #of(String, SingleWrite,
   * WriteItem.Call)} would be null). Decided by counting, not by building the statement: this
   * runs on the read lane, the statement is built on the senders' threads.
   */
  static void route(String table, WriteItem item, WriteItem.Call wanted) {
    if (wanted.isStatement() && fits(table, item.single(), wanted)) {
      item.sendAs(wanted);
    } else {
      item.sendAlone();
    }
  }

  /**
   * Whether the write's statement of kind {@code call} can be said within {@link
   * #MAX_STATEMENT_LENGTH}: every name plain, and a bound on its length (three bytes a character,
   * a bound for UTF-8 and doubled quotes alike) within the limit, or else its exact length.
   */
  static boolean fits(String table, SingleWrite w, WriteItem.Call call) {
    long bound = 64 + 3L * table.length();
    for (String name : w.key().keySet()) {
      bound += boundOf(name);
    }
    for (String name : w.values().keySet()) {
      bound += boundOf(name);
    }
    for (String name : w.removes()) {
      bound += boundOf(name);
    }
    if (w.versionName() != null) {
      bound += 2 * boundOf(w.versionName()) + 32;
    }
    return bound <= MAX_STATEMENT_LENGTH || statementBytes(table, w, call) <= MAX_STATEMENT_LENGTH;
  }

  /** A bound on a name's part of a statement, separators included; past any limit when unsayable. */
  private static long boundOf(String name) {
    return plain(name) ? 3L * name.length() + 12 : Integer.MAX_VALUE;
  }

  /**
   * The UTF-8 length of the write's statement of kind {@code call} ({@link #of(String,
   * SingleWrite, WriteItem.Call)}), or {@link Integer#MAX_VALUE} when a name cannot be said.
   */
  static int statementBytes(String table, SingleWrite w, WriteItem.Call call) {
    long n;
    if (call == WriteItem.Call.STATEMENT_INSERT) {
      n = "INSERT INTO ".length() + quotedBytes(table, '"') + " VALUE {".length() + "}".length();
      int members = 0;
      for (String name : w.key().keySet()) {
        n += quotedBytes(name, '\'') + ":?".length() + (members++ > 0 ? 1 : 0);
      }
      for (String name : w.values().keySet()) {
        if (!w.key().containsKey(name)) {
          n += quotedBytes(name, '\'') + ":?".length() + (members++ > 0 ? 1 : 0);
        }
      }
    } else {
      n = "UPDATE ".length() + quotedBytes(table, '"');
      boolean first = true;
      for (String name : w.values().keySet()) {
        n += (first ? " SET ".length() : 1) + quotedBytes(name, '"') + "=?".length();
        first = false;
      }
      for (String name : w.removes()) {
        n += " REMOVE ".length() + quotedBytes(name, '"');
      }
      first = true;
      for (String name : w.key().keySet()) {
        n += (first ? " WHERE ".length() : " AND ".length()) + quotedBytes(name, '"') + "=?".length();
        first = false;
      }
      if (w.version() != null) {
        n += " AND (".length() + 2L * quotedBytes(w.versionName(), '"') + " IS MISSING OR ".length() + "<?)".length();
      }
    }
    return n >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
  }

  /** A name's UTF-8 length quoted ({@code quote} doubled inside); {@link Integer#MAX_VALUE} when unsayable. */
  private static long quotedBytes(String name, char quote) {
    if (!plain(name)) {
      return Integer.MAX_VALUE;
    }
    long n = 2;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x80) {
        n += c == quote ? 2 : 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Writes the item's statement as a member of a BatchExecuteStatement body's {@code Statements}. */
  static void write(JsonGenerator g, String table, WriteItem item) throws IOException {
    Statement s = of(table, item);
    if (s == null) {
      throw new IllegalStateException("a write routed as a statement that PartiQL cannot say");
    }
    g.writeStartObject();
    g.writeStringField("Statement", s.text());
    g.writeArrayFieldStart("Parameters");
    for (AttributeValue p : s.parameters()) {
      ItemJson.write(g, p);
    }
    g.writeEndArray();
    if (s.returnOld()) {
      g.writeStringField("ReturnValuesOnConditionCheckFailure", ALL_OLD);
    }
    g.writeEndObject();
  }

  /** The item's statement as its {@link WriteItem#call()} says (for an SDK client's request). */
  static Statement of(String table, WriteItem item) {
    return of(table, item.single(), item.call());
  }

  /**
   * The write as a statement of kind {@code call}, or null when PartiQL cannot say it: a name
   * holding {@code #} or {@code :} (DynamoDB turns a statement into expressions and takes such a
   * name for a placeholder: "an expression attribute name used in the document path is not
   * defined"), or a statement longer than {@link #MAX_STATEMENT_LENGTH}.
   */
  static Statement of(String table, SingleWrite w, WriteItem.Call call) {
    List<AttributeValue> parameters = new ArrayList<>();
    StringBuilder text = new StringBuilder(64 + 16 * (w.values().size() + w.removes().size()));
    boolean speakable;
    boolean returnOld = false;
    if (call == WriteItem.Call.STATEMENT_INSERT) {
      text.append("INSERT INTO ");
      identifier(text, table).append(" VALUE {");
      speakable = true;
      for (Map.Entry<String, AttributeValue> e : w.key().entrySet()) {
        speakable &= member(text, e, parameters);
      }
      for (Map.Entry<String, AttributeValue> e : w.values().entrySet()) {
        if (!w.key().containsKey(e.getKey())) {
          speakable &= member(text, e, parameters);
        }
      }
      text.append('}');
    } else {
      text.append("UPDATE ");
      identifier(text, table);
      speakable = true;
      boolean first = true;
      for (Map.Entry<String, AttributeValue> e : w.values().entrySet()) {
        text.append(first ? " SET " : ",");
        speakable &= plain(e.getKey());
        identifier(text, e.getKey()).append("=?");
        parameters.add(e.getValue());
        first = false;
      }
      for (String r : w.removes()) {
        speakable &= plain(r);
        identifier(text.append(" REMOVE "), r);
      }
      first = true;
      for (Map.Entry<String, AttributeValue> k : w.key().entrySet()) {
        text.append(first ? " WHERE " : " AND ");
        speakable &= plain(k.getKey());
        identifier(text, k.getKey()).append("=?");
        parameters.add(k.getValue());
        first = false;
      }
      if (w.version() != null) {
        speakable &= plain(w.versionName());
        text.append(" AND (");
        identifier(text, w.versionName()).append(" IS MISSING OR ");
        identifier(text, w.versionName()).append("<?)");
        parameters.add(w.version());
        returnOld = true;
      }
    }
    if (!speakable || text.length() > MAX_STATEMENT_LENGTH) {
      return null;
    }
    String statement = text.toString();
    if (statement.getBytes(StandardCharsets.UTF_8).length > MAX_STATEMENT_LENGTH) {
      return null;
    }
    return new Statement(statement, parameters, returnOld);
  }

  /** Appends the attribute as an INSERT's tuple member; false when its name cannot be said. */
  private static boolean member(StringBuilder text, Map.Entry<String, AttributeValue> e,
      List<AttributeValue> parameters) {
    text.append(parameters.isEmpty() ? "" : ",");
    string(text, e.getKey()).append(":?");
    parameters.add(e.getValue());
    return plain(e.getKey());
  }

  private static boolean plain(String name) {
    return name.indexOf('#') < 0 && name.indexOf(':') < 0;
  }

  private static StringBuilder identifier(StringBuilder text, String name) {
    return quoted(text, name, '"');
  }

  private static StringBuilder string(StringBuilder text, String name) {
    return quoted(text, name, '\'');
  }

  private static StringBuilder quoted(StringBuilder text, String name, char quote) {
    text.append(quote);
    if (name.indexOf(quote) < 0) {
      return text.append(name).append(quote);
    }
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
