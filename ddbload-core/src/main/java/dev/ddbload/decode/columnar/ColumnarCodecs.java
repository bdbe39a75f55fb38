package dev.ddbload.decode.columnar;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lz4.Lz4HadoopStreams;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page decompression without Hadoop's codec classes: Snappy, LZ4 (raw and Hadoop-framed)
 * through aircompressor, zstd through zstd-jni, gzip through the JDK: the libraries the other
 * formats' decompressors already use. LZO and Brotli pages fail with an {@link IOException}
 * naming the codec. Decompression only. Thread-safe: a decompressor keeps no state.
 */
final class ColumnarCodecs implements CompressionCodecFactory {

  static final ColumnarCodecs INSTANCE = new ColumnarCodecs();

  private ColumnarCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("ddbload reads Parquet, it does not write it");
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new Decompressor(codec);
  }

  @Override
  public void release() {
    // Nothing pooled.
  }

  /** One codec's pages. */
  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    Decompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      byte[] in = bytes.toByteArray();
      return BytesInput.from(decompress(in, uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.get(in);
      output.put(codec == CompressionCodecName.UNCOMPRESSED ? in : decompress(in, uncompressedSize));
    }

    private byte[] decompress(byte[] in, int size) throws IOException {
      byte[] out = new byte[size];
      try {
        switch (codec) {
          case SNAPPY -> expect(new SnappyDecompressor().decompress(in, 0, in.length, out, 0, size), size);
          case LZ4_RAW -> expect(new Lz4Decompressor().decompress(in, 0, in.length, out, 0, size), size);
          case ZSTD -> {
            long n = Zstd.decompressByteArray(out, 0, size, in, 0, in.length);
            if (Zstd.isError(n)) {
              throw new IOException("a zstd page is damaged: " + Zstd.getErrorName(n));
            }
            expect((int) n, size);
          }
          case GZIP -> readFully(new GZIPInputStream(new ByteArrayInputStream(in)), out);
          case LZ4 -> readFully(new Lz4HadoopStreams().createInputStream(new ByteArrayInputStream(in)), out);
          default -> throw new IOException("the file's pages are compressed with " + codec
              + ", which ddbload cannot read (it reads Snappy, gzip, zstd and LZ4)");
        }
      } catch (RuntimeException e) {
        // aircompressor signals damage with MalformedInputException, a RuntimeException.
        throw new IOException("a " + codec + " page is damaged: " + e.getMessage(), e);
      }
      return out;
    }

    private static void readFully(InputStream in, byte[] out) throws IOException {
      try (in) {
        int n = in.readNBytes(out, 0, out.length);
        expect(n, out.length);
      }
    }

    private static void expect(int got, int size) throws IOException {
      if (got != size) {
        throw new IOException("a page decompressed to " + got + " bytes, not the " + size + " its header says");
      }
    }

    @Override
    public void release() {
      // Nothing held.
    }
  }
}
