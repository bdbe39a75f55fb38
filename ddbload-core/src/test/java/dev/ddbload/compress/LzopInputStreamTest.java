package dev.ddbload.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.lzo.LzopHadoopStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LzopInputStreamTest {

  @ParameterizedTest
  @ValueSource(strings = {"lines-1.lzo", "lines-3.lzo", "lines-7.lzo", "lines-9.lzo", "lines-concatenated.lzo"})
  void readsFilesOfEveryLevelAndConcatenatedMembers(String fixture) throws IOException {
    assertThat(decompress(LzopFixtures.bytes(fixture))).isEqualTo(LzopFixtures.allLines());
  }

  @Test
  void readsDeltaFilteredFilesWithCrc32Checksums() throws IOException {
    byte[] expected = LzopFixtures.lines(2_000).getBytes(StandardCharsets.US_ASCII);

    assertThat(decompress(LzopFixtures.bytes("small-filter3-crc32.lzo"))).isEqualTo(expected);
  }

  @Test
  void readsWhatAircompressorWrites() throws IOException {
    byte[] data = LzopFixtures.lines(500).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream lzop = new LzopHadoopStreams().createOutputStream(out)) {
      lzop.write(data);
    }

    assertThat(decompress(out.toByteArray())).isEqualTo(data);
  }

  @Test
  void aCorruptBlockFailsAfterHandingOutEveryBlockBeforeIt() throws IOException {
    byte[] file = LzopFixtures.bytes("lines-3.lzo");
    int secondBlock = secondBlockDataOffset(file);
    file[secondBlock + 100] ^= 0x55;
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    try (InputStream in = new LzopInputStream(new ByteArrayInputStream(file))) {
      assertThatThrownBy(() -> in.transferTo(got))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("lzop block 2 of member 1")
          .hasMessageContaining("is corrupt");
    }
    // The first block (256 KiB) was handed out whole.
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(LzopFixtures.allLines(), 256 * 1024));
  }

  @Test
  void aTruncatedFileNamesWhereItEnds() throws IOException {
    byte[] file = LzopFixtures.bytes("lines-7.lzo");
    byte[] cut = Arrays.copyOf(file, file.length - 1000);

    try (InputStream in = new LzopInputStream(new ByteArrayInputStream(cut))) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .hasMessageContaining("lzop data is truncated")
          .hasMessageContaining("block 2");
    }
  }

  @Test
  void garbageAfterAMemberIsAnError() throws IOException {
    byte[] file = LzopFixtures.bytes("small-filter3-crc32.lzo");
    byte[] withGarbage = Arrays.copyOf(file, file.length + 12);

    try (InputStream in = new LzopInputStream(new ByteArrayInputStream(withGarbage))) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .hasMessageContaining("no lzop member starts at byte " + file.length);
    }
  }

  @Test
  void aCorruptHeaderIsRefused() {
    byte[] file = LzopFixtures.bytes("lines-1.lzo");
    file[20] ^= 0x01; // inside the flags, covered by the header checksum

    assertThatThrownBy(() -> new LzopInputStream(new ByteArrayInputStream(file)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("header of lzop member 1");
  }

  private static byte[] decompress(byte[] file) throws IOException {
    try (InputStream in = new LzopInputStream(new ByteArrayInputStream(file))) {
      return in.readAllBytes();
    }
  }

  /** Where the second block's compressed bytes start, found by walking the first block's header. */
  private static int secondBlockDataOffset(byte[] file) {
    int nameLength = file[9 + 2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4] & 0xff;
    int firstBlock = 9 + 25 + nameLength + 4;
    int srcLen = readInt(file, firstBlock + 4);
    int second = firstBlock + 12 + srcLen; // dst_len, src_len, adler32 (level 3 writes no compressed checksum)
    return second + 12;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }
}
