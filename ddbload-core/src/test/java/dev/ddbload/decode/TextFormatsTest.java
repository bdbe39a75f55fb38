package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.TextCells;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CSV, TSV and text lines. */
class TextFormatsTest {

  private static DecodeOptions.Builder options() {
    return DecodeOptions.builder();
  }

  @Test
  void csvWithQuotesEmbeddedNewlinesCrlfAndBom() throws IOException {
    String csv = "\uFEFFid,note\r\n1,\"two\r\nlines, \"\"quoted\"\"\"\r\n2,plain\r\n";

    Decoding.Result r = Decoding.decode(Format.CSV, csv, options().build());

    assertThat(r.records()).hasSize(2);
    assertThat(r.good(0).item()).isEqualTo(Map.of("id", fromS("1"), "note", fromS("two\r\nlines, \"quoted\"")));
    // Offsets count bytes, the byte-order mark included.
    assertThat(r.good(0).origin()).isEqualTo(new Origin("in", 2, 0, 3 + "id,note\r\n".length()));
    assertThat(r.good(1).origin()).isEqualTo(new Origin("in", 4, 1, csv.indexOf("2,plain") + 2));
  }

  @Test
  void tsvAndOtherDelimitersAndHeaderlessColumns() throws IOException {
    Decoding.Result tsv = Decoding.decode(Format.TSV, "id\tv\na\tx,y\n", options().build());
    Decoding.Result semi = Decoding.decode(Format.CSV, "a;1\nb;2\n",
        options().delimiter(";").columns(List.of("id", "n")).build());
    Decoding.Result multi = Decoding.decode(Format.CSV, "a||1\n", options().delimiter("||").columns(List.of("id", "n"))
        .build());

    assertThat(tsv.good(0).item()).isEqualTo(Map.of("id", fromS("a"), "v", fromS("x,y")));
    assertThat(semi.records()).hasSize(2);
    assertThat(semi.good(1).item()).isEqualTo(Map.of("id", fromS("b"), "n", fromS("2")));
    assertThat(semi.good(0).origin().line()).isEqualTo(1);
    assertThat(multi.good(0).item()).isEqualTo(Map.of("id", fromS("a"), "n", fromS("1")));
  }

  @Test
  void invalidUtf8InCsvCostsOnlyItsRecord() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("id\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 5000; i++) {
      bytes.writeBytes(("r" + i + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    int badAt = bytes.size();
    bytes.writeBytes(new byte[] {'x', (byte) 0xc3, (byte) 0x28, '\n'});
    bytes.writeBytes("after\n".getBytes(StandardCharsets.US_ASCII));

    Decoding.Result r = Decoding.decode(Format.CSV, bytes.toByteArray(), options().build());

    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(5002);
    assertThat(r.bad(5000).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(r.bad(5000).message()).isEqualTo("invalid UTF-8 at byte " + (badAt + 1));
    assertThat(r.bad(5000).origin()).isEqualTo(new Origin("in", 5002, 5000, badAt));
    assertThat(RawText.bytes(r.bad(5000).raw())).containsExactly('x', (byte) 0xc3, (byte) 0x28);
    assertThat(r.good(5001).item()).isEqualTo(Map.of("id", fromS("after")));
  }

  @Test
  void textLinesSplitIntoTheNamedColumnsTheLastKeepingTheRest() throws IOException {
    String text = "  k1   some value with  spaces \nk2 v2\n\nlonely\n";

    Decoding.Result r = Decoding.decode(Format.TEXT, text, options().columns(List.of("mykey", "myvalue")).build());

    assertThat(r.records()).hasSize(3);
    assertThat(r.good(0).item()).isEqualTo(Map.of("mykey", fromS("k1"), "myvalue", fromS("some value with  spaces")));
    assertThat(r.good(1).origin()).isEqualTo(new Origin("in", 2, 1, 32));
    assertThat(r.bad(2).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(2).message()).contains("splits into 1 field, not the 2");
    assertThat(r.bad(2).origin().line()).isEqualTo(4);
  }

  @Test
  void textWithARegexDelimiter() throws IOException {
    Decoding.Result r = Decoding.decode(Format.TEXT, "a=1=x\n", options().columns(List.of("k", "v")).delimiter("=")
        .build());

    assertThat(r.good(0).item()).isEqualTo(Map.of("k", fromS("a"), "v", fromS("1=x")));
  }

  @Test
  void textNeedsColumns() {
    assertThatThrownBy(() -> Decoding.decode(Format.TEXT, "a b\n", options().build()))
        .hasMessageContaining("needs LoadOptions.columns");
  }

  @Test
  void inferredTypesRenamesAndExclusions() throws IOException {
    TextCells cells = new TextCells(ItemSchema.parse("zip:S"), EmptyCellPolicy.OMIT, ";", true);
    DecodeOptions o = options().cells(cells).keys(KeySchema.parse("pk:S"))
        .shaping(AttributeShaping.of(Map.of("id", "pk"), Set.of("secret"))).build();
    String csv = "id,n,f,b,zip,odd,secret\n42,7,-1.5,true,02134,007,x\n";

    Decoding.Result r = Decoding.decode(Format.CSV, csv, o);

    // The key keeps its type (S) though it looks like a number; zip is declared S; 007 stays S.
    assertThat(r.good(0).item()).isEqualTo(Map.of("pk", fromS("42"), "n", fromN("7"), "f", fromN("-1.5"),
        "b", fromBool(true), "zip", fromS("02134"), "odd", fromS("007")));
  }

  @Test
  void aCsvRecordLongerThanTheLimitIsRejected() throws IOException {
    String big = "x".repeat(3000);
    Decoding.Result r = Decoding.decode(Format.CSV, "id,v\na," + big + "\nb,ok\n", options().maxRecordBytes(2048)
        .build());

    assertThat(r.records()).hasSize(2);
    assertThat(r.bad(0).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.good(1).item()).containsEntry("id", fromS("b"));
  }
}
