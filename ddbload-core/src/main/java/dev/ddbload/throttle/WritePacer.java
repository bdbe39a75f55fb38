package dev.ddbload.throttle;

import java.util.function.LongSupplier;

/**
 * Paces writes to a table: a {@link WriteRateLimiter} whose rate an {@link AdaptiveRate} sets,
 * charged with each call's estimated write units up front and reconciled with what DynamoDB
 * reports as consumed ({@code ReturnConsumedCapacity=TOTAL}, so index writes count too). Throttling
 * lowers the rate; quiet raises it back, never above the ceiling. Thread-safe.
 */
public final class WritePacer {

  private static final double BURST_SECONDS = 0.2;

  private final WriteRateLimiter limiter;
  private final AdaptiveRate adaptive;
  private final ConsumptionMeter meter;

  /**
   * @param ceilingWcuPerSecond the highest rate ({@code --max-wcu} or a fraction of the table's
   *     capacity); {@code Infinity} when there is none
   * @param nanoTime the ticker
   */
  public WritePacer(double ceilingWcuPerSecond, LongSupplier nanoTime) {
    this.limiter = new WriteRateLimiter(ceilingWcuPerSecond, BURST_SECONDS, nanoTime);
    this.adaptive = AdaptiveRate.standard(ceilingWcuPerSecond, nanoTime);
    this.meter = new ConsumptionMeter(nanoTime);
  }

  /** A pacer without a ceiling: unlimited until DynamoDB throttles. */
  public static WritePacer unlimited() {
    return new WritePacer(Double.POSITIVE_INFINITY, System::nanoTime);
  }

  /** Reserves a call's estimated write units; returns the nanoseconds to wait before sending it. */
  public long reserve(double estimatedUnits) {
    double rate = adaptive.rate();
    if (rate != limiter.rate()) {
      limiter.setRate(rate);
    }
    return limiter.reserve(estimatedUnits);
  }

  /**
   * A call came back: DynamoDB consumed {@code consumedUnits} where {@code estimatedUnits} were
   * reserved, and throttled {@code throttledUnits} (items returned unprocessed, or the whole call).
   * Throttled units stay charged: the rate limits what is offered to the table, resends
   * included, or a cut of the rate would not lower the load on a throttling table.
   */
  public void completed(double estimatedUnits, double consumedUnits, double throttledUnits) {
    meter.record(consumedUnits);
    limiter.adjust(consumedUnits + throttledUnits - estimatedUnits);
  }

  /** A call was reserved but never sent: its units are given back. */
  public void unsent(double estimatedUnits) {
    limiter.adjust(-estimatedUnits);
  }

  /** A call came back with {@code throttledItems} of its {@code items} throttled or unprocessed. */
  public void outcome(int items, int throttledItems) {
    adaptive.outcome(items, throttledItems);
  }

  /** DynamoDB throttled a call or returned items unprocessed; call after {@link #outcome}. */
  public void throttled() {
    adaptive.onThrottle(meter.rate());
  }

  /** The rate allowed now, in write units per second ({@code Infinity} when unlimited). */
  public double allowedRate() {
    return adaptive.rate();
  }

  /** The rate consumed over the last seconds, in write units per second. */
  public double consumedRate() {
    return meter.rate();
  }

  /** How many times throttling lowered the rate. */
  public long throttleDecreases() {
    return adaptive.decreases();
  }
}
