package dev.ddbload.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Corrupt compressed data is refuted unit by unit: the check before loading trusts exactly the
 * units before the corrupt one, streaming tells where the unchecked unit began, and a truncation
 * refutes nothing.
 */
class IntegrityCheckTest {

  private static final byte[] DATA = LzopFixtures.lines(9_000).getBytes(StandardCharsets.US_ASCII);
  private static final int THIRD = DATA.length / 3;

  @TempDir
  Path dir;

  /** One unit (member, stream, frame) of {@code data}; gzip stored, so a flipped byte keeps its format valid. */
  private static byte[] unit(Compression c, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = switch (c) {
      case GZIP -> new GZIPOutputStream(bytes) {
        {
          def.setLevel(Deflater.NO_COMPRESSION);
        }
      };
      case BZIP2 -> new BZip2CompressorOutputStream(bytes);
      case ZSTD -> new ZstdOutputStream(bytes).setChecksum(true);
      case LZ4 -> new FramedLZ4CompressorOutputStream(bytes);
      case XZ -> new XZOutputStream(bytes, new LZMA2Options());
      default -> throw new IllegalArgumentException(c.toString());
    }) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** Three units of a third of {@link #DATA} each; a byte in the middle of the second flipped. */
  private static byte[][] threeUnits(Compression c) throws IOException {
    return new byte[][] {unit(c, Arrays.copyOf(DATA, THIRD)), unit(c, Arrays.copyOfRange(DATA, THIRD, 2 * THIRD)),
        unit(c, Arrays.copyOfRange(DATA, 2 * THIRD, DATA.length))};
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    return all.toByteArray();
  }

  private Path write(byte[] bytes) throws IOException {
    Path file = dir.resolve("data");
    Files.write(file, bytes);
    return file;
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "LZ4", "XZ"})
  void theCheckTrustsExactlyTheUnitsBeforeTheCorruptOne(Compression c) throws IOException {
    byte[][] units = threeUnits(c);
    units[1][units[1].length / 2] ^= 0x10;

    IntegrityCheck.Verdict verdict = IntegrityCheck.check(write(concat(units)), c, () -> false);

    assertThat(verdict.refuted()).isPresent();
    CorruptInputException refuted = verdict.refuted().get();
    assertThat(verdict.trustedBytes()).isEqualTo(THIRD);
    assertThat(refuted.unit()).endsWith(c == Compression.XZ ? "block 2" : c == Compression.GZIP ? "member 2"
        : "frame 2");
    if (c == Compression.XZ) {
      // the block, after its stream's 12-byte header
      assertThat(refuted.storedOffset()).isBetween(units[0].length - 16L, units[0].length + 16L);
    } else {
      assertThat(refuted.storedOffset()).isEqualTo(units[0].length);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "LZ4"})
  void streamingHandsOutTheDataThenNamesWhereTheRefutedUnitBegan(Compression c) throws IOException {
    byte[][] units = threeUnits(c);
    units[1][units[1].length / 2] ^= 0x10;
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    InputStream in = Compression.open(new ByteArrayInputStream(concat(units))).stream();
    assertThatThrownBy(() -> in.transferTo(got)).isInstanceOfSatisfying(CorruptInputException.class,
        e -> assertThat(e.outputOffset()).isEqualTo(THIRD));

    assertThat(((UnitTracking) in).unitOutputOffset()).isEqualTo(THIRD);
    assertThat(Arrays.copyOf(got.toByteArray(), THIRD)).isEqualTo(Arrays.copyOf(DATA, THIRD));
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "ZSTD", "LZ4", "XZ"})
  void aTruncatedFileIsTrustedAndStreamingEndsWithATruncation(Compression c) throws IOException {
    byte[] whole = concat(threeUnits(c));
    byte[] cut = Arrays.copyOf(whole, whole.length * 5 / 6);

    assertThat(IntegrityCheck.check(write(cut), c, () -> false).refuted()).isEmpty();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = Compression.open(new ByteArrayInputStream(cut)).stream();
    assertThatThrownBy(() -> in.transferTo(got)).isInstanceOf(TruncatedInputException.class)
        .hasMessageContaining("cut short");
    assertThat(got.size()).isGreaterThanOrEqualTo(THIRD);
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(DATA, got.size()));
  }

  @Test
  void bzip2HandsOutABlockOnlyAfterItsCrcMatched() throws IOException {
    byte[][] units = threeUnits(Compression.BZIP2);
    units[1][units[1].length / 2] ^= 0x10;
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    InputStream in = Compression.open(new ByteArrayInputStream(concat(units))).stream();
    assertThatThrownBy(() -> in.transferTo(got)).isInstanceOfSatisfying(CorruptInputException.class, e -> {
      assertThat(e.outputOffset()).isEqualTo(THIRD);
      assertThat(e.unit()).isEqualTo("bzip2 block 2");
      assertThat(e.storedOffset()).isBetween(units[0].length - 16L, units[0].length + 16L);
    });

    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(DATA, THIRD));
    assertThat(IntegrityCheck.isNeeded(Compression.BZIP2)).isFalse();
  }

  @Test
  void bzip2BlocksInsideOneStreamAreCheckedOneByOne() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bytes, 1)) {
      out.write(DATA);
    }
    byte[] bz = bytes.toByteArray();
    bz[bz.length / 2] ^= 0x01;
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    InputStream in = Compression.open(new ByteArrayInputStream(bz)).stream();
    assertThatThrownBy(() -> in.transferTo(got)).isInstanceOf(CorruptInputException.class);

    assertThat(got.size()).isPositive().isLessThan(DATA.length);
    assertThat(blockStarts(bytes.toByteArray())).contains((long) got.size());
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(DATA, got.size()));
  }

  @Test
  void xzBlocksInsideOneStreamAreCheckedOneByOne() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long[] blockStarts = new long[3];
    try (XZOutputStream out = new XZOutputStream(bytes, new LZMA2Options())) {
      for (int i = 0; i < 3; i++) {
        out.flush();
        out.write(DATA, i * THIRD, i == 2 ? DATA.length - 2 * THIRD : THIRD);
        out.endBlock();
        blockStarts[i] = i;
      }
    }
    byte[] xz = bytes.toByteArray();
    xz[xz.length / 2] ^= 0x10;

    IntegrityCheck.Verdict verdict = IntegrityCheck.check(write(xz), Compression.XZ, () -> false);

    assertThat(verdict.refuted()).isPresent();
    assertThat(verdict.trustedBytes()).isIn(0L, (long) THIRD, 2L * THIRD);
    assertThat(verdict.refuted().get().unit()).startsWith("xz block ");
  }

  @Test
  void zerosAfterTheLastGzipMemberArePaddingButOtherBytesAreNotGzipData() throws IOException {
    byte[] gz = unit(Compression.GZIP, DATA);

    assertThat(read(concat(gz, new byte[100]))).isEqualTo(DATA);
    assertThat(IntegrityCheck.check(write(concat(gz, "junk".getBytes(StandardCharsets.US_ASCII))), Compression.GZIP,
        () -> false).refuted()).hasValueSatisfying(e -> {
          assertThat(e.outputOffset()).isEqualTo(DATA.length);
          assertThat(e.getMessage()).contains("the data after gzip member 1").contains("not a gzip member");
        });
  }

  @Test
  void uncompressedAndLzopDataNeedNoCheck() {
    assertThat(IntegrityCheck.isNeeded(Compression.NONE)).isFalse();
    assertThat(IntegrityCheck.isNeeded(Compression.LZOP)).isFalse();
    assertThat(IntegrityCheck.isNeeded(Compression.GZIP)).isTrue();
  }

  /** Where each block of good bzip2 data starts in its output: a read larger than a block returns one whole block. */
  private static java.util.Set<Long> blockStarts(byte[] bzip2) throws IOException {
    java.util.Set<Long> starts = new java.util.TreeSet<>();
    try (InputStream in = Compression.open(new ByteArrayInputStream(bzip2)).stream()) {
      byte[] buf = new byte[4 << 20];
      long at = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        starts.add(at);
        at += n;
      }
    }
    return starts;
  }

  private static byte[] read(byte[] data) throws IOException {
    try (InputStream in = Compression.open(new ByteArrayInputStream(data)).stream()) {
      return in.readAllBytes();
    }
  }
}
