package dev.ddbload.testkit.fault;

import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the two PartiQL write statements the loader sends in a {@code BatchExecuteStatement},
 * every value a {@code ?} parameter:
 * <pre>
 * INSERT INTO "table" VALUE {'a':?,'b':?,…}
 * UPDATE "table" [SET "a"=?,"b"=?] [REMOVE "c" [REMOVE "d"…]] WHERE "pk"=? [AND "sk"=?]
 *     [AND ("ver" IS MISSING OR "ver"&lt;?)]
 * </pre>
 * Names are double-quoted identifiers with {@code "} doubled inside; tuple keys single-quoted
 * strings with {@code '} doubled; keywords in any case, white space anywhere between tokens; an
 * UPDATE has a SET or a REMOVE part or both, and its REMOVE may also list names with commas.
 * Anything else is refused with a {@link ParseException} at the offset where it goes wrong.
 * Stateless; thread-safe.
 */
final class PartiqlParser {

  /**
   * What a statement names, without its parameters' values.
   *
   * @param table the table it writes to
   * @param keyParameters per attribute whose value the statement gives whole (an INSERT's tuple
   *     keys, an UPDATE's {@code WHERE "a"=?} equalities), the index of its parameter, in order
   * @param names every attribute the statement names, each once, in order of appearance
   * @param parameterCount the number of {@code ?} parameters
   */
  record Shape(String table, Map<String, Integer> keyParameters, Set<String> names, int parameterCount) {

    /** Copies the collections, keeping their order. */
    Shape {
      keyParameters = Collections.unmodifiableMap(new LinkedHashMap<>(keyParameters));
      names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }
  }

  private final String text;
  private int pos;
  private int parameters;
  private final Map<String, Integer> keyParameters = new LinkedHashMap<>();
  private final Set<String> names = new LinkedHashSet<>();

  private PartiqlParser(String text) {
    this.text = text;
  }

  /** Reads {@code statement}, one of the two shapes above. */
  static Shape parse(String statement) throws ParseException {
    return new PartiqlParser(statement).statement();
  }

  /**
   * The table of a statement that starts {@code INSERT INTO "t"}, {@code UPDATE "t"} or {@code
   * DELETE FROM "t"}, whatever follows; null when it starts otherwise.
   */
  static String tableOf(String statement) {
    PartiqlParser p = new PartiqlParser(statement);
    try {
      if (p.keyword("INSERT")) {
        p.expectKeyword("INTO");
      } else if (p.keyword("DELETE")) {
        p.expectKeyword("FROM");
      } else if (!p.keyword("UPDATE")) {
        return null;
      }
      return p.identifier();
    } catch (ParseException e) {
      return null;
    }
  }

  /** Whether {@code statement} is a read: it starts with {@code SELECT}. */
  static boolean isRead(String statement) {
    return new PartiqlParser(statement).keyword("SELECT");
  }

  private Shape statement() throws ParseException {
    String table;
    if (keyword("INSERT")) {
      expectKeyword("INTO");
      table = identifier();
      insertTuple();
    } else if (keyword("UPDATE")) {
      table = identifier();
      updateClauses();
    } else {
      throw fail("INSERT or UPDATE");
    }
    skipSpace();
    if (pos != text.length()) {
      throw fail("the end of the statement");
    }
    return new Shape(table, keyParameters, names, parameters);
  }

  /** {@code VALUE {'a':?,…}}. */
  private void insertTuple() throws ParseException {
    expectKeyword("VALUE");
    expect('{');
    do {
      String name = quoted('\'');
      expect(':');
      key(name);
    } while (symbol(','));
    expect('}');
  }

  /** {@code [SET …] [REMOVE …]… WHERE …}. */
  private void updateClauses() throws ParseException {
    boolean changes = false;
    if (keyword("SET")) {
      changes = true;
      do {
        names.add(identifier());
        expect('=');
        parameter();
      } while (symbol(','));
    }
    while (keyword("REMOVE")) {
      changes = true;
      do {
        names.add(identifier());
      } while (symbol(','));
    }
    if (!changes) {
      throw fail("SET or REMOVE");
    }
    expectKeyword("WHERE");
    do {
      if (symbol('(')) {
        versionCondition();
        return;
      }
      String name = identifier();
      expect('=');
      key(name);
    } while (keyword("AND"));
  }

  /** {@code "ver" IS MISSING OR "ver"<?)}, after its opening parenthesis; the last condition. */
  private void versionCondition() throws ParseException {
    String name = identifier();
    expectKeyword("IS");
    expectKeyword("MISSING");
    expectKeyword("OR");
    int at = pos;
    if (!identifier().equals(name)) {
      pos = at;
      throw fail("\"" + name + "\" again");
    }
    expect('<');
    parameter();
    expect(')');
    names.add(name);
  }

  /** {@code ?} whose value is attribute {@code name}'s. */
  private void key(String name) throws ParseException {
    names.add(name);
    int at = pos;
    int index = parameter();
    if (keyParameters.putIfAbsent(name, index) != null) {
      pos = at;
      throw fail("no second value for " + name);
    }
  }

  private int parameter() throws ParseException {
    expect('?');
    return parameters++;
  }

  /** A double-quoted name. */
  private String identifier() throws ParseException {
    return quoted('"');
  }

  /** A name or string in {@code quote}s, the quote doubled inside; not empty. */
  private String quoted(char quote) throws ParseException {
    skipSpace();
    if (pos >= text.length() || text.charAt(pos) != quote) {
      throw fail(quote == '"' ? "a \"name\"" : "a 'name'");
    }
    StringBuilder sb = new StringBuilder();
    int i = pos + 1;
    while (true) {
      int close = text.indexOf(quote, i);
      if (close < 0) {
        throw fail("a closing " + quote);
      }
      sb.append(text, i, close);
      if (close + 1 < text.length() && text.charAt(close + 1) == quote) {
        sb.append(quote);
        i = close + 2;
      } else {
        pos = close + 1;
        break;
      }
    }
    if (sb.length() == 0) {
      throw fail("a name that is not empty");
    }
    return sb.toString();
  }

  /** Takes {@code word} (any case, not followed by a letter or digit) if it comes next. */
  private boolean keyword(String word) {
    skipSpace();
    int end = pos + word.length();
    if (end > text.length() || !text.regionMatches(true, pos, word, 0, word.length())) {
      return false;
    }
    if (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      return false;
    }
    pos = end;
    return true;
  }

  private void expectKeyword(String word) throws ParseException {
    if (!keyword(word)) {
      throw fail(word.toUpperCase(Locale.ROOT));
    }
  }

  /** Takes {@code c} if it comes next. */
  private boolean symbol(char c) {
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws ParseException {
    if (!symbol(c)) {
      throw fail("'" + c + "'");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private ParseException fail(String expected) {
    skipSpace();
    String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
    return new ParseException("expected " + expected + " at offset " + pos + ", found " + found, pos);
  }
}
