package dev.ddbload.decode;

import java.util.Locale;

/**
 * How a CSV or TSV file quotes and comments, besides its delimiter: the quote character
 * (default {@code "}; {@link #NONE} turns quoting off, as in many TSV files), an escape
 * character for quotes inside quoted fields (none by default, where a quote inside is doubled
 * as RFC 4180 says; {@code \} for the CSV Spark and Hive write: {@code "He said \"hi\""}), and
 * a comment character (none by default) that marks lines to skip when it starts them. Each is
 * one ASCII character other than a line end; they differ from each other. Immutable.
 *
 * @param quote the quote character, or {@link #NONE}
 * @param escape the escape character inside quoted fields, or {@link #NONE}
 * @param comment the comment character, or {@link #NONE}
 */
public record CsvDialect(int quote, int escape, int comment) {

  /** No such character. */
  public static final int NONE = -1;

  private static final CsvDialect RFC_4180 = new CsvDialect('"', NONE, NONE);

  /**
   * Validates the characters. An escape equal to the quote is RFC 4180's doubled quote, which
   * every dialect reads anyway, so it is kept as {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the character at fault
   */
  public CsvDialect {
    check("quote", quote);
    check("escape", escape);
    check("comment", comment);
    if (escape != NONE && escape == quote) {
      escape = NONE;
    }
    if (comment != NONE && (comment == quote || comment == escape)) {
      throw new IllegalArgumentException("the CSV comment character must differ from the quote and escape characters");
    }
    if (escape != NONE && quote == NONE) {
      throw new IllegalArgumentException("a CSV escape character needs a quote character");
    }
  }

  /** RFC 4180: quote {@code "}, quotes doubled inside quoted fields, no comments. */
  public static CsvDialect rfc4180() {
    return RFC_4180;
  }

  /** This dialect with another quote character ({@link #NONE}: no quoting). */
  public CsvDialect withQuote(int c) {
    return new CsvDialect(c, c == NONE ? NONE : escape, comment);
  }

  /** This dialect with another escape character. */
  public CsvDialect withEscape(int c) {
    return new CsvDialect(quote, c, comment);
  }

  /** This dialect with another comment character. */
  public CsvDialect withComment(int c) {
    return new CsvDialect(quote, escape, c);
  }

  /**
   * A character option's value: one ASCII character, or {@code none} (any case) or the empty
   * string for {@link #NONE}.
   *
   * @param option the option's name, for the message
   * @throws IllegalArgumentException when the value is anything else
   */
  public static int parseCharacter(String option, String value) {
    if (value == null || value.isEmpty() || value.toLowerCase(Locale.ROOT).equals("none")) {
      return NONE;
    }
    char c = value.charAt(0);
    if (value.length() != 1 || c > 127 || c == '\n' || c == '\r') {
      throw new IllegalArgumentException(option + " must be one ASCII character other than a line end, or none, not '"
          + value + "'");
    }
    return c;
  }

  private static void check(String what, int c) {
    if (c != NONE && (c <= 0 || c > 127 || c == '\n' || c == '\r')) {
      throw new IllegalArgumentException("the CSV " + what + " character must be one ASCII character other than"
          + " a line end");
    }
  }

  @Override
  public String toString() {
    return "quote " + name(quote) + ", escape " + name(escape) + ", comment " + name(comment);
  }

  private static String name(int c) {
    return c == NONE ? "none" : "'" + (char) c + "'";
  }
}
