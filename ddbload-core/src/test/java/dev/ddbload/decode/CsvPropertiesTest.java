package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.ddbload.item.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Properties of the CSV/TSV decoder on generated files ({@link CsvModel}: random dialects,
 * delimiters, quotes, escapes, comments, line ends, byte-order marks, unicode, and rows broken
 * in every way the decoder knows), checked on every input: it never throws; every good row comes
 * out exactly, with its line and byte offset; every broken row is rejected alone, with the
 * reason and raw bytes it must have; nothing else comes out; every byte of the input is in a
 * record, a reject, a comment, an empty line or a line end; and on RFC 4180 input the records
 * are exactly what FastCSV reads. Bit flips and truncation keep every row before them exact.
 */
class CsvPropertiesTest {

  private static final long SEED = Trials.seed(20261207L);

  @Test
  void everyRowComesOutExactlyOrIsRejectedAlone() {
    Trials.check(1500, SEED, CsvModel::generate, CsvModel::shrink, CsvPropertiesTest::decodesAsModelled);
  }

  @Test
  void onRfc4180InputTheRecordsAreWhatFastCsvReads() {
    Trials.check(800, SEED + 1_000_000, CsvModel::generateRfc4180, CsvModel::shrink, m -> {
      byte[] bytes = m.render().bytes();
      assertThat(tokens(bytes, m)).isEqualTo(fastCsv(bytes, m.delimiter().charAt(0)));
    });
  }

  @Test
  void bitFlipsAndTruncationKeepEveryRowBeforeThemExact() {
    Trials.check(1500, SEED + 2_000_000, r -> new Damaged(withoutStrayQuotes(CsvModel.generate(r)), r.nextLong()),
        d -> d.model().shrink().stream().map(m -> new Damaged(m, d.seed())).toList(), CsvPropertiesTest::survives);
  }

  /** A model and the seed of the damage done to its bytes. */
  record Damaged(CsvModel model, long seed) {}

  private static void decodesAsModelled(CsvModel m) {
    CsvModel.Rendered file = m.render();
    List<Decoded> out = decodeAll(file.bytes(), m.options());
    assertThat(out).isNotNull().hasSize(file.expected().size());
    for (CsvModel.Expected e : file.expected()) {
      Decoded d = out.get(e.index());
      assertThat(d.origin()).as("row %d", e.index()).isEqualTo(new Origin("in", e.line(), e.index(), e.offset()));
      CsvModel.Row row = e.row();
      if (row.kind() == CsvModel.Kind.GOOD) {
        assertThat(d).as("row %d", e.index()).isInstanceOf(SourceRecord.class);
        assertThat(((SourceRecord) d).item()).isEqualTo(item(m.header(), row.fields()));
        assertThat(RawText.bytes(d.rawText())).isEqualTo(row.bytes());
        continue;
      }
      assertThat(d).as("row %d", e.index()).isInstanceOf(BadRecord.class);
      BadRecord bad = (BadRecord) d;
      assertThat(bad.reason()).as("row %d: %s", e.index(), bad.message()).isEqualTo(CsvModel.reason(row.kind()));
      int kept = (int) Math.min(row.bytes().length, 2L * m.maxRecordBytes());
      assertThat(RawText.bytes(bad.raw())).isEqualTo(Arrays.copyOf(row.bytes(), kept));
      if (row.kind() == CsvModel.Kind.BACKSLASH_ESCAPED) {
        assertThat(bad.hintsEscape()).isTrue();
      }
    }
    accountsForEveryByte(file.bytes(), out, m);
  }

  private static void survives(Damaged d) {
    CsvModel m = d.model();
    CsvModel.Rendered file = m.render();
    byte[] bytes = file.bytes();
    SplittableRandom r = new SplittableRandom(d.seed());
    int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
    byte[] damaged;
    if (r.nextBoolean() && bytes.length > 0) {
      damaged = bytes.clone();
      damaged[at] ^= (byte) (1 << r.nextInt(8));
    } else {
      damaged = Arrays.copyOf(bytes, at);
    }
    List<Decoded> out = decodeAll(damaged, m.options());
    if (out == null) {
      return;
    }
    for (CsvModel.Expected e : file.expected()) {
      long end = e.offset() + e.row().bytes().length + 2;
      if (end >= at) {
        break;
      }
      Decoded got = out.get(e.index());
      assertThat(got.origin()).isEqualTo(new Origin("in", e.line(), e.index(), e.offset()));
      assertThat(got instanceof SourceRecord).isEqualTo(e.row().kind() == CsvModel.Kind.GOOD);
    }
    accountsForEveryByte(damaged, out, m);
  }

