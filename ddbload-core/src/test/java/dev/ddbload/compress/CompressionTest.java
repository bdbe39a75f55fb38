package dev.ddbload.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

  private static final byte[] DATA = LzopFixtures.lines(3_000).getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(Compression.class)
  void isDetectedByItsMagicBytesAndReadBack(Compression compression) throws IOException {
    byte[] compressed = Compressors.compress(compression, DATA);

    Compression.Decompressed d = Compression.open(new ByteArrayInputStream(compressed));

    assertThat(d.compression()).isEqualTo(compression);
    try (InputStream in = d.stream()) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "ZSTD", "LZ4", "LZOP"})
  void concatenatedMembersAreOneStream(Compression compression) throws IOException {
    byte[] first = Compressors.compress(compression, Arrays.copyOf(DATA, 1000));
    byte[] second = Compressors.compress(compression, Arrays.copyOfRange(DATA, 1000, DATA.length));
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(first);
    both.write(second);

    assertThat(read(both.toByteArray())).isEqualTo(DATA);
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
  void aTruncatedStreamHandsOutWhatItDecodedThenFails(Compression compression) throws IOException {
    byte[] big = LzopFixtures.lines(40_000).getBytes(StandardCharsets.US_ASCII);
    byte[] compressed = Compressors.compress(compression, big);
    byte[] cut = Arrays.copyOf(compressed, compressed.length * 2 / 3);
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    try (InputStream in = Compression.open(new ByteArrayInputStream(cut)).stream()) {
      assertThatThrownBy(() -> {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
          got.write(buf, 0, n);
        }
      }).isInstanceOf(IOException.class);
    }
    byte[] prefix = got.toByteArray();
    assertThat(prefix.length).isGreaterThan(big.length / 3);
    assertThat(prefix).isEqualTo(Arrays.copyOf(big, prefix.length));
  }

  @Test
  void plainTextIsNotTakenForCompressedData() {
    byte[] text = "BZh9 is not bzip2\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(Compression.detect(text, text.length)).isEqualTo(Compression.NONE);
    assertThat(Compression.detect(new byte[0], 0)).isEqualTo(Compression.NONE);
  }

  @Test
  void theExtensionIsOnlyAHint() throws IOException {
    assertThat(Compression.stripExtension("part-0.csv.gz")).isEqualTo("part-0.csv");
    assertThat(Compression.stripExtension("x.JSON.ZST")).isEqualTo("x.JSON");
    assertThat(Compression.stripExtension("x.csv")).isEqualTo("x.csv");
    assertThat(Compression.fromFileName("a.lzo")).contains(Compression.LZOP);
    // Named .gz, but plain: read as it is.
    assertThat(read("a,b\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("a,b\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] read(byte[] data) throws IOException {
    try (InputStream in = Compression.open(new ByteArrayInputStream(data)).stream()) {
      return in.readAllBytes();
    }
  }
}
