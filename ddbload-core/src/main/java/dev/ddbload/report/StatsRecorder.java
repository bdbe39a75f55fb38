package dev.ddbload.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters updated by the reader and the writer threads, lock-free, and the per-second series of
 * the load's control ({@link #sampleSecond}, called once a second by the loader). Thread-safe.
 */
public final class StatsRecorder {

  private final Clock clock;
  private final Instant started;
  private final LongAdder recordsRead = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder superseded = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder skippedExists = new LongAdder();
  private final LongAdder skippedNotNewer = new LongAdder();
  private final LongAdder recordsHintingEscape = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder retriedItems = new LongAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();
  private final List<SourceDamage> damage = new CopyOnWriteArrayList<>();
  private final LongAdder bytesUnread = new LongAdder();
  private final LongAdder suspectRecords = new LongAdder();
  private volatile long rejectedEarlier;
  private volatile long bytesTotal = -1;
  private volatile ControlGauges gauges = ControlGauges.NONE;
  private final List<ControlSample> series = new ArrayList<>();
  private long lastWritten;
  private double lastWriteUnits;
  private long lastRetried;

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

  /** A record not written because its key was in the table already (insert). */
  public void recordSkippedExists() {
    skippedExists.increment();
  }

  /** A record not written because the table holds a version not older than its own (if newer). */
  public void recordSkippedNotNewer() {
    skippedNotNewer.increment();
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

  /**
   * An input was not read in full. Bytes counted as read beyond the point where reading
   * stopped (read ahead, or read of a unit a checksum refuted before loading) are taken back,
   * so that read and unread bytes add up to the input's size.
   *
   * @param readBeyond bytes counted as read that lie in the unread part
   */
  public void recordDamage(SourceDamage d, long readBeyond) {
    damage.add(d);
    if (readBeyond > 0) {
      bytesRead.add(-readBeyond);
    }
    if (d.bytesUnread() > 0) {
      bytesUnread.add(d.bytesUnread());
    }
    d.suspect().ifPresent(s -> suspectRecords.add(s.count()));
  }

  /** How many inputs the damage found so far is in (a file may have several damaged parts). */
  private long damagedSources() {
    return damage.stream().map(SourceDamage::source).distinct().count();
  }

  /** The damaged parts of inputs found so far, in the order found. */
  public List<SourceDamage> damage() {
    return List.copyOf(damage);
  }

  /** Sets how many rejects of earlier runs of the job the rejects file keeps. */
  public void setRejectedEarlier(long rejects) {
    rejectedEarlier = rejects;
  }

  /** Sets the total input size, or -1 when some input's size is unknown. */
  public void setBytesTotal(long bytes) {
    bytesTotal = bytes;
  }

  /** Where the control readings come from (the writer's pacer and in-flight limit). */
  public void setGauges(ControlGauges gauges) {
    this.gauges = gauges;
  }

  /** The counters now. */
  public LoadStats snapshot() {
    ControlGauges g = gauges;
    return new LoadStats(recordsRead.sum(), written.sum(), rejected.sum(), superseded.sum(), bytesRead.sum(),
        bytesTotal, writeUnits.sum(), requests.sum(), retriedItems.sum(),
        Duration.between(started, clock.instant()), g.consumedWcuPerSecond().getAsDouble(),
        g.rateLimit().getAsDouble(), skipped.sum(), recordsHintingEscape.sum(), damagedSources(), bytesUnread.sum(),
        suspectRecords.sum(), rejectedEarlier, g.inFlightLimit().getAsInt(), g.throttledShare().getAsDouble(),
        skippedExists.sum(), skippedNotNewer.sum());
  }

  /**
   * Ends a second of the series: what was written and consumed since the last call, and the
   * control readings now. Call once a second.
   */
  public synchronized void sampleSecond() {
    ControlGauges g = gauges;
    long w = written.sum();
    double units = writeUnits.sum();
    long second = Math.round(Duration.between(started, clock.instant()).toMillis() / 1000.0);
    long retried = retriedItems.sum();
    ControlSample sample = new ControlSample(second, w - lastWritten, units - lastWriteUnits,
        g.rateLimit().getAsDouble(), g.inFlightLimit().getAsInt(), g.throttledShare().getAsDouble(),
        retried - lastRetried, g.callsInFlight().getAsInt());
    lastWritten = w;
    lastWriteUnits = units;
    lastRetried = retried;
    series.add(sample);
  }

  /** The per-second series so far. */
  public synchronized List<ControlSample> series() {
    return List.copyOf(series);
  }
}
