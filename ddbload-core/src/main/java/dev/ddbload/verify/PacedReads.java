package dev.ddbload.verify;

import dev.ddbload.throttle.WritePacer;
import java.util.function.LongSupplier;

/**
 * The {@link ReadPace} of a verification: the writes' pacer ({@link WritePacer}: a token bucket
 * of units per second whose rate the writes' adaptive control sets) counting read units instead
 * of write units, so reads are paced and adapt to throttling exactly as writes do (and
 * throttling that the rate does not relieve does not walk the rate down). Thread-safe.
 */
public final class PacedReads implements ReadPace {

  private final WritePacer pacer;

  /**
   * @param ceilingRcuPerSecond the highest read rate; {@code Infinity} for none
   * @param nanoTime the ticker
   */
  public PacedReads(double ceilingRcuPerSecond, LongSupplier nanoTime) {
    this.pacer = new WritePacer(ceilingRcuPerSecond, nanoTime);
  }

  @Override
  public long reserve(double estimatedUnits) {
    return pacer.reserve(estimatedUnits);
  }

  @Override
  public Object sent(double estimatedUnits) {
    return null;
  }

  @Override
  public void completed(Object ticket, double estimatedUnits, double consumedUnits, double throttledUnits, int keys,
      int throttledKeys, boolean failed) {
    // Units of throttled keys and of failed calls stay charged: the rate limits what is offered.
    pacer.completed(estimatedUnits, consumedUnits, failed ? estimatedUnits : throttledUnits);
    if (failed) {
      return;
    }
    pacer.outcome(keys, throttledKeys);
    if (throttledKeys > 0) {
      pacer.throttled();
    }
  }

  @Override
  public double allowedRate() {
    return pacer.allowedRate();
  }

  @Override
  public double consumedRate() {
    return pacer.consumedRate();
  }
}
