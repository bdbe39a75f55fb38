package dev.ddbload.verify;

import dev.ddbload.throttle.RateController;
import dev.ddbload.throttle.WritePacer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The {@link ReadPace} of a verification: the writes' pacer ({@link WritePacer}: a token bucket
 * whose rate the writes' {@link RateController} sets by experiment) counting read units instead
 * of write units, so reads are paced and adapt to throttling exactly as writes do: a throttled
 * read lowers the rate, and throttling that a lower rate does not relieve does not walk it down.
 * Thread-safe.
 */
public final class PacedReads implements ReadPace {

  private final WritePacer pacer;

  /**
   * @param ceilingRcuPerSecond the highest read rate; {@code Infinity} for none
   * @param nanoTime the ticker
   * @param random jitters the controller's probes
   */
  public PacedReads(double ceilingRcuPerSecond, LongSupplier nanoTime, RandomGenerator random) {
    this.pacer = new WritePacer(ceilingRcuPerSecond, nanoTime, random);
  }

  @Override
  public long reserve(double estimatedUnits) {
    return pacer.reserve(estimatedUnits);
  }

  @Override
  public Object sent(double estimatedUnits) {
    return pacer.sent(estimatedUnits);
  }

  @Override
  public void completed(Object ticket, double estimatedUnits, double consumedUnits, double throttledUnits,
      boolean failed) {
    pacer.completed((RateController.Ticket) ticket, estimatedUnits, consumedUnits, throttledUnits, failed);
  }

  @Override
  public double allowedRate() {
    return pacer.allowedRate();
  }

  @Override
  public double consumedRate() {
    return pacer.consumedRate();
  }

  @Override
  public double throttledShare() {
    return pacer.throttledShare();
  }

  @Override
  public long nanoTime() {
    return pacer.nanoTime();
  }
}
