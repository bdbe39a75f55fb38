package dev.ddbload.engine;

import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.columnar.AvroDecoder;
import dev.ddbload.decode.columnar.ParquetDecoder;
import dev.ddbload.compress.CountingInputStream;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceInputFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Opens the decoders of typed file formats, which read their sources themselves rather than
 * through the decompressing stream the text formats share: Parquet seeks (footer, then row
 * groups), Avro container files compress their own blocks. Stateless.
 */
final class ColumnarDecoders {

  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private ColumnarDecoders() {}

  /**
   * A decoder for a Parquet or Avro source.
   *
   * @param startIndex the first record wanted: Parquet skips the row groups before it unread;
   *     Avro starts at 0 (the caller skips)
   * @param bytesRead told of the bytes read, for progress
   * @throws IOException when the file's footer or header cannot be read
   * @throws IllegalArgumentException naming a column the mapping cannot express
   */
  static RecordDecoder open(Source source, Format format, DecodeOptions options, long startIndex,
      LongConsumer bytesRead) throws IOException {
    switch (format) {
      case PARQUET: {
        return new ParquetDecoder(source.name(), SourceInputFile.of(source, bytesRead), options, startIndex);
      }
      case AVRO: {
        InputStream in = new CountingInputStream(source.open(), bytesRead);
        return new AvroDecoder(source.name(), new BufferedInputStream(in, READ_BUFFER_BYTES), options);
      }
      default:
        throw new IllegalArgumentException(format + " is not a columnar format");
    }
  }

  /** Whether a decoder opened at {@code startIndex} starts there (Parquet) rather than at 0. */
  static boolean seeksRows(Format format) {
    return format == Format.PARQUET;
  }
}
