package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.testkit.fault.DynamoModel;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.throttle.WritePacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real {@link BatchWriter}, pacer and in-flight limit against the testkit's
 * {@link DynamoModel}, on simulated time: a producer submits batches of 25 whenever the writer
 * has room, as a reader does; resends, pacer waits and answers are events of the
 * {@link SimScheduler}. Ten simulated minutes take well under a second once the JIT is warm.
 * Configure with the setters, then {@link #run}; records, per simulated second, the rate limit,
 * the in-flight limit and the records written.
 */
final class WriterSim implements WriteOutcomes {

  static final String TABLE = "t";
  private static final KeySchema KEYS = KeySchema.parse("pk:S");

  final SimScheduler clock = new SimScheduler();
  final DynamoModel model;
  private double serverItemsPerSecond = 4000;
  private double ceiling = Double.POSITIVE_INFINITY;
  private Concurrency concurrency = Concurrency.ADAPTIVE;
  private int maxAttempts = 30;
  private int records = Integer.MAX_VALUE;
  private int itemBytes = 200;
  private long seed = 1;
  private IntFunction<String> keys = n -> "k" + n;
  private ModelClient client;
  private WritePacer pacer;
  private BatchWriter writer;
  private int produced;
  private long written;
  private final List<String> rejected = new ArrayList<>();
  /** Per second: the rate limit, the in-flight limit, records written so far. */
  private final List<double[]> seconds = new ArrayList<>();

  /** A run against the model {@code model} builds, on this run's clock. */
  WriterSim(DynamoModel.Builder model) {
    this.model = model.ticker(clock).build();
  }

  /** Items the table's server writes per second, in turn (default 4,000). */
  WriterSim server(double itemsPerSecond) {
    this.serverItemsPerSecond = itemsPerSecond;
    return this;
  }

  /** The pacer's ceiling (default none). */
  WriterSim ceiling(double wcuPerSecond) {
    this.ceiling = wcuPerSecond;
    return this;
  }

  WriterSim concurrency(Concurrency c) {
    this.concurrency = c;
    return this;
  }

  WriterSim maxAttempts(int n) {
    this.maxAttempts = n;
    return this;
  }

  /** Records to load, keyed k0, k1, ... (default: endless). */
  WriterSim records(int n) {
    this.records = n;
    return this;
  }

  /** Each item's size: up to 1,024 bytes costs one unit (default 200). */
  WriterSim itemBytes(int bytes) {
    this.itemBytes = bytes;
    return this;
  }

  /** The partition key of record {@code n}, all distinct (default k0, k1, ...). */
  WriterSim keys(IntFunction<String> keyOfRecord) {
    this.keys = keyOfRecord;
    return this;
  }

  /** Seeds the pacer's and the backoff's draws (default 1). */
  WriterSim seed(long s) {
    this.seed = s;
    return this;
  }

  /** Runs {@code task} at {@code second} of simulated time. */
  WriterSim at(double second, Runnable task) {
    clock.at((long) (second * 1e9), task);
    return this;
  }

  /** Runs {@code task} with the second's number at the end of every simulated second. */
  WriterSim everySecond(IntConsumer task) {
    return at(1, new Runnable() {
      @Override
      public void run() {
        task.accept((int) (clock.nanoTime() / 1_000_000_000L));
        clock.at(clock.nanoTime() + 1_000_000_000L, this);
      }
    });
  }

  /**
   * Runs until every record is written or rejected, or {@code maxSeconds} of simulated time have
   * passed; returns the simulated seconds taken.
   */
  double run(double maxSeconds) throws InterruptedException {
    client = new ModelClient(model, clock, serverItemsPerSecond);
    pacer = new WritePacer(ceiling, clock, new SplittableRandom(seed));
    Backoff backoff = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(1), new SplittableRandom(seed + 1));
    writer = new BatchWriter(client, TABLE, KEYS, new WriterSettings(concurrency, maxAttempts, backoff, pacer), clock,
        this);
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
        batch.add(item(keys.apply(produced++)));
      }
      writer.submit(batch);
    }
  }

  private WriteItem item(String key) {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key));
    return WriteItem.put(new SourceRecord(new Origin("sim", produced, produced, Origin.UNKNOWN), item, () -> key),
        item, item, itemBytes);
  }

  WritePacer pacer() {
    return pacer;
  }

  ModelClient client() {
    return client;
  }

  int inFlightLimit() {
    return writer.inFlightLimit();
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

  /** The in-flight limit at the end of {@code second}. */
  int inFlightLimit(int second) {
    return (int) seconds.get(Math.min(second, seconds.size() - 1))[1];
  }

  /** Records written per second over {@code [from, to)} of simulated time. */
  double writtenRate(int from, int to) {
    int last = seconds.size() - 1;
    return (seconds.get(Math.min(to, last))[2] - seconds.get(Math.min(from, last))[2]) / (to - from);
  }

  /** Units consumed per second over {@code [from, to)}, as the model counted them. */
  double consumedRate(int from, int to) {
    return model.stats().averageWcuPerSecond(from, to);
  }

  /** Seconds in which the rate limit was not bound (the ceiling, or none), over {@code [from, to)}. */
  int unboundSeconds(int from, int to) {
    int n = 0;
    for (int s = from; s < Math.min(to, seconds.size()); s++) {
      n += seconds.get(s)[0] >= ceiling ? 1 : 0;
    }
    return n;
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
  public void skipped(WriteItem item) {
    throw new AssertionError("no single writes here");
  }

  @Override
  public void rejected(WriteItem item, RejectReason reason, String message) {
    rejected.add(item.key().get("pk").s());
  }
}
