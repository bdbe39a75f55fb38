package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.TextCells;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** CSV and JSON Lines decoding: records, their lines, and bad rows as rejects. */
class CsvDecodingTest {

  private static final DecodeOptions OPTIONS = DecodeOptions.builder()
      .cells(new TextCells(ItemSchema.parse("n:N"), EmptyCellPolicy.OMIT, ";", false))
      .keys(KeySchema.parse("id:S"))
      .build();

  private static List<Decoded> decode(Format format, String text) throws IOException {
    List<Decoded> all = new ArrayList<>();
    try (RecordDecoder d = format.open("in", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        OPTIONS)) {
      Decoded r;
      while ((r = d.next()) != null) {
        all.add(r);
      }
    }
    return all;
  }

  private static SourceRecord good(Decoded d) {
    assertThat(d).isInstanceOf(SourceRecord.class);
    return (SourceRecord) d;
  }

  @Test
  void rfc4180QuotingEmbeddedNewlinesCrlfAndBom() throws IOException {
    String csv = "\uFEFFid,text,n\r\n"
        + "a,\"hello, world\",1\r\n"
        + "b,\"two\r\nlines \"\"quoted\"\"\",2\r\n"
        + "c,plain,3\r\n";
    List<Decoded> records = decode(Format.CSV, csv);

    assertThat(records).hasSize(3);
    assertThat(good(records.get(0)).item()).containsEntry("id", AttributeValue.fromS("a"))
        .containsEntry("text", AttributeValue.fromS("hello, world")).containsEntry("n", AttributeValue.fromN("1"));
    assertThat(good(records.get(1)).item()).containsEntry("text", AttributeValue.fromS("two\r\nlines \"quoted\""));
    assertThat(records).extracting(d -> d.origin().line()).containsExactly(2L, 3L, 5L);
  }

  @Test
  void aBadCellIsABadRecordWithItsLineAndTheRowAsWritten() throws IOException {
    List<Decoded> records = decode(Format.CSV, "id,n\na,1\nb,notanumber\nc,3\n");

    assertThat(records).hasSize(3);
    assertThat(records.get(1)).isInstanceOfSatisfying(BadRecord.class, bad -> {
      assertThat(bad.origin()).isEqualTo(new Origin("in", 3, 1, "id,n\na,1\n".length()));
      assertThat(bad.reason()).isEqualTo(RejectReason.BAD_NUMBER);
      assertThat(bad.raw()).isEqualTo("b,notanumber");
    });
    assertThat(good(records.get(2)).item()).containsEntry("n", AttributeValue.fromN("3"));
  }

  @Test
  void aRowWithTooFewFieldsIsMalformed() throws IOException {
    List<Decoded> records = decode(Format.CSV, "id,n\na\n");
    assertThat(records.get(0)).isInstanceOfSatisfying(BadRecord.class,
        bad -> assertThat(bad.reason()).isEqualTo(RejectReason.MALFORMED));
  }

  @Test
  void aHeaderNamingAColumnTwiceIsRefusedForTheWholeFile() {
    assertThatThrownBy(() -> decode(Format.CSV, "id,id\n1,2\n")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in: the header names column 'id' twice");
  }

  @Test
  void anEmptyFileHasNoRecords() throws IOException {
    assertThat(decode(Format.CSV, "")).isEmpty();
    assertThat(decode(Format.JSONL, "")).isEmpty();
  }

  @Test
  void jsonLinesSkipBlankLinesAndKeepLineNumbers() throws IOException {
    List<Decoded> records = decode(Format.JSONL, "{\"id\":\"a\"}\n\n  \n{\"id\":\"b\",\"n\":2}\n{broken\n");

    assertThat(records).extracting(d -> d.origin().line()).containsExactly(1L, 4L, 5L);
    assertThat(good(records.get(1)).item()).containsEntry("n", AttributeValue.fromN("2"));
    assertThat(records.get(2)).isInstanceOfSatisfying(BadRecord.class, bad -> {
      assertThat(bad.reason()).isEqualTo(RejectReason.MALFORMED);
      assertThat(bad.raw()).isEqualTo("{broken");
    });
  }

  @Test
  void formatsComeFromTheExtensionOrTheirName() {
    assertThat(Format.fromFileName("a/B.CSV")).contains(Format.CSV);
    assertThat(Format.fromFileName("x.ndjson")).contains(Format.JSONL);
    assertThat(Format.fromFileName("x.txt")).isEmpty();
    assertThat(Format.parse(" JsonL ")).isEqualTo(Format.JSONL);
    assertThatThrownBy(() -> Format.parse("xml")).hasMessageContaining("is not one of");
  }
}
