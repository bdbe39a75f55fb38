package dev.ddbload.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;
import java.util.concurrent.atomic.LongAdder;

/** Counters updated by the reader and the writer threads. Thread-safe and lock-free. */
public final class StatsRecorder {

  private final Clock clock;
  private final Instant started;
  private final LongAdder recordsRead = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder superseded = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder recordsHintingEscape = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder retriedItems = new LongAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();
  private volatile long bytesTotal = -1;
  private volatile DoubleSupplier consumedRate = () -> 0;
  private volatile DoubleSupplier allowedRate = () -> Double.POSITIVE_INFINITY;

  /** A recorder whose elapsed time starts now on {@code clock}. */
  public StatsRecorder(Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
  }

  public void recordRead() {
    recordsRead.increment();
  }

  public void recordWritten(int items) {
    written.add(items);
  }

  public void recordRejected() {
    rejected.increment();
  }

  public void recordSuperseded() {
    superseded.increment();
  }

  /** Records passed over because an earlier run of the job finished it. */
  public void recordSkipped(long records) {
    skipped.add(records);
  }

  /** A CSV/TSV record that reads otherwise with a backslash escape ({@code --csv-escape '\'}). */
  public void recordEscapeHint() {
    recordsHintingEscape.increment();
  }

  public void recordBytesRead(long bytes) {
    bytesRead.add(bytes);
  }

  public void recordRequest() {
    requests.increment();
  }

  public void recordRetries(int items) {
    retriedItems.add(items);
  }

  public void recordWriteUnits(double units) {
    writeUnits.add(units);
  }

  /** Sets the total input size, or -1 when some input's size is unknown. */
  public void setBytesTotal(long bytes) {
    bytesTotal = bytes;
  }

  /** Where the current write rates come from (the writer's pacer). */
  public void setRates(DoubleSupplier consumedWcuPerSecond, DoubleSupplier allowedWcuPerSecond) {
    this.consumedRate = consumedWcuPerSecond;
    this.allowedRate = allowedWcuPerSecond;
  }

  /** The counters now. */
  public LoadStats snapshot() {
    return new LoadStats(recordsRead.sum(), written.sum(), rejected.sum(), superseded.sum(), bytesRead.sum(),
        bytesTotal, writeUnits.sum(), requests.sum(), retriedItems.sum(),
        Duration.between(started, clock.instant()), consumedRate.getAsDouble(), allowedRate.getAsDouble(),
        skipped.sum(), recordsHintingEscape.sum());
  }
}
