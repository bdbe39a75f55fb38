package dev.ddbload.decode.columnar;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.apache.avro.file.Codec;
import org.apache.avro.file.CodecFactory;

/**
 * Avro's {@code snappy} block codec (a raw Snappy block followed by the big-endian CRC-32 of the
 * uncompressed bytes) through aircompressor, so Avro files Spark writes (Snappy by default) read
 * without snappy-java's native libraries; registered once with Avro's {@link CodecFactory} by
 * {@link #register()}, so it replaces Avro's own in the JVM, byte for byte. Thread-safe.
 */
final class AvroSnappyCodec extends Codec {

  private static final String NAME = "snappy";

  AvroSnappyCodec() {}

  /** Makes Avro's readers use this codec for {@code snappy} blocks (idempotent). */
  static void register() {
    Holder.REGISTERED.hashCode();
  }

  /** Registers on first use, once per class loader. */
  private static final class Holder {
    static final CodecFactory REGISTERED = CodecFactory.addCodec(NAME, new CodecFactory() {
      @Override
      protected Codec createInstance() {
        return new AvroSnappyCodec();
      }
    });
  }

  @Override
  public String getName() {
    return NAME;
  }

  /** As Avro's own: once registered, this codec serves every snappy writer in the JVM too. */
  @Override
  public ByteBuffer compress(ByteBuffer uncompressed) {
    byte[] in = new byte[uncompressed.remaining()];
    uncompressed.duplicate().get(in);
    SnappyCompressor compressor = new SnappyCompressor();
    byte[] out = new byte[compressor.maxCompressedLength(in.length) + 4];
    int n = compressor.compress(in, 0, in.length, out, 0, out.length - 4);
    CRC32 crc = new CRC32();
    crc.update(in, 0, in.length);
    ByteBuffer result = ByteBuffer.wrap(out, 0, n + 4);
    result.putInt(n, (int) crc.getValue());
    return result;
  }

  @Override
  public ByteBuffer decompress(ByteBuffer compressed) throws IOException {
    int length = compressed.remaining() - 4;
    if (length < 0) {
      throw new IOException("a Snappy block is shorter than its checksum");
    }
    byte[] in = new byte[length];
    compressed.duplicate().get(in);
    int expected = compressed.getInt(compressed.limit() - 4);
    try {
      int size = SnappyDecompressor.getUncompressedLength(in, 0);
      byte[] out = new byte[size];
      int n = new SnappyDecompressor().decompress(in, 0, length, out, 0, size);
      CRC32 crc = new CRC32();
      crc.update(out, 0, n);
      if (expected != (int) crc.getValue()) {
        throw new IOException("a Snappy block's checksum does not match its data");
      }
      return ByteBuffer.wrap(out, 0, n);
    } catch (RuntimeException e) {
      throw new IOException("a Snappy block is damaged: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AvroSnappyCodec;
  }

  @Override
  public int hashCode() {
    return NAME.hashCode();
  }
}
