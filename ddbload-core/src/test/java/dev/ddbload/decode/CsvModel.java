package dev.ddbload.decode;

import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated CSV/TSV file: dialect, header and rows, each row good or broken in a known way,
 * already rendered to its bytes, with what the decoder must make of it. Rendering the model
 * gives the file and, per row, its line, offset and expected outcome. Rows can be dropped
 * (shrinking) without changing how the others are written.
 */
record CsvModel(String delimiter, int quote, int escape, int comment, boolean bom, String headerLineEnd,
    List<String> header, List<Row> rows, boolean lastLineEnd, int maxRecordBytes, boolean rfc4180) {

  /** How a row is broken, if it is. */
  enum Kind { GOOD, STRAY_QUOTE, TEXT_AFTER_QUOTE, WRONG_FIELD_COUNT, BAD_UTF8, TOO_LARGE, BACKSLASH_ESCAPED }

  /**
   * One row: empty and comment lines before it, its bytes (no line end), its line end, and for
   * a good row its fields.
   */
  record Row(Kind kind, List<String> before, byte[] bytes, String lineEnd, List<String> fields) {
    @Override
    public String toString() {
      return kind + " " + before + " " + show(bytes) + show(lineEnd.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What the decoder must give for a row. */
  record Expected(Row row, long line, long offset, int index) {}

  /** The rendered file and the expectation per row. */
  record Rendered(byte[] bytes, List<Expected> expected) {}

  private static final String[] DELIMITERS = {",", "\t", ";", "||", "\u00a7"};
  private static final String[] LINE_ENDS = {"\n", "\r\n", "\r"};
  private static final String SPECIAL = "\"\\,;\t|#\n\r ";
  private static final String[] UNICODE = {"\u00e9", "\u20ac", "\u4e2d", "\ud83d\ude00", "\u00a7", "\u0000"};

  /** A random model. */
  static CsvModel generate(SplittableRandom r) {
    return generate(r, false);
  }

  /**
   * A random model of valid RFC 4180 (the reference FastCSV reads): a one-character delimiter,
   * quote {@code "}, no escape, comments or byte-order mark, good rows only.
   */
  static CsvModel generateRfc4180(SplittableRandom r) {
    return generate(r, true);
  }

  private static CsvModel generate(SplittableRandom r, boolean rfc4180) {
    String delimiter = rfc4180 ? DELIMITERS[r.nextInt(3)] : DELIMITERS[r.nextInt(DELIMITERS.length)];
    boolean quoting = rfc4180 || r.nextInt(8) != 0;
    int quote = quoting ? '"' : CsvDialect.NONE;
    int escape = !rfc4180 && quoting && r.nextBoolean() ? '\\' : CsvDialect.NONE;
    int comment = !rfc4180 && r.nextInt(4) == 0 ? '#' : CsvDialect.NONE;
    int columns = 1 + r.nextInt(5);
    List<String> header = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      header.add("c" + i);
    }
    int max = 1024 + r.nextInt(2048);
    boolean strays = !rfc4180 && quoting && r.nextBoolean();
    CsvModel m = new CsvModel(delimiter, quote, escape, comment, !rfc4180 && r.nextInt(3) == 0, lineEnd(r), header,
        List.of(), r.nextInt(4) != 0, max, rfc4180);
    List<Row> rows = new ArrayList<>();
    int n = r.nextInt(30);
    for (int i = 0; i < n; i++) {
      rows.add(m.row(r, strays, rfc4180));
    }
    return new CsvModel(delimiter, quote, escape, comment, m.bom, m.headerLineEnd, header, rows, m.lastLineEnd, max,
        rfc4180);
  }

  /** The options to decode this model with: every cell kept as a string, empty ones too. */
  DecodeOptions options() {
    return DecodeOptions.builder()
        .cells(new dev.ddbload.item.TextCells(dev.ddbload.item.ItemSchema.empty(),
            dev.ddbload.item.EmptyCellPolicy.STRING, ";", false))
        .delimiter(delimiter)
        .csvDialect(new CsvDialect(quote, escape, comment))
        .maxRecordBytes(maxRecordBytes)
        .build();
  }

  /** This model without row {@code i}. */
  CsvModel without(int i) {
    List<Row> fewer = new ArrayList<>(rows);
    fewer.remove(i);
    return new CsvModel(delimiter, quote, escape, comment, bom, headerLineEnd, header, fewer, lastLineEnd,
        maxRecordBytes, rfc4180);
  }

  /** Smaller models: one row fewer each. */
  List<CsvModel> shrink() {
    List<CsvModel> smaller = new ArrayList<>();
    for (int i = rows.size() - 1; i >= 0; i--) {
      smaller.add(without(i));
    }
    return smaller;
  }

  private Row row(SplittableRandom r, boolean strays, boolean goodOnly) {
    List<String> before = new ArrayList<>();
    while (r.nextInt(6) == 0) {
      before.add(comment != CsvDialect.NONE && r.nextBoolean() ? "#" + text(r, false) + lineEnd(r) : lineEnd(r));
    }
    int pick = r.nextInt(20);
    Kind kind = pick < 13 || goodOnly ? Kind.GOOD : Kind.values()[1 + pick % 6];
    if (quote == CsvDialect.NONE && (kind == Kind.STRAY_QUOTE || kind == Kind.TEXT_AFTER_QUOTE
        || kind == Kind.BACKSLASH_ESCAPED)) {
      kind = Kind.GOOD;
    }
    if (kind == Kind.STRAY_QUOTE && !strays || kind == Kind.BACKSLASH_ESCAPED && escape != CsvDialect.NONE) {
      kind = Kind.GOOD;
    }
    // Rows broken by their quoting are single lines, so their first line is the whole row.
    boolean singleLine = kind != Kind.GOOD && kind != Kind.WRONG_FIELD_COUNT && kind != Kind.BAD_UTF8;
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String f = singleLine ? plain(r) : field(r, strays);
      if (quote == CsvDialect.NONE && header.size() == 1 && f.isEmpty()) {
        f = "e";
      }
      fields.add(f);
    }
    if (kind == Kind.TOO_LARGE) {
      fields.set(0, "x".repeat(maxRecordBytes + 1 + r.nextInt(3 * maxRecordBytes)));
    } else if (kind == Kind.BAD_UTF8) {
      fields.set(0, "a" + plain(r) + "b");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (kind) {
      case STRAY_QUOTE:
        writeFields(out, r, fields.subList(0, header.size() - 1), false, false);
        if (header.size() > 1) {
          out.writeBytes(bytes(delimiter));
        }
        out.writeBytes(bytes("\"s" + plain(r) + "x"));
        break;
      case TEXT_AFTER_QUOTE:
        writeFields(out, r, fields.subList(0, header.size() - 1), false, false);
        if (header.size() > 1) {
          out.writeBytes(bytes(delimiter));
        }
        out.writeBytes(bytes("\"q" + plain(r) + "\" tail"));
        break;
      case WRONG_FIELD_COUNT:
        List<String> other = new ArrayList<>(fields);
        if (other.size() > 1 && r.nextBoolean()) {
          other.remove(0);
          if (other.size() == 1 && other.get(0).isEmpty()) {
            other.set(0, "e");
          }
        } else {
          other.add("extra");
        }
        writeFields(out, r, other, true, false);
        break;
      case BACKSLASH_ESCAPED:
        List<String> spark = new ArrayList<>(fields);
        spark.set(header.size() - 1, "He said \"hi\" to " + plain(r));
        writeFields(out, r, spark, true, true);
        break;
      default:
        writeFields(out, r, fields, true, false);
    }
    byte[] bytes = out.toByteArray();
    if (kind == Kind.BAD_UTF8) {
      bytes = withInvalidByte(r, bytes, bytes[0] == '"' ? 2 : 1);
    }
    return new Row(kind, before, bytes, lineEnd(r), kind == Kind.GOOD ? List.copyOf(fields) : null);
  }

  /**
   * A field's content: anything when fields can be quoted; good fields of a file with stray
   * quotes never start with a delimiter or a line end (a stray quote's field would end there
   * properly and swallow the rows between, which no reader can tell from a multi-line field).
   */
  private String field(SplittableRandom r, boolean strays) {
    if (quote == CsvDialect.NONE) {
      return r.nextInt(5) == 0 ? "" : plain(r);
    }
    String f = r.nextInt(5) == 0 ? "" : text(r, true);
    if (rfc4180) {
      // FastCSV 4.0.0, the reference, misreads a lone CR inside a quoted field (it loses the record).
      f = f.replace("\r", "\r\n");
    }
    while (strays && !f.isEmpty() && (f.charAt(0) == delimiter.charAt(0) || f.charAt(0) == '\n' || f.charAt(0) == '\r')) {
      f = f.substring(1);
    }
    return f;
  }

  /** Text with no quote, escape, delimiter, comment or line-end characters. */
  private String plain(SplittableRandom r) {
    return text(r, false).replace(delimiter.substring(0, 1), "");
  }

  private static String text(SplittableRandom r, boolean anything) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(10);
      if (k < 5) {
        sb.append((char) ('a' + r.nextInt(26)));
      } else if (k < 8 && anything) {
        sb.append(SPECIAL.charAt(r.nextInt(SPECIAL.length())));
      } else if (k < 8) {
        sb.append(' ');
      } else {
        sb.append(UNICODE[r.nextInt(UNICODE.length)]);
      }
    }
    return sb.toString();
  }

  private void writeFields(ByteArrayOutputStream out, SplittableRandom r, List<String> fields, boolean whole,
      boolean backslashes) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.writeBytes(bytes(delimiter));
      }
      String f = fields.get(i);
      boolean must = quote != CsvDialect.NONE && (f.indexOf(delimiter.charAt(0)) >= 0 || f.indexOf('"') >= 0
          || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0 || i == 0 && f.startsWith("#")
          || whole && fields.size() == 1 && f.isEmpty());
      if (must || quote != CsvDialect.NONE && r.nextInt(4) == 0) {
        out.writeBytes(bytes(quoted(f, r, backslashes)));
      } else {
        out.writeBytes(bytes(f));
      }
    }
  }

  private String quoted(String f, SplittableRandom r, boolean backslashes) {
    boolean escaping = backslashes || escape != CsvDialect.NONE;
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '"') {
        sb.append(escaping && (backslashes || r.nextBoolean()) ? "\\\"" : "\"\"");
      } else if (c == '\\' && escaping) {
        boolean needed = i + 1 == f.length() || f.charAt(i + 1) == '"' || f.charAt(i + 1) == '\\';
        sb.append(needed || r.nextBoolean() ? "\\\\" : "\\");
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** The bytes with a byte sequence that is not UTF-8 put in at {@code at} (between two letters). */
  private static byte[] withInvalidByte(SplittableRandom r, byte[] bytes, int at) {
    byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3, '('}, {(byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(bad[r.nextInt(bad.length)]);
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  private static String lineEnd(SplittableRandom r) {
    return LINE_ENDS[r.nextInt(LINE_ENDS.length)];
  }

  /** The file's bytes and where each row must come out. */
  Rendered render() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (bom) {
      out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    }
    out.writeBytes(bytes(String.join(delimiter, header)));
    String previous = rows.isEmpty() && !lastLineEnd ? "" : headerLineEnd;
    out.writeBytes(bytes(previous));
    long line = 2;
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      for (String b : row.before()) {
        String piece = previous.endsWith("\r") && b.startsWith("\n") ? "\r" + b : b;
        out.writeBytes(bytes(piece));
        line += lineEnds(bytes(piece));
        previous = piece;
      }
      expected.add(new Expected(row, line, out.size(), i));
      out.writeBytes(row.bytes());
      line += lineEnds(row.bytes());
      String end = i == rows.size() - 1 && !lastLineEnd ? "" : row.lineEnd();
      out.writeBytes(bytes(end));
      line += lineEnds(bytes(end));
      previous = end;
    }
    return new Rendered(out.toByteArray(), expected);
  }

  /** Line ends in {@code b}: LF, CR, CRLF each one. */
  static int lineEnds(byte[] b) {
    int n = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n' || b[i] == '\r' && (i + 1 == b.length || b[i + 1] != '\n')) {
        n++;
      }
    }
    return n;
  }

  /** What the rejects file would show for a row's bytes. */
  static RejectReason reason(Kind kind) {
    switch (kind) {
      case BAD_UTF8:
        return RejectReason.BAD_ENCODING;
      case TOO_LARGE:
        return RejectReason.TOO_LARGE;
      default:
        return RejectReason.MALFORMED;
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String show(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte c : b) {
      if (c >= 32 && c < 127) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c & 0xff));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("delimiter " + show(bytes(delimiter)) + ", " + new CsvDialect(quote, escape,
        comment) + ", bom " + bom + ", max " + maxRecordBytes + ", header " + header + "\n");
    for (Row row : rows) {
      sb.append("  ").append(row).append('\n');
    }
    return sb.toString();
  }
}
