package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class IonFormatTest {

  private final DecodeOptions options = DecodeOptions.builder().build();

  @Test
  void dynamoDbIonExportLines() throws IOException {
    String ion = "$ion_1_0 {Item:{id:\"a\",n:103.,big:12345678901234567890123456789012345678.,e:2d3,"
        + "b:{{AAEC}},ss:$dynamodb_SS::[\"x\",\"y\"],ns:$dynamodb_NS::[1.,2.5],bs:$dynamodb_BS::[{{AQ==}}],"
        + "l:[\"e\",true],m:{k:1.},z:null,t:false}}\n"
        + "$ion_1_0 {id:\"bare\"}\n"
        + "$ion_1_0 [1,2]\n"
        + "$ion_1_0 {Item:{id:\"c\",s:$dynamodb_SS::[]}}\n";

    Decoding.Result r = Decoding.decode(Format.ION, ion, options);

    Map<String, AttributeValue> first = r.good(0).item();
    assertThat(first.get("n")).isEqualTo(fromN("103"));
    assertThat(first.get("big")).isEqualTo(fromN("12345678901234567890123456789012345678"));
    assertThat(first.get("e")).isEqualTo(fromN("2000"));
    assertThat(first.get("b").b()).isEqualTo(SdkBytes.fromByteArray(new byte[] {0, 1, 2}));
    assertThat(first.get("ss").ss()).containsExactly("x", "y");
    assertThat(first.get("ns").ns()).containsExactly("1", "2.5");
    assertThat(first.get("bs").bs()).hasSize(1);
    assertThat(first.get("m").m()).isEqualTo(Map.of("k", fromN("1")));
    assertThat(first.get("z").nul()).isTrue();
    assertThat(first.get("t").bool()).isFalse();
    assertThat(r.good(0).origin().line()).isEqualTo(1);
    assertThat(r.good(1).item()).isEqualTo(Map.of("id", fromS("bare")));
    assertThat(r.good(1).origin()).isEqualTo(new Origin("in", 2, 1, ion.indexOf("$ion_1_0 {id:\"bare\"}")));
    assertThat(r.bad(2).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(3).reason()).isEqualTo(RejectReason.BAD_VALUE);
    assertThat(r.records()).hasSize(4);
  }

  @Test
  void binaryIonCarriesByteOffsets() throws IOException {
    IonSystem ion = IonSystemBuilder.standard().build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (IonWriter w = IonBinaryWriterBuilder.standard().build(out)) {
      ion.singleValue("{id:\"a\"}").writeTo(w);
      ion.singleValue("{id:\"b\"}").writeTo(w);
    }

    Decoding.Result r = Decoding.decode(Format.ION, out.toByteArray(), options);

    assertThat(r.records()).hasSize(2);
    assertThat(r.good(1).item()).isEqualTo(Map.of("id", fromS("b")));
    assertThat(r.good(0).origin().offset()).isPositive();
    assertThat(r.good(1).origin().offset()).isGreaterThan(r.good(0).origin().offset());
  }

  @Test
  void invalidIonEndsTheFileAfterTheValuesBeforeIt() throws IOException {
    Decoding.Result r = Decoding.decode(Format.ION, "{id:\"a\"}\n{id:\"b\"}\n{id:", options);

    assertThat(r.records()).hasSize(2);
    assertThat(r.failure()).isNotNull();
  }

  @Test
  void aBrokenValueInIonTextCostsOnlyItself() throws IOException {
    String ion = "$ion_1_0 {Item:{id:\"a\"}}\n"
        + "$ion_1_0 {Item:{id:\"b\" n:2}}\n"
        + "$ion_1_0 {Item:{id:\"\\ud800\"}}\n"
        + "$ion_1_0 {Item:{id:\"open\n"
        + "$ion_1_0 {Item:{id:\"unclosed\", m:{k:1}}\n"
        + "$ion_1_0 {Item:{id:\"c\", note:{{\"}} in a clob\"}}, /* } */ l:[1, // ]\n 2]}}\n"
        + "{\n  id: \"pretty\",\n  n: 3.\n}\n";

    Decoding.Result r = Decoding.decode(Format.ION, ion, options);

    assertThat(r.failure()).isNull();
    assertThat(r.records()).hasSize(7);
    assertThat(r.good(0).item()).isEqualTo(Map.of("id", fromS("a")));
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(1).raw()).isEqualTo("$ion_1_0 {Item:{id:\"b\" n:2}}");
    assertThat(r.bad(1).message()).startsWith("invalid Ion: ");
    assertThat(r.bad(1).origin()).isEqualTo(new Origin("in", 2, 1, ion.indexOf("$ion_1_0 {Item:{id:\"b\"")));
    assertThat(r.bad(2).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(r.bad(2).message()).contains("half a surrogate pair");
    assertThat(r.bad(2).raw()).isEqualTo("$ion_1_0 {Item:{id:\"\\ud800\"}}");
    assertThat(r.bad(3).raw()).isEqualTo("$ion_1_0 {Item:{id:\"open");
    assertThat(r.bad(4).raw()).isEqualTo("$ion_1_0 {Item:{id:\"unclosed\", m:{k:1}}");
    assertThat(r.good(5).item()).containsEntry("id", fromS("c")).containsEntry("l",
        AttributeValue.fromL(java.util.List.of(fromN("1"), fromN("2"))));
    assertThat(r.good(6).item()).isEqualTo(Map.of("id", fromS("pretty"), "n", fromN("3")));
    assertThat(r.good(6).origin().line()).isEqualTo(8);
  }

  @Test
  void anIonTextValueLongerThanTheLimitOrNotUtf8CostsOnlyItself() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(("{id:\"" + "x".repeat(3000) + "\"}\n{id:\"").getBytes(StandardCharsets.US_ASCII));
    bytes.write(0xff);
    bytes.writeBytes("\"}\n{id:\"ok\"}\n".getBytes(StandardCharsets.US_ASCII));

    Decoding.Result r = Decoding.decode(Format.ION, bytes.toByteArray(), DecodeOptions.builder().maxRecordBytes(2048)
        .build());

    assertThat(r.records()).hasSize(3);
    assertThat(r.bad(0).reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(r.bad(0).raw()).hasSize(3007);
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.BAD_ENCODING);
    assertThat(RawText.bytes(r.bad(1).raw())).containsExactly('{', 'i', 'd', ':', '"', 0xff, '"', '}');
    assertThat(r.good(2).item()).isEqualTo(Map.of("id", fromS("ok")));
  }
}
