package dev.ddbload.compress;

import com.github.luben.zstd.ZstdOutputStream;
import io.airlift.compress.lzo.LzopHadoopStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Compresses test data with the Java writers of each format (lzop: aircompressor's, level 3). */
public final class Compressors {

  private Compressors() {}

  /** {@code data} compressed with {@code compression}. */
  public static byte[] compress(Compression compression, byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = wrap(compression, bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static OutputStream wrap(Compression compression, OutputStream out) throws IOException {
    switch (compression) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out);
      case BZIP2:
        return new BZip2CompressorOutputStream(out);
      case XZ:
        return new XZOutputStream(out, new LZMA2Options());
      case ZSTD:
        return new ZstdOutputStream(out);
      case LZ4:
        return new FramedLZ4CompressorOutputStream(out);
      case LZOP:
        return new LzopHadoopStreams().createOutputStream(out);
      default:
        throw new IllegalArgumentException("no writer for " + compression);
    }
  }
}
