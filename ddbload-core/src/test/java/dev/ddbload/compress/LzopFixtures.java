package dev.ddbload.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The lzop files under {@code src/test/resources/lzop} (made by the real lzop) and their content. */
public final class LzopFixtures {

  private LzopFixtures() {}

  /** Lines 0 to n-1 as the fixtures hold them: {@code key-NNNNN some value M}. */
  public static String lines(int n) {
    StringBuilder sb = new StringBuilder(n * 25);
    for (int i = 0; i < n; i++) {
      sb.append(String.format("key-%05d some value %d%n", i, i % 100).replace(System.lineSeparator(), "\n"));
    }
    return sb.toString();
  }

  /** The 12,000 lines of {@code lines-*.lzo}. */
  public static byte[] allLines() {
    return lines(12_000).getBytes(StandardCharsets.US_ASCII);
  }

  /** A fixture's bytes. */
  public static byte[] bytes(String name) {
    try (InputStream in = LzopFixtures.class.getResourceAsStream("/lzop/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
