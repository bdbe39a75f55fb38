package dev.ddbload.throttle;

import java.util.random.RandomGenerator;

/**
 * When the {@link RateController} next tries a higher rate, and how much higher: 2 s after a
 * limit is first found, then at intervals doubling up to 12 s (jittered by ±25 %) each time the
 * limit is found again; steps of 1.15, 1.3, 1.6, then 2 times while each step holds, a step's
 * rate being verified by a phase of its own before the next. Not thread-safe: the controller
 * guards it.
 */
final class ProbeSchedule {

  private static final double[] STEPS = {1.15, 1.3, 1.6, 2.0};
  private static final long FIRST_NANOS = 2_000_000_000L;
  private static final long MAX_NANOS = 12_000_000_000L;

  private final RandomGenerator random;
  private long nextAt = Long.MAX_VALUE;
  private long interval = FIRST_NANOS;
  private int step;
  /** A probe's rate was taken: the next phase at it verifies it before the next probe. */
  private boolean verifying;

  ProbeSchedule(RandomGenerator random) {
    this.random = random;
  }

  /** Whether a probe is due now. */
  boolean isDue(long now) {
    return now >= nextAt;
  }

  /** How many times the rate the next probe tries. */
  double factor() {
    return STEPS[step];
  }

  /** A cut bound the rate: the first probe after 2 s, or, when the rate was bound already (a limit found again), later. */
  void limitFound(boolean wasBound, long now) {
    interval = wasBound ? Math.min(MAX_NANOS, interval * 2) : FIRST_NANOS;
    step = 0;
    verifying = false;
    nextAt = now + jitter(interval);
  }

  /**
   * A probe met the limit: a climb that overshot probes on in small steps at once; a first step
   * that fails means the limit is where it was, so the next probe waits longer.
   */
  void probeFailed(long now) {
    if (step > 0) {
      nextAt = now;
    } else {
      interval = Math.min(MAX_NANOS, interval * 2);
      nextAt = now + jitter(interval);
    }
    step = 0;
  }

  /** A probe found room: no probe until a phase at its rate verifies it. */
  void probeHeld() {
    verifying = true;
    nextAt = Long.MAX_VALUE;
  }

  /** Whether a probe's rate waits to be verified. */
  boolean isVerifying() {
    return verifying;
  }

  /** The probe's rate held for a phase of its own: the next, larger step at once. */
  void verified(long now) {
    verifying = false;
    step = Math.min(step + 1, STEPS.length - 1);
    nextAt = now;
  }

  /** Excess throttling at the probe's rate: nothing to verify any more. */
  void excess() {
    verifying = false;
  }

  /** The rate is no longer bound: no probes. */
  void stop() {
    verifying = false;
    nextAt = Long.MAX_VALUE;
  }

  private long jitter(long nanos) {
    return (long) (nanos * (0.75 + 0.5 * random.nextDouble()));
  }
}
