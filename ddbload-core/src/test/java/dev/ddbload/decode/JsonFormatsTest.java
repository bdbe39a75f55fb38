package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** JSON Lines, JSON arrays and DynamoDB JSON. */
class JsonFormatsTest {

  private final DecodeOptions options = DecodeOptions.builder().maxRecordBytes(1024).build();

  @Test
  void jsonLinesCarryExactByteOffsets() throws IOException {
    String text = "\uFEFF{\"id\":\"é\"}\r\n\n{\"id\":2}\n";

    Decoding.Result r = Decoding.decode(Format.JSONL, text, options);

    assertThat(r.good(0).origin()).isEqualTo(new Origin("in", 1, 0, 3));
    assertThat(r.good(1).origin()).isEqualTo(new Origin("in", 3, 1, 3 + 11 + 2 + 1));
    assertThat(r.good(0).item()).isEqualTo(Map.of("id", fromS("é")));
  }

  @Test
  void anInvalidUtf8LineOrATooLongLineCostsOnlyThatLine() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"id\":1}\n".getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, '"', '}', '\n'});
    bytes.writeBytes(("{\"id\":\"" + "x".repeat(5000) + "\"}\n").getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes("{\"id\":4}\n".getBytes(StandardCharsets.US_ASCII));

    Decoding.Result r = Decoding.decode(Format.JSONL, bytes.toByteArray(), options);

    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(4);
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(r.bad(1).message()).isEqualTo("invalid UTF-8 at byte 16");
    assertThat(r.bad(2).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.bad(2).origin()).isEqualTo(new Origin("in", 3, 2, 20));
    assertThat(r.good(3).origin()).isEqualTo(new Origin("in", 4, 3, 20 + 5010));
    // Rejects keep the record whole: its exact bytes, or all of a line up to twice the limit.
    assertThat(RawText.bytes(r.bad(1).raw())).containsExactly('{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, '"', '}');
    assertThat(r.bad(2).message()).isEqualTo("the line is 5009 bytes, longer than the 1024 bytes allowed"
        + " (LoadOptions.maxRecordBytes); its first 2048 bytes are kept here");
    assertThat(r.bad(2).raw()).hasSize(2048).startsWith("{\"id\":\"xxx");
  }

  @Test
  void aLineLongerThanTheLimitIsKeptWholeUpToTwiceTheLimit() throws IOException {
    String line = "{\"id\":\"" + "x".repeat(1500) + "\"}";

    Decoding.Result r = Decoding.decode(Format.JSONL, line + "\r\n" + line + "\n{\"id\":3}", options);

    assertThat(r.bad(0).raw()).isEqualTo(line);
    assertThat(r.bad(0).message()).isEqualTo("the line is 1509 bytes, longer than the 1024 bytes allowed"
        + " (LoadOptions.maxRecordBytes)");
    assertThat(r.bad(1).raw()).isEqualTo(line);
    assertThat(r.good(2).origin()).isEqualTo(new Origin("in", 3, 2, 2L * line.length() + 3));
  }

  @Test
  void aJsonArrayIsStreamedElementByElement() throws IOException {
    String json = "  [\n {\"id\": 1, \"n\": 1.50},\n 7,\n " + manyFields(150) + ",\n " + manyFields(3000)
        + ",\n {\"id\": 2, \"l\": [true, null]}\n]\n";

    Decoding.Result r = Decoding.decode(Format.JSON, json, options);

    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(5);
    assertThat(r.good(0).item()).isEqualTo(Map.of("id", fromN("1"), "n", fromN("1.50")));
    assertThat(r.good(0).origin()).isEqualTo(new Origin("in", 2, 0, 5));
    assertThat(r.bad(1).message()).contains("a number, not a JSON object");
    // Found too large at its end, and while reading it (well past the limit).
    assertThat(r.bad(2).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.bad(3).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.good(4).item()).containsEntry("l", AttributeValue.fromL(List.of(fromBool(true),
        AttributeValue.fromNul(true))));
    assertThat(r.good(4).rawText()).isEqualTo("{\"id\": 2, \"l\": [true, null]}");
    assertThat(r.bad(2).raw()).isEqualTo(manyFields(150));
  }

  @Test
  void aStringLongerThanTheLimitCostsOnlyItsElement() throws IOException {
    String json = "[{\"id\":1},{\"id\":\"" + "y".repeat(2000) + "\"},{\"id\":3}]";

    Decoding.Result r = Decoding.decode(Format.JSON, json, options);

    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(3);
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.bad(1).origin()).isEqualTo(new Origin("in", 1, 1, 10));
    assertThat(r.good(2).item()).isEqualTo(Map.of("id", fromN("3")));
  }

  private static String manyFields(int n) {
    StringBuilder sb = new StringBuilder("{\"id\":\"m\"");
    for (int i = 0; i < n; i++) {
      sb.append(",\"f").append(i).append("\":1");
    }
    return sb.append('}').toString();
  }

  @Test
  void aJsonFileThatIsNotAnArrayIsReadAsLines() throws IOException {
    Decoding.Result r = Decoding.decode(Format.JSON, "{\"id\":1}\n{\"id\":2}\n", options);

    assertThat(r.records()).hasSize(2);
  }

  @Test
  void aTruncatedJsonArrayKeepsTheElementsBeforeTheDamage() throws IOException {
    Decoding.Result r = Decoding.decode(Format.JSON, "[{\"id\":1},{\"id\":2},{\"id\":", options);

    assertThat(r.records()).hasSize(2);
    assertThat(r.failure()).isNotNull();
    assertThat(r.failedAt().index()).isEqualTo(2);
  }

  @Test
  void dynamoJsonExportLinesAndBareItems() throws IOException {
    String lines = "{\"Item\":{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"12345678901234567890123456789012345678\"},"
        + "\"b\":{\"B\":\"AAEC\"},\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},\"ss\":{\"SS\":[\"x\",\"y\"]},"
        + "\"ns\":{\"NS\":[\"1\",\"2.5\"]},\"bs\":{\"BS\":[\"AQ==\"]},\"l\":{\"L\":[{\"S\":\"e\"}]},"
        + "\"m\":{\"M\":{\"k\":{\"N\":\"1\"}}}}}\n"
        + "{\"id\":{\"S\":\"bare\"}}\n"
        + "{\"Item\":{\"S\":\"only attribute named Item\"}}\n"
        + "{\"id\":{\"SS\":[]}}\n"
        + "{\"id\":{\"X\":\"?\"}}\n";

    Decoding.Result r = Decoding.decode(Format.DDB_JSON, lines, options);

    Map<String, AttributeValue> first = r.good(0).item();
    assertThat(first.get("n")).isEqualTo(fromN("12345678901234567890123456789012345678"));
    assertThat(first.get("b")).isEqualTo(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2})));
    assertThat(first.get("ss").ss()).containsExactly("x", "y");
    assertThat(first.get("ns").ns()).containsExactly("1", "2.5");
    assertThat(first.get("bs").bs()).containsExactly(SdkBytes.fromByteArray(new byte[] {1}));
    assertThat(first.get("m").m()).isEqualTo(Map.of("k", fromN("1")));
    assertThat(first.get("z").nul()).isTrue();
    assertThat(r.good(1).item()).isEqualTo(Map.of("id", fromS("bare")));
    assertThat(r.good(2).item()).isEqualTo(Map.of("Item", fromS("only attribute named Item")));
    assertThat(r.bad(3).reason()).isEqualTo(RejectReason.BAD_VALUE);
    assertThat(r.bad(4).message()).contains("unknown type 'X'");
  }

  @Test
  void renamesAndExclusionsApplyToJsonToo() throws IOException {
    DecodeOptions o = DecodeOptions.builder().shaping(AttributeShaping.of(Map.of("a", "b", "b", "a"), Set.of("c")))
        .build();

    Decoding.Result r = Decoding.decode(Format.JSONL, "{\"a\":1,\"b\":2,\"c\":3}\n", o);

    assertThat(r.good(0).item()).isEqualTo(Map.of("b", fromN("1"), "a", fromN("2")));
  }
}
