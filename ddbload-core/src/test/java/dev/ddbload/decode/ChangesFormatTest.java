package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code ddb-changes}: the lines of a DynamoDB incremental export, as its output format documents
 * them ({@code Metadata.WriteTimestampMicros}, {@code Keys}, {@code NewImage}, {@code OldImage}).
 */
class ChangesFormatTest {

  private static final String META = "\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1680109764000000\"}}";

  private final DecodeOptions options = DecodeOptions.builder().build();

  @Test
  void aChangeWithANewImagePutsItAndOneWithoutDeletesItsKeys() throws IOException {
    String lines = "{" + META + ",\"Keys\":{\"pk\":{\"S\":\"a\"}},\"NewImage\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}}\n"
        + "{" + META + ",\"Keys\":{\"pk\":{\"S\":\"b\"}},\"OldImage\":{\"pk\":{\"S\":\"b\"},\"n\":{\"N\":\"2\"}},"
        + "\"NewImage\":{\"pk\":{\"S\":\"b\"},\"n\":{\"N\":\"3\"}}}\n"
        + "\n"
        + "{" + META + ",\"Keys\":{\"pk\":{\"S\":\"c\"}},\"OldImage\":{\"pk\":{\"S\":\"c\"},\"n\":{\"N\":\"4\"}}}\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"d\"}}}\n";

    Decoding.Result r = Decoding.decode(Format.DDB_CHANGES, lines, options);

    assertThat(r.records()).hasSize(4);
    assertThat(r.good(0).item()).isEqualTo(Map.of("pk", fromS("a"), "n", fromN("1")));
    assertThat(r.good(0).deletesKey()).isFalse();
    assertThat(r.good(1).item()).isEqualTo(Map.of("pk", fromS("b"), "n", fromN("3")));
    assertThat(r.good(1).deletesKey()).isFalse();
    assertThat(r.good(2).item()).isEqualTo(Map.of("pk", fromS("c")));
    assertThat(r.good(2).deletesKey()).isTrue();
    assertThat(r.good(3).item()).isEqualTo(Map.of("pk", fromS("d")));
    assertThat(r.good(3).deletesKey()).isTrue();
    assertThat(r.good(2).origin()).isEqualTo(new Origin("in", 4, 2, lines.indexOf("{" + META + ",\"Keys\":{\"pk\":{\"S\":\"c\"")));
    assertThat(r.good(3).rawText()).isEqualTo("{\"Keys\":{\"pk\":{\"S\":\"d\"}}}");
  }

  @Test
  void aMalformedLineIsOneRejectAndTheNextLinesAreRead() throws IOException {
    String lines = "{\"Keys\":{\"pk\":{\"S\":\"a\"}},\"NewImage\":{\"pk\":{\"S\":\"a\"}\n"
        + "{\"NewImage\":{\"pk\":{\"S\":\"b\"}}}\n"
        + "{\"Item\":{\"pk\":{\"S\":\"c\"}}}\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"d\"}},\"Keys\":{\"pk\":{\"S\":\"d\"}}}\n"
        + "{\"Keys\":{\"pk\":\"e\"}}\n"
        + "{\"Keys\":{}}\n"
        + "[1]\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"f\"}},\"NewImage\":{\"pk\":{\"S\":\"f\"},\"n\":{\"N\":\"x\"}}}\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"g\"}}}\n";

    Decoding.Result r = Decoding.decode(Format.DDB_CHANGES, lines, options);

    assertThat(r.records()).hasSize(9);
    for (int i = 0; i < 7; i++) {
      assertThat(r.bad(i).reason()).as("line %d: %s", i + 1, r.bad(i).message()).isEqualTo(RejectReason.MALFORMED);
    }
    assertThat(r.bad(1).message()).contains("no Keys");
    assertThat(r.bad(2).message()).contains("no Keys");
    assertThat(r.bad(3).message()).contains("twice");
    assertThat(r.bad(7).reason()).isEqualTo(RejectReason.BAD_NUMBER);
    assertThat(r.bad(7).raw()).startsWith("{\"Keys\":{\"pk\":{\"S\":\"f\"}}");
    assertThat(r.good(8).deletesKey()).isTrue();
    assertThat(r.failure()).isNull();
  }

