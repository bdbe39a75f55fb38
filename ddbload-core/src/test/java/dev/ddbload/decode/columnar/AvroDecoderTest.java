package dev.ddbload.decode.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.RecordDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.CodecFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AvroDecoderTest {

  @TempDir
  Path dir;

  static Stream<String> codecs() {
    return Stream.of("null", "deflate", "snappy", "zstandard", "xz", "bzip2");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void everyTypeMapsExactlyInEveryCodec(String codec) throws IOException {
    Path file = dir.resolve("all.avro");
    // Written with Avro's own codecs (snappy-java for snappy); read with ddbload's.
    List<Map<String, AttributeValue>> expected = AvroFixtures.write(file, 30, CodecFactory.fromString(codec));

    List<Map<String, AttributeValue>> items = new ArrayList<>();
    try (RecordDecoder d = new AvroDecoder(file.toString(), Files.newInputStream(file), DecodeOptions.builder().build())) {
      Decoded r;
      while ((r = d.next()) != null) {
        items.add(ParquetDecoderTest.items(List.of(r)).get(0));
      }
    }

    assertThat(items).isEqualTo(expected);
  }

  @Test
  void snappyBlocksOfSnappyJavaDecompressAndTheChecksumIsChecked() throws IOException {
    byte[] data = "some block of Avro data, some block of Avro data".getBytes(StandardCharsets.UTF_8);
    byte[] compressed = Snappy.compress(data);
    CRC32 crc = new CRC32();
    crc.update(data);
    ByteBuffer block = ByteBuffer.allocate(compressed.length + 4).put(compressed).putInt((int) crc.getValue());
    block.flip();

    ByteBuffer out = new AvroSnappyCodec().decompress(block);

    byte[] got = new byte[out.remaining()];
    out.get(got);
    assertThat(got).isEqualTo(data);
    block.putInt(compressed.length, 0);
    assertThatThrownBy(() -> new AvroSnappyCodec().decompress(block)).hasMessageContaining("checksum");
  }
}
