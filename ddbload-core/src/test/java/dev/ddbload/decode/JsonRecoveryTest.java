package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;

import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JSON array element, JSON line or DynamoDB JSON line that is broken costs only itself, with a
 * one-sentence reason; names given twice and half surrogate pairs are refused.
 */
class JsonRecoveryTest {

  private final DecodeOptions options = DecodeOptions.builder().maxRecordBytes(1024).build();

  @Test
  void aBrokenArrayElementCostsOnlyItself() throws IOException {
    String json = "[\n  {\"id\":1},\n  {\"id\":2 \"x\":3},\n  {\"id\":[1,2},\n  {\"id\":\"open},\n  {\"id\":5},\n"
        + "  7,\n  {\"id\":8}\n]\n";

    Decoding.Result r = Decoding.decode(Format.JSON, json, options);

    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(7);
    assertThat(r.good(0).item()).isEqualTo(Map.of("id", fromN("1")));
    assertThat(r.bad(1).raw()).isEqualTo("{\"id\":2 \"x\":3}");
    assertThat(r.bad(1).message()).isEqualTo("invalid JSON at column 9: unexpected character '\"', was expecting"
        + " comma to separate Object entries");
    assertThat(r.bad(1).origin()).isEqualTo(new Origin("in", 3, 1, json.indexOf("{\"id\":2")));
    assertThat(r.bad(2).raw()).isEqualTo("{\"id\":[1,2}");
    // A line end inside a string ends the broken element with its line.
    assertThat(r.bad(3).raw()).isEqualTo("{\"id\":\"open},");
    assertThat(r.bad(3).message()).startsWith("invalid JSON at column");
    assertThat(r.good(4).item()).isEqualTo(Map.of("id", fromN("5")));
    assertThat(r.bad(5).message()).isEqualTo("the value is a number, not a JSON object");
    assertThat(r.good(6).origin()).isEqualTo(new Origin("in", 8, 6, json.indexOf("{\"id\":8}")));
  }

  @Test
  void emptyElementsAndTextAfterTheArray() throws IOException {
    Decoding.Result r = Decoding.decode(Format.JSON, "[{\"id\":1},,{\"id\":2},]\n{\"id\":3}\n", options);

    assertThat(r.records()).hasSize(4);
    assertThat(r.bad(1).message()).isEqualTo("an empty array element (a comma too many)");
    assertThat(r.bad(3).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.failure()).hasMessage("text follows the JSON array's closing bracket, at line 2");
    assertThat(r.failedAt().offset()).isEqualTo(22);
  }

  @Test
  void anArrayElementThatIsNotUtf8CostsOnlyItself() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("[{\"id\":1},{\"id\":\"".getBytes(StandardCharsets.US_ASCII));
    bytes.write(0xff);
    bytes.writeBytes("\"},{\"id\":3}]".getBytes(StandardCharsets.US_ASCII));

    Decoding.Result r = Decoding.decode(Format.JSON, bytes.toByteArray(), options);

    assertThat(r.records()).hasSize(3);
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(r.bad(1).message()).isEqualTo("invalid UTF-8 at byte 17");
    assertThat(RawText.bytes(r.bad(1).raw())).containsExactly('{', '"', 'i', 'd', '"', ':', '"', 0xff, '"', '}');
    assertThat(r.good(2).item()).isEqualTo(Map.of("id", fromN("3")));
  }

  @Test
  void namesGivenTwiceAreRefusedInEveryJsonFormat() throws IOException {
    Decoding.Result lines = Decoding.decode(Format.JSONL, "{\"id\":1,\"id\":2}\n{\"id\":3,\"m\":{\"a\":1,\"a\":2}}\n",
        options);
    Decoding.Result array = Decoding.decode(Format.JSON, "[{\"id\":1,\"v\":1,\"v\":2}]", options);
    Decoding.Result dynamo = Decoding.decode(Format.DDB_JSON, "{\"Item\":{\"id\":{\"S\":\"a\"},\"id\":{\"S\":\"b\"}}}\n",
        options);
    Decoding.Result ion = Decoding.decode(Format.ION, "{id:\"a\",id:\"b\"}\n{id:\"c\"}", options);

    assertThat(lines.bad(0).message()).isEqualTo("the name 'id' appears twice in one object");
    assertThat(lines.bad(1).message()).isEqualTo("the name 'a' appears twice in one object");
    assertThat(array.bad(0).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(dynamo.bad(0).message()).isEqualTo("the name 'id' appears twice in one object");
    assertThat(ion.bad(0).message()).isEqualTo("the name 'id' appears twice in one object");
    assertThat(ion.records()).hasSize(2);
  }

  @Test
  void halfASurrogatePairIsRefused() throws IOException {
    Decoding.Result lines = Decoding.decode(Format.JSONL,
        "{\"id\":\"\\ud800\"}\n{\"id\":\"\\uD83D\\uDE00\"}\n{\"id\":1,\"m\":{\"k\\udc00\":1}}\n", options);
    Decoding.Result array = Decoding.decode(Format.JSON, "[{\"id\":[\"\\udfff\"]}]", options);
    Decoding.Result dynamo = Decoding.decode(Format.DDB_JSON, "{\"id\":{\"SS\":[\"\\ud800x\"]}}\n", options);

    assertThat(lines.bad(0).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(lines.bad(0).message()).isEqualTo("attribute 'id' holds half a surrogate pair (an escape such as"
        + " \\ud800 alone), which is not Unicode text");
    assertThat(lines.good(1).item().get("id").s()).isEqualTo("\uD83D\uDE00");
    assertThat(lines.bad(2).message()).startsWith("attribute 'm' holds half");
    assertThat(array.bad(0).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(dynamo.bad(0).reason()).isEqualTo(RejectReason.BAD_ENCODING);
  }

  @Test
  void jsonErrorsAreOneSentence() throws IOException {
    Decoding.Result r = Decoding.decode(Format.JSONL, "{broken\n{\"a\":[1,2}\n{\"a\":\"x\u0001\"}\n{\"a\":NaN}\n"
        + "[1]\n{\"a\":1} x\n", options);

    assertThat(r.records()).extracting(d -> ((BadRecord) d).message()).containsExactly(
        "invalid JSON at column 2: unexpected character 'b', was expecting double-quote to start field name",
        "invalid JSON at column 10: unexpected close marker '}', expected ']'",
        "invalid JSON at column 8: illegal unquoted character (control character 1): has to be escaped using"
            + " backslash to be included in string value",
        "invalid JSON at column 9: non-standard token 'NaN' is not JSON",
        "the value is an array, not a JSON object",
        "invalid JSON at column 9: unrecognized token 'x', was expecting a JSON value");
  }

  @Test
  void aTruncatedArrayIsDamageNamedByItsElement() throws IOException {
    Decoding.Result r = Decoding.decode(Format.JSON, "[{\"id\":1},\n{\"id\":2},\n{\"id\":", options);

    assertThat(r.records()).hasSize(2);
    assertThat(r.failure()).hasMessage("the JSON array ends early (the file is truncated) in the element at line 3");
    assertThat(r.failedAt()).isEqualTo(new Origin("in", 3, 2, 21));
  }
}
