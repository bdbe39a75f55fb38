package dev.ddbload.throttle;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Paces writes to a table: a {@link WriteRateLimiter} whose rate a {@link RateController} sets,
 * charged with each call's estimated write units up front and reconciled with what DynamoDB
 * reports as consumed ({@code ReturnConsumedCapacity=TOTAL}, so index writes count too). Units of
 * items returned unprocessed, and of calls throttled or failed, stay charged: the rate limits
 * what is offered to the table, resends included, or a lower rate would not lower the load on a
 * throttling table. Each call is tagged when it is sent ({@link #sent}) and its outcome handed
 * back ({@link #completed}), so the controller judges each rate by the calls sent at it.
 * Thread-safe.
 */
public final class WritePacer {

  private static final double BURST_SECONDS = 0.2;

  private final WriteRateLimiter limiter;
  private final RateController controller;
  private final ConsumptionMeter consumed;
  private final ConsumptionMeter answered;
  private final ConsumptionMeter throttled;
  private final LongSupplier nanoTime;

  /**
   * @param ceilingWcuPerSecond the highest rate ({@code --max-wcu}, a fraction of the table's
   *     capacity, or an on-demand table's maximum); {@code Infinity} when there is none
   * @param nanoTime the ticker
   * @param random jitters the controller's probes
   */
  public WritePacer(double ceilingWcuPerSecond, LongSupplier nanoTime, RandomGenerator random) {
    this.limiter = new WriteRateLimiter(ceilingWcuPerSecond, BURST_SECONDS, nanoTime);
    this.controller = new RateController(ceilingWcuPerSecond, nanoTime, random);
    this.consumed = new ConsumptionMeter(nanoTime);
    this.answered = new ConsumptionMeter(nanoTime);
    this.throttled = new ConsumptionMeter(nanoTime);
    this.nanoTime = nanoTime;
  }

  /** A pacer on this ticker with its own random source. */
  public WritePacer(double ceilingWcuPerSecond, LongSupplier nanoTime) {
    this(ceilingWcuPerSecond, nanoTime, new SplittableRandom());
  }

  /** A pacer without a ceiling: unbound until DynamoDB throttles. */
  public static WritePacer unlimited() {
    return new WritePacer(Double.POSITIVE_INFINITY, System::nanoTime);
  }

  /** The ticker the pacer runs on, in nanoseconds. */
  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  /** Reserves a call's estimated write units; returns the nanoseconds to wait before sending it. */
  public long reserve(double estimatedUnits) {
    double rate = controller.rate();
    if (rate != limiter.rate()) {
      limiter.setRate(rate);
    }
    return limiter.reserve(estimatedUnits);
  }

  /**
   * Nanoseconds until a call reserved now would go at once (0: now). A writer takes its next call
   * from its queue only shortly before this, so a call never waits long after its reservation and
   * a new rate takes effect at once.
   */
  public long readyIn() {
    double rate = controller.rate();
    if (rate != limiter.rate()) {
      limiter.setRate(rate);
    }
    return limiter.readyIn();
  }

  /** A call was reserved but never sent: its units are given back. */
  public void unsent(double estimatedUnits) {
    limiter.adjust(-estimatedUnits);
  }

  /** A call of {@code estimatedUnits} goes out now; hand the ticket back to {@link #completed}. */
  public RateController.Ticket sent(double estimatedUnits) {
    return controller.sent(estimatedUnits);
  }

  /**
   * A call came back.
   *
   * @param ticket what {@link #sent} gave
   * @param estimatedUnits the units reserved for it
   * @param consumedUnits what DynamoDB reported as consumed
   * @param throttledUnits estimated units of its items returned unprocessed, or all of them for
   *     a throttled call
   * @param failed it failed with an error other than throttling (a 500, a reset): charged in
   *     full, but it tells nothing about the rate
   */
  public void completed(RateController.Ticket ticket, double estimatedUnits, double consumedUnits,
      double throttledUnits, boolean failed) {
    consumed.record(consumedUnits);
    if (!failed) {
      answered.record(estimatedUnits);
      throttled.record(throttledUnits);
    }
    double charged = consumedUnits + (failed ? estimatedUnits : throttledUnits);
    limiter.adjust(charged - estimatedUnits);
    controller.completed(ticket, estimatedUnits, consumedUnits, throttledUnits, failed);
  }

  /** The rate allowed now, in write units per second ({@code Infinity} when unbound without a ceiling). */
  public double allowedRate() {
    return controller.rate();
  }

  /** The rate consumed over the last seconds, in write units per second. */
  public double consumedRate() {
    return consumed.rate();
  }

  /** The share of the answered write units throttled over the last seconds, 0 to 1. */
  public double throttledShare() {
    double offered = answered.rate();
    return offered <= 0 ? 0 : Math.min(1, throttled.rate() / offered);
  }

  /** How many times throttling bound the rate lower. */
  public long throttleDecreases() {
    return controller.cuts();
  }

  /** The controller, for its state (tests, diagnostics). */
  public RateController controller() {
    return controller;
  }
}
