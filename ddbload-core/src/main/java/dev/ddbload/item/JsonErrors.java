package dev.ddbload.item;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as one sentence for the rejects file: where (column, and line when the
 * text has several) and what was expected, without the parser's internals (source descriptions,
 * character codes, feature names). Stateless and thread-safe.
 */
public final class JsonErrors {

  private static final Pattern SOURCE = Pattern.compile(
      "\\s*\\((?:start marker at|for \\w+ starting at) \\[Source:[^\\]]*\\]\\)");
  private static final Pattern CHARACTER = Pattern.compile("\\('(.+?)' \\(code \\d+\\)\\)");
  private static final Pattern CONTROL = Pattern.compile("\\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
  private static final Pattern FEATURE = Pattern.compile(": enable `[^`]*` to allow.*");
  private static final String VALUE_LIST = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

  private JsonErrors() {}

  /**
   * "invalid JSON at column 8: unexpected character '}', was expecting double-quote to start
   * field name", with the line too when the error is past the text's first line.
   */
  public static String sentence(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = "";
    if (at != null && at.getLineNr() > 0) {
      where = at.getLineNr() > 1 ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
          : " at column " + at.getColumnNr();
    }
    return "invalid JSON" + where + ": " + describe(e.getOriginalMessage());
  }

  /** Jackson's message without its internals, on one line, starting in lower case. */
  static String describe(String message) {
    if (message == null || message.isBlank()) {
      return "it cannot be parsed";
    }
    String m = SOURCE.matcher(message).replaceAll("");
    m = CHARACTER.matcher(m).replaceAll("'$1'");
    m = CONTROL.matcher(m).replaceAll("(control character $1)");
    m = FEATURE.matcher(m).replaceAll(" is not JSON");
    m = m.replace(VALUE_LIST, "a JSON value").replace(": was expecting", ", was expecting")
        .replace("': expected", "', expected");
    int newline = m.indexOf('\n');
    if (newline >= 0) {
      m = m.substring(0, newline);
    }
    m = m.strip();
    return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
  }
}
