package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decoders that find records by syntax read the same whether the input comes in one piece
 * or a few bytes at a time (as from a pipe): records that span many reads and many moves of the
 * window, escapes and multi-byte characters cut between reads.
 */
class TinyReadsTest {

  /** Hands out at most a few bytes per read. */
  private static final class Trickle extends FilterInputStream {
    private final SplittableRandom random;

    Trickle(byte[] bytes, long seed) {
      super(new ByteArrayInputStream(bytes));
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(9)));
    }
  }

  private static void readsTheSame(Format format, String text, DecodeOptions options) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Decoding.Result whole = Decoding.decode(format, bytes, options);
    InputStream trickle = new Trickle(bytes, 7);
    Decoding.Result pieces = Decoding.decode(format, trickle, options);

    assertThat(pieces.failure()).isNull();
    assertThat(pieces.records()).hasSameSizeAs(whole.records());
    for (int i = 0; i < whole.records().size(); i++) {
      Decoded a = whole.records().get(i);
      Decoded b = pieces.records().get(i);
      assertThat(b.origin()).isEqualTo(a.origin());
      assertThat(b.rawText()).isEqualTo(a.rawText());
      assertThat(b.getClass()).isEqualTo(a.getClass());
      if (a instanceof SourceRecord r) {
        assertThat(((SourceRecord) b).item()).isEqualTo(r.item());
      }
    }
  }

  @Test
  void jsonArrays() throws IOException {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < 3000; i++) {
      json.append(i == 0 ? "" : ",\n").append("{\"id\":\"r").append(i).append("\",\"s\":\"a\\\"b\\\\c \u00e9\u20ac\ud83d\ude00 ")
          .append("x".repeat(i % 200)).append("\",\"n\":").append(i).append(",\"l\":[1,{\"k\":\"]}\"}]}");
      if (i % 500 == 7) {
        json.append(",{\"broken\":\"x}");
      }
    }
    json.append("\n]\n");

    readsTheSame(Format.JSON, json.toString(), DecodeOptions.builder().build());
  }

  @Test
  void csvInEveryDialect() throws IOException {
    StringBuilder csv = new StringBuilder("id,v\r\n");
    for (int i = 0; i < 3000; i++) {
      csv.append("r").append(i).append(",\"q \"\"x\"\" \\\\ \u00e9\u20ac\ud83d\ude00\n").append("y".repeat(i % 300))
          .append("\"\r\n");
      if (i % 400 == 3) {
        csv.append("s").append(i).append(",\"stray\r\n");
      }
    }
    for (CsvDialect dialect : List.of(CsvDialect.rfc4180(), CsvDialect.rfc4180().withEscape('\\'))) {
      readsTheSame(Format.CSV, csv.toString(), DecodeOptions.builder().csvDialect(dialect).maxRecordBytes(2048)
          .build());
      readsTheSame(Format.CSV, csv.toString().replace(",", "||").replace("id||v", "id||v"),
          DecodeOptions.builder().csvDialect(dialect).delimiter("||").maxRecordBytes(2048).build());
    }
  }

  @Test
  void ionText() throws IOException {
    StringBuilder ion = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      ion.append("$ion_1_0 {Item:{id:\"r").append(i).append("\",s:'''long \u00e9 ").append("z".repeat(i % 150))
          .append("''',b:{{aGVsbG8=}},l:[1, /* } */ 2]}}\n");
      if (i % 300 == 5) {
        ion.append("$ion_1_0 {Item:{id:\"open\n");
      }
    }

    readsTheSame(Format.ION, ion.toString(), DecodeOptions.builder().build());
  }

  @Test
  void jsonLines() throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      lines.append("{\"id\":\"r").append(i).append("\",\"s\":\"\u00e9\u20ac\ud83d\ude00 ").append("w".repeat(i % 250))
          .append("\"}").append(i % 2 == 0 ? "\n" : "\r\n");
    }

    readsTheSame(Format.JSONL, lines.toString(), DecodeOptions.builder().build());
  }
}
