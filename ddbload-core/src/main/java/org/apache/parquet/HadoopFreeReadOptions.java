package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options made without Hadoop's classes. {@code ParquetReadOptions.Builder} looks up the
 * record filter through {@code ParquetInputFormat}, a Hadoop {@code FileInputFormat}, so building
 * options the usual way needs hadoop-common and hadoop-mapreduce-client-core (6.5 MB) on the
 * class path just to load that class (apache/parquet-java GH-3780). This calls the options'
 * package-private constructor instead, with no filters, page checksums verified, and the given
 * codecs. It lives in parquet's package for that reason only; the constructor is checked by the
 * compiler against the pinned parquet-java version.
 */
public final class HadoopFreeReadOptions {

  /** parquet-java's default largest single buffer. */
  private static final int MAX_ALLOCATION_BYTES = 8 << 20;

  private HadoopFreeReadOptions() {}

  /** Options that read every row, verify page checksums where the file has them, with these codecs. */
  public static ParquetReadOptions of(CompressionCodecFactory codecs) {
    return new ParquetReadOptions(
        false, // useSignedStringMinMax
        false, // useStatsFilter
        false, // useDictionaryFilter
        false, // useRecordFilter
        false, // useColumnIndexFilter
        true, // usePageChecksumVerification: a corrupt page is found, not decoded as garbage
        false, // useBloomFilter
        false, // useOffHeapDecryptBuffer
        false, // useHadoopVectoredIo
        FilterCompat.NOOP,
        ParquetMetadataConverter.NO_FILTER,
        codecs,
        new HeapByteBufferAllocator(),
        MAX_ALLOCATION_BYTES,
        Map.of(),
        null,
        null,
        new PlainParquetConfiguration());
  }
}