  /**
   * Each record's raw bytes are the input's at its offset; the bytes between records are line
   * ends, empty lines, comments, a byte-order mark, or the unkept rest of a record too large.
   */
  private static void accountsForEveryByte(byte[] input, List<Decoded> out, CsvModel m) {
    int pos = m.bom() && input.length >= 3 && (input[0] & 0xff) == 0xef ? 3 : 0;
    pos = skipHeader(input, pos, m);
    long previousOffset = -1;
    for (Decoded d : out) {
      long offset = d.origin().offset();
      assertThat(offset).isGreaterThan(previousOffset);
      previousOffset = offset;
      assertGap(input, pos, (int) offset, m);
      byte[] raw = RawText.bytes(d.rawText());
      assertThat(Arrays.copyOfRange(input, (int) offset, (int) offset + raw.length)).isEqualTo(raw);
      pos = (int) offset + raw.length;
      if (d instanceof BadRecord bad && bad.reason() == RejectReason.TOO_LARGE) {
        while (pos < input.length && input[pos] != '\n' && input[pos] != '\r') {
          pos++;
        }
      }
    }
    assertGap(input, pos, input.length, m);
  }

  private static int skipHeader(byte[] input, int pos, CsvModel m) {
    while (pos < input.length && input[pos] != '\n' && input[pos] != '\r') {
      pos++;
    }
    return pos;
  }

  private static void assertGap(byte[] input, int from, int to, CsvModel m) {
    int i = from;
    while (i < to) {
      byte c = input[i];
      if (c == '\n' || c == '\r') {
        i++;
      } else if (c == m.comment() && (i == 0 || input[i - 1] == '\n' || input[i - 1] == '\r')) {
        while (i < to && input[i] != '\n' && input[i] != '\r') {
          i++;
        }
      } else {
        throw new AssertionError("bytes " + from + ".." + to + " are in no record: "
            + CsvModel.show(Arrays.copyOfRange(input, from, to)));
      }
    }
  }

  /** What the decoder gives, or null when the header was damaged and the file refused. */
  private static List<Decoded> decodeAll(byte[] bytes, DecodeOptions options) {
    List<Decoded> out = new ArrayList<>();
    try (RecordDecoder d = Format.CSV.open("in", new ByteArrayInputStream(bytes), options)) {
      Decoded r;
      while ((r = d.next()) != null) {
        out.add(r);
      }
      assertThat(d.position().offset()).as("bytes consumed").isEqualTo(bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      // The header itself was damaged: refused as a whole, which is a configuration error.
      if (!e.getMessage().startsWith("in: ")) {
        throw e;
      }
      return null;
    }
    return out;
  }

  private static Map<String, AttributeValue> item(List<String> header, List<String> fields) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      item.put(header.get(i), AttributeValue.fromS(fields.get(i)));
    }
    return item;
  }

  private static CsvModel withoutStrayQuotes(CsvModel m) {
    CsvModel kept = m;
    for (int i = m.rows().size() - 1; i >= 0; i--) {
      if (m.rows().get(i).kind() == CsvModel.Kind.STRAY_QUOTE) {
        kept = kept.without(i);
      }
    }
    return kept;
  }

  /** The fields of every record the tokenizer reads, the header included. */
  private static List<List<String>> tokens(byte[] bytes, CsvModel m) {
    List<List<String>> all = new ArrayList<>();
    try (CsvTokenizer t = new CsvTokenizer(new ByteArrayInputStream(bytes), CsvModel.bytes(m.delimiter()),
        CsvDialect.rfc4180(), m.maxRecordBytes())) {
      CsvTokenizer.Token token;
      while ((token = t.next()) != null) {
        assertThat(token.kind()).isEqualTo(CsvTokenizer.Kind.RECORD);
        all.add(List.of(token.fields()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** The fields of every record FastCSV reads (empty lines skipped, as ours). */
  private static List<List<String>> fastCsv(byte[] bytes, char delimiter) {
    List<List<String>> all = new ArrayList<>();
    CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true)
        .allowExtraFields(true).allowMissingFields(true)
        .ofCsvRecord(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    for (CsvRecord rec : reader) {
      all.add(rec.getFields());
    }
    return all;
  }
}
