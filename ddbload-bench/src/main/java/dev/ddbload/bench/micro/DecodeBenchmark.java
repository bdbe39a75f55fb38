package dev.ddbload.bench.micro;

import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.RecordDecoder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode and map, per record: UTF-8 bytes of a JSON Lines or CSV file to items (attribute value
 * maps), through the decoder the loader uses ({@code Format.open}), in memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

  static final int RECORDS = 1000;

  @Param({"200", "1k"})
  public String shape;

  @Param({"jsonl", "csv"})
  public String format;

  private byte[] file;
  private DecodeOptions options;

  @Setup
  public void setUp() {
    file = Fixtures.file(shape, format, RECORDS);
    options = Fixtures.options(format);
  }

  /** One record decoded and mapped; the file is re-opened every 1,000 records. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void decodeAndMap(Blackhole bh) throws IOException {
    try (RecordDecoder d = Fixtures.open(file, format, options)) {
      Decoded r;
      while ((r = d.next()) != null) {
        bh.consume(r);
      }
    }
  }
}
