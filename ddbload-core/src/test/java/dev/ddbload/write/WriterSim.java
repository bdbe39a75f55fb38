package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.throttle.WritePacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real {@link BatchWriter}, pacer and in-flight limit against a {@link TableModel}, on
 * simulated time: a producer submits batches of 25 whenever the writer has room, as a reader
 * does; resends, pacer waits and answers are events of the {@link SimScheduler}. Ten simulated
 * minutes take well under a second. Records, per simulated second, the rate limit, the in-flight
 * limit and the records written.
 */
final class WriterSim implements WriteOutcomes {

  private static final KeySchema KEYS = KeySchema.parse("pk:S");
  private static final String TABLE = "t";

  final SimScheduler clock = new SimScheduler();
  final TableModel model;
  final WritePacer pacer;
  final BatchWriter writer;
  private final int records;
  private final int itemBytes;
  private int produced;
  private long written;
  private final List<String> rejected = new ArrayList<>();
  /** Per second: the rate limit, the in-flight limit, records written so far. */
  final List<double[]> seconds = new ArrayList<>();

  /**
   * @param model the table
   * @param ceiling the pacer's ceiling ({@code Infinity} for none)
   * @param concurrency calls in flight
   * @param records how many records to load (keys k0, k1, ...)
   * @param itemBytes each item's size (1,024 bytes or less: one unit)
   * @param seed for the pacer's and the backoff's random draws
   */
  WriterSim(TableModel model, double ceiling, Concurrency concurrency, int maxAttempts, int records, int itemBytes,
      long seed) {
    this.model = model;
    this.records = records;
    this.itemBytes = itemBytes;
    this.pacer = new WritePacer(ceiling, clock, new SplittableRandom(seed));
    Backoff backoff = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(1), new SplittableRandom(seed + 1));
    this.writer = new BatchWriter(new ModelClient(model, clock), TABLE, KEYS,
        new WriterSettings(concurrency, maxAttempts, backoff, pacer), clock, this);
  }

  /** Runs {@code task} at {@code second} of simulated time. */
  WriterSim at(double second, Runnable task) {
    clock.at((long) (second * 1e9), task);
    return this;
  }

  /** Runs until every record is written or rejected, or {@code maxSeconds} have passed; returns the seconds taken. */
  double run(double maxSeconds) throws InterruptedException {
    long end = (long) (maxSeconds * 1e9);
    sample();
    fill();
    while (clock.nanoTime() < end && written + rejected.size() < records && clock.runNext()) {
      fill();
    }
    return clock.nanoTime() / 1e9;
  }

  private void sample() {
    seconds.add(new double[] {pacer.allowedRate(), writer.inFlightLimit(), written});
    clock.at(clock.nanoTime() + 1_000_000_000L, this::sample);
  }

  private void fill() throws InterruptedException {
    while (produced < records && writer.hasRoomFor(25, 25)) {
      List<WriteItem> batch = new ArrayList<>(25);
      for (int i = 0; i < 25 && produced < records; i++) {
        batch.add(item("k" + produced++));
      }
      writer.submit(batch);
    }
  }

  private WriteItem item(String key) {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key));
    return WriteItem.put(new SourceRecord(new Origin("sim", produced, produced, Origin.UNKNOWN), item, () -> key),
        item, item, itemBytes);
  }

  long written() {
    return written;
  }

  List<String> rejected() {
    return rejected;
  }

  /** The rate limit at the end of {@code second}. */
  double rateLimit(int second) {
    return seconds.get(Math.min(second, seconds.size() - 1))[0];
  }

  /** Records written per second over {@code [from, to)} of simulated time. */
  double writtenRate(int from, int to) {
    int last = seconds.size() - 1;
    return (seconds.get(Math.min(to, last))[2] - seconds.get(Math.min(from, last))[2]) / (to - from);
  }

  @Override
  public void sent(int items, int retried) {}

  @Override
  public void consumed(double writeUnits) {}

  @Override
  public void written(WriteItem item) {
    written++;
  }

  @Override
  public void rejected(WriteItem item, RejectReason reason, String message) {
    rejected.add(item.key().get("pk").s());
  }
}