  @Test
  void aNewImageWhoseKeyDiffersFromTheKeysIsRejected() throws IOException {
    String lines = "{\"Keys\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},\"NewImage\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}}}\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},\"NewImage\":{\"pk\":{\"S\":\"a\"}}}\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},\"NewImage\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1.0\"}}}\n";

    Decoding.Result r = Decoding.decode(Format.DDB_CHANGES, lines, options);

    assertThat(r.bad(0).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(0).message()).contains("NewImage's sk");
    assertThat(r.bad(1).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(1).message()).contains("missing");
    // One number, two spellings: the same key.
    assertThat(r.good(2).item()).containsEntry("sk", fromN("1.0"));
  }

  @Test
  void renamesAndExclusionsApplyToTheImageAndTheKeys() throws IOException {
    DecodeOptions shaped = DecodeOptions.builder()
        .shaping(AttributeShaping.of(Map.of("pk", "id"), Set.of("secret")))
        .build();
    String lines = "{\"Keys\":{\"pk\":{\"S\":\"a\"}},\"NewImage\":{\"pk\":{\"S\":\"a\"},\"secret\":{\"S\":\"s\"}}}\n"
        + "{\"Keys\":{\"pk\":{\"S\":\"b\"}}}\n";

    Decoding.Result r = Decoding.decode(Format.DDB_CHANGES, lines, shaped);

    assertThat(r.good(0).item()).isEqualTo(Map.of("id", fromS("a")));
    assertThat(r.good(1).item()).isEqualTo(Map.of("id", fromS("b")));
  }

  @Test
  void ionTextChangesAsDynamoDbWritesThem() throws IOException {
    String ion = "$ion_1_0 {Metadata:{WriteTimestampMicros:1680109764000000},Keys:{pk:\"a\"},"
        + "NewImage:{pk:\"a\",n:2.,ss:$dynamodb_SS::[\"x\"]}}\n"
        + "$ion_1_0 {Metadata:{WriteTimestampMicros:1680109764000001},Keys:{pk:\"b\"},OldImage:{pk:\"b\"}}\n"
        + "$ion_1_0 {Keys:{pk:\"c\"},NewImage:{pk:\"z\"}}\n"
        + "$ion_1_0 {Keys:{pk:\"d\"},NewImage:{pk:\"d\"\n"
        + "$ion_1_0 {Keys:{pk:\"e\"}}\n";

    Decoding.Result r = Decoding.decode(Format.DDB_CHANGES, ion, options);

    assertThat(r.records()).hasSize(5);
    assertThat(r.good(0).item()).containsEntry("pk", fromS("a")).containsEntry("n", fromN("2"));
    assertThat(r.good(0).item().get("ss").ss()).containsExactly("x");
    assertThat(r.good(0).deletesKey()).isFalse();
    assertThat(r.good(1).item()).isEqualTo(Map.of("pk", fromS("b")));
    assertThat(r.good(1).deletesKey()).isTrue();
    assertThat(r.bad(2).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.bad(3).reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.good(4).deletesKey()).isTrue();
  }

  @Test
  void binaryIonChanges() throws IOException {
    IonSystem ion = IonSystemBuilder.standard().build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (IonWriter w = IonBinaryWriterBuilder.standard().build(out)) {
      ion.singleValue("{Keys:{pk:\"a\"},NewImage:{pk:\"a\",n:1.}}").writeTo(w);
      ion.singleValue("{Keys:{pk:\"b\"}}").writeTo(w);
    }

    Decoding.Result r = Decoding.decode(Format.DDB_CHANGES, out.toByteArray(), options);

    assertThat(r.records()).hasSize(2);
    assertThat(r.good(0).item()).isEqualTo(Map.of("pk", fromS("a"), "n", fromN("1")));
    assertThat(r.good(1).deletesKey()).isTrue();
  }

  @Test
  void theFormatIsNamedDdbChanges() {
    assertThat(Format.parse("DDB-Changes")).isEqualTo(Format.DDB_CHANGES);
    assertThat(Format.DDB_CHANGES.readsLines()).isFalse();
  }
}
