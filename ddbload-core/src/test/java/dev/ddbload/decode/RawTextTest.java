package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawTextTest {

  @Test
  void validUtf8IsItsTextAndCarriesNoEscapedBytes() {
    byte[] bytes = "plain, é, \uD83D\uDE00 and \uDCFF? no: only text".getBytes(StandardCharsets.UTF_8);

    String text = RawText.of(bytes);

    assertThat(text).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(RawText.hasEscapedBytes(RawText.of("a\uD83D\uDE00b".getBytes(StandardCharsets.UTF_8)))).isFalse();
    assertThat(RawText.readable(RawText.of("é".getBytes(StandardCharsets.UTF_8)))).isEqualTo("é");
  }

  @Test
  void invalidBytesComeBackExactly() {
    byte[][] samples = {
        {(byte) 0xff},
        {'a', (byte) 0xc3, (byte) 0x28, 'b'},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0x80},
    };
    for (byte[] bytes : samples) {
      String text = RawText.of(bytes);
      assertThat(RawText.hasEscapedBytes(text)).isTrue();
      assertThat(RawText.bytes(text)).containsExactly(bytes);
      assertThat(RawText.readable(text)).contains("\ufffd");
    }
  }
}
