package dev.ddbload.bench.micro;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.ItemSize;
import java.util.List;
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
 * What the read lane does to a decoded record before the writer, per record: the exact item size,
 * the request-size bound, and the whole step (key validation, size, put request, key, batching
 * into batches of 25 with the duplicate-key check).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ItemBenchmark {

  static final int RECORDS = 1000;

  @Param({"200", "1k"})
  public String shape;

  private List<SourceRecord> records;

  @Setup
  public void setUp() {
    records = Fixtures.records(shape, "jsonl", RECORDS);
  }

  /** DynamoDB's size of the item, exactly. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int itemSize() {
    int total = 0;
    for (SourceRecord r : records) {
      total += ItemSize.of(r.item());
    }
    return total;
  }

  /** The put request's JSON, as the read lane writes it for each record. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int requestJson() {
    int total = 0;
    for (SourceRecord r : records) {
      total += ItemJson.putRequest(r.item()).length;
    }
    return total;
  }

  /** Validate the key, size, build the write item and batch it. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void validateSizeAndBatch(Blackhole bh) throws InvalidValueException {
    Batcher batcher = new Batcher(bh::consume);
    for (SourceRecord r : records) {
      Fixtures.KEYS.validate(r.item());
      WriteItem w = Fixtures.writeItem(r);
      List<WriteItem> full = batcher.add(w);
      if (!full.isEmpty()) {
        bh.consume(full);
      }
    }
    bh.consume(batcher.drain());
  }
}
