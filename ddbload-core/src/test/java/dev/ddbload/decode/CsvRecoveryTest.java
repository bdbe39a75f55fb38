package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import dev.ddbload.item.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CSV record that breaks the quoting rules, is too long or is not UTF-8 costs only itself:
 * it is rejected with its raw text, line and offset, and every other record is read exactly.
 */
class CsvRecoveryTest {

  private static DecodeOptions.Builder options() {
    return DecodeOptions.builder();
  }

  /** {@code id,val} and 1,000 rows {@code r0000,v0}..., row {@code bad} replaced. */
  private static String thousandRows(int bad, String badRow) {
    StringBuilder sb = new StringBuilder("id,val\n");
    for (int i = 0; i < 1000; i++) {
      sb.append(i == bad ? badRow : String.format("r%04d,v%d", i, i)).append('\n');
    }
    return sb.toString();
  }

  /** Every record but {@code bad} is good and exact; {@code bad} is the reject returned. */
  private static BadRecord onlyRejectIs(Decoding.Result r, int bad) {
    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      if (i != bad) {
        assertThat(r.good(i).item()).as("record %d", i)
            .isEqualTo(Map.of("id", fromS(String.format("r%04d", i)), "val", fromS("v" + i)));
        assertThat(r.good(i).origin().line()).isEqualTo(i + 2);
      }
    }
    return r.bad(bad);
  }

  @Test
  void aStrayQuoteCostsOnlyItsLine() throws IOException {
    String csv = thousandRows(10, "r0010,\"stray quote");

    BadRecord bad = onlyRejectIs(Decoding.decode(Format.CSV, csv, options().build()), 10);

    assertThat(bad.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(bad.raw()).isEqualTo("r0010,\"stray quote");
    assertThat(bad.origin()).isEqualTo(new Origin("in", 12, 10, csv.indexOf("r0010")));
    assertThat(bad.message()).contains("not closed before the end of the input");
  }

  @Test
  void anUnterminatedQuoteOnTheLastLineCostsOnlyThatLine() throws IOException {
    String csv = thousandRows(999, "r0999,\"unterminated");

    assertThat(onlyRejectIs(Decoding.decode(Format.CSV, csv, options().build()), 999).raw())
        .isEqualTo("r0999,\"unterminated");
    String noNewline = csv.substring(0, csv.length() - 1);
    assertThat(onlyRejectIs(Decoding.decode(Format.CSV, noNewline, options().build()), 999).raw())
        .isEqualTo("r0999,\"unterminated");
  }

  @Test
  void textAfterAClosingQuoteCostsOnlyItsRecord() throws IOException {
    String csv = thousandRows(10, "r0010,\"Hello\" she said");

    BadRecord bad = onlyRejectIs(Decoding.decode(Format.CSV, csv, options().build()), 10);

    assertThat(bad.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(bad.raw()).isEqualTo("r0010,\"Hello\" she said");
    assertThat(bad.message()).isEqualTo("text follows the closing quote of field 2");
    assertThat(bad.hintsEscape()).isFalse();
  }

  @Test
  void aStrayQuoteClosedByALaterQuoteCostsOnlyItsLine() throws IOException {
    String csv = thousandRows(10, "r0010,\"stray").replace("r0020,v20", "r0020,\"v20\"");

    BadRecord bad = onlyRejectIs(Decoding.decode(Format.CSV, csv, options().build()), 10);

    assertThat(bad.message()).isEqualTo("the quoted field that starts in this line runs on to line 22, where text"
        + " follows its closing quote");
  }

  @Test
  void linesABrokenRecordRanOverAreReadStrictly() throws IOException {
    // A genuine multi-line field, broken by text after its closing quote: its continuation line
    // must not become a record (it has two fields, like the header).
    String csv = "id,val\na,\"first line\nsecond, line\" tail\nb,ok\n";

    Decoding.Result r = Decoding.decode(Format.CSV, csv, options().build());

    assertThat(r.records()).hasSize(3);
    assertThat(r.bad(0).raw()).isEqualTo("a,\"first line");
    assertThat(r.bad(1).raw()).isEqualTo("second, line\" tail");
    assertThat(r.bad(1).message()).isEqualTo("a quote inside an unquoted field, on a line that a broken record"
        + " before it ran over");
    assertThat(r.bad(1).origin()).isEqualTo(new Origin("in", 3, 1, csv.indexOf("second")));
    assertThat(r.good(2).item()).isEqualTo(Map.of("id", fromS("b"), "val", fromS("ok")));
    // Outside a broken record's span, a quote inside an unquoted field is a character.
    assertThat(Decoding.decode(Format.CSV, "id,val\na,5\" screen\n", options().build()).good(0).item())
        .containsEntry("val", fromS("5\" screen"));
  }

  @Test
  void aRecordLongerThanTheLimitIsTooLargeAndKeptWhole() throws IOException {
    String big = "x".repeat(3000);
    String csv = "id,val\na," + big + "\nb,\"" + big + "\"\nc,ok\n";

    Decoding.Result r = Decoding.decode(Format.CSV, csv, options().maxRecordBytes(2048).build());

    assertThat(r.records()).hasSize(3);
    assertThat(r.bad(0).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.bad(0).raw()).isEqualTo("a," + big);
    assertThat(r.bad(0).message()).isEqualTo("the record is 3002 bytes, longer than the 2048 bytes allowed"
        + " (LoadOptions.maxRecordBytes)");
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.bad(1).raw()).isEqualTo("b,\"" + big + "\"");
    assertThat(r.good(2).item()).isEqualTo(Map.of("id", fromS("c"), "val", fromS("ok")));
    assertThat(r.good(2).origin().line()).isEqualTo(4);
  }

  @Test
  void aRecordFarLongerThanTheLimitKeepsTwiceTheLimit() throws IOException {
    String csv = "id,val\na," + "y".repeat(100_000) + "\nc,ok\n";

    Decoding.Result r = Decoding.decode(Format.CSV, csv, options().maxRecordBytes(2048).build());

    assertThat(r.bad(0).raw()).hasSize(4096);
    assertThat(r.bad(0).message()).isEqualTo("the record is 100002 bytes, longer than the 2048 bytes"
        + " allowed (LoadOptions.maxRecordBytes); its first 4096 bytes are kept here");
    assertThat(r.good(1).origin()).isEqualTo(new Origin("in", 3, 1, csv.indexOf("c,ok")));
  }

  @Test
  void aQuoteStillOpenPastTheLimitCostsOnlyItsLine() throws IOException {
    StringBuilder csv = new StringBuilder("id,val\nr0,\"opens here\n");
    for (int i = 1; i < 200; i++) {
      csv.append("r").append(i).append(",v").append(i).append('\n');
    }

    Decoding.Result r = Decoding.decode(Format.CSV, csv.toString(), options().maxRecordBytes(1024).build());

    assertThat(r.records()).hasSize(200);
    assertThat(r.bad(0).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(0).message()).contains("still open after 1024 bytes");
    assertThat(r.good(199).item()).isEqualTo(Map.of("id", fromS("r199"), "val", fromS("v199")));
  }

  @Test
  void sparkStyleBackslashEscapesAreRejectedWithAHintOrReadWithTheOption() throws IOException {
    String csv = "id,val\nr1,\"He said \\\"hi\\\"\"\nr2,\"a \\\",b\"\nr3,\"C:\\\\dir\\\\\"\nr4,C:\\dir\nr5,plain\n";

    Decoding.Result plain = Decoding.decode(Format.CSV, csv, options().build());
    Decoding.Result escaped = Decoding.decode(Format.CSV, csv,
        options().csvDialect(CsvDialect.rfc4180().withEscape('\\')).build());

    assertThat(plain.bad(0).hintsEscape()).isTrue();
    assertThat(plain.bad(0).message()).endsWith("it parses with CsvDialect.escape '\\' (quotes escaped by a backslash,"
        + " as Spark and Hive write CSV)");
    assertThat(plain.bad(1).hintsEscape()).isTrue();
    assertThat(plain.bad(1).message()).startsWith("the row has 3 fields but the header has 2");
    assertThat(plain.good(4).item()).containsEntry("val", fromS("plain"));
    assertThat(escaped.records()).hasSize(5);
    assertThat(List.of(0, 1, 2, 3, 4)).allSatisfy(i -> assertThat(escaped.records().get(i))
        .isInstanceOf(SourceRecord.class));
    assertThat(escaped.good(0).item()).containsEntry("val", fromS("He said \"hi\""));
    assertThat(escaped.good(1).item()).containsEntry("val", fromS("a \",b"));
    assertThat(escaped.good(2).item()).containsEntry("val", fromS("C:\\dir\\"));
    assertThat(escaped.good(3).item()).containsEntry("val", fromS("C:\\dir"));
  }

  @Test
  void commentLinesAreSkippedAndCounted() throws IOException {
    String csv = "# written by a tool\nid,val\n#a comment\na,1\n  # not a comment,2\n";

    Decoding.Result r = Decoding.decode(Format.CSV, csv,
        options().csvDialect(CsvDialect.rfc4180().withComment('#')).build());

    assertThat(r.records()).hasSize(2);
    assertThat(r.good(0).origin()).isEqualTo(new Origin("in", 4, 0, csv.indexOf("a,1")));
    assertThat(r.good(1).item()).containsEntry("id", fromS("  # not a comment"));
  }

  @Test
  void withoutQuotingAQuoteIsACharacter() throws IOException {
    String tsv = "id\tval\na\t\"quoted\" word\nb\t\"open\n";

    Decoding.Result r = Decoding.decode(Format.TSV, tsv,
        options().csvDialect(CsvDialect.rfc4180().withQuote(CsvDialect.NONE)).build());

    assertThat(r.good(0).item()).containsEntry("val", fromS("\"quoted\" word"));
    assertThat(r.good(1).item()).containsEntry("val", fromS("\"open"));
  }

  @Test
  void lineEndsLfCrlfAndCrEmptyLinesAndExactOffsets() throws IOException {
    String csv = "\uFEFFid,val\r\na,\"x\ry\"\rb,2\n\n\r\nc,3";

    Decoding.Result r = Decoding.decode(Format.CSV, csv, options().build());
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);

    assertThat(r.records()).hasSize(3);
    assertThat(r.good(0).item()).containsEntry("val", fromS("x\ry"));
    assertThat(r.records()).extracting(d -> d.origin().line()).containsExactly(2L, 4L, 7L);
    assertThat(r.records()).extracting(d -> d.origin().offset())
        .containsExactly((long) indexOf(bytes, "a,"), (long) indexOf(bytes, "b,"), (long) indexOf(bytes, "c,"));
  }

  @Test
  void multiByteDelimiters() throws IOException {
    DecodeOptions pipes = options().delimiter("||").columns(List.of("id", "val")).build();
    DecodeOptions section = options().delimiter("§").columns(List.of("id", "val")).build();

    assertThat(Decoding.decode(Format.CSV, "a||x|y\nb||\"q||\"\n", pipes).good(1).item())
        .isEqualTo(Map.of("id", fromS("b"), "val", fromS("q||")));
    assertThat(Decoding.decode(Format.CSV, "a§x\n", section).good(0).item())
        .isEqualTo(Map.of("id", fromS("a"), "val", fromS("x")));
  }

  @Test
  void aBrokenHeaderRefusesTheFile() {
    assertThatThrownBy(() -> Decoding.decode(Format.CSV, "id,\"val\n1,2\n", options().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("in: the header row (line 1) cannot be read: a quoted field that starts in this line is not"
            + " closed before the end of the input");
  }

  @Test
  void aFailingStreamEndsReadingAtTheRecordItCut() throws IOException {
    InputStream failing = new SequenceInputStream(
        new ByteArrayInputStream("id,val\na,1\nb,\"two\nlines".getBytes(StandardCharsets.UTF_8)),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Unexpected end of ZLIB input stream");
          }
        });

    Decoding.Result r = Decoding.decode(Format.CSV, failing, options().build());

    assertThat(r.records()).hasSize(1);
    assertThat(r.failure()).hasMessage("Unexpected end of ZLIB input stream");
    assertThat(r.failedAt()).isEqualTo(new Origin("in", 3, 1, 11));
  }

  private static int indexOf(byte[] bytes, String s) {
    return new String(bytes, StandardCharsets.ISO_8859_1).indexOf(s);
  }
}
