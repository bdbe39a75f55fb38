package dev.ddbload.throttle;

import java.util.function.LongSupplier;

/**
 * Write capacity consumed over the last few seconds, in one-second buckets, to know the rate a
 * load actually achieves (for the progress line and the throttled share). Time comes from an
 * injected ticker. Thread-safe.
 */
public final class ConsumptionMeter {

  private static final int SECONDS = 4;

  private final LongSupplier nanoTime;
  /** When the first units were recorded (seconds count from there), or -1. */
  private long origin = -1;
  private final double[] units = new double[SECONDS];
  private final long[] second = new long[SECONDS];

  /** A meter on this ticker. */
  public ConsumptionMeter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    java.util.Arrays.fill(second, -1);
  }

  /** Records units consumed now. */
  public synchronized void record(double consumed) {
    if (origin < 0) {
      origin = nanoTime.getAsLong();
    }
    long s = currentSecond();
    int i = (int) (s % SECONDS);
    if (second[i] != s) {
      second[i] = s;
      units[i] = 0;
    }
    units[i] += consumed;
  }

  /**
   * Units per second over the last complete seconds (up to three) since the first units were
   * recorded; within that first second, over the time since then (once it is 200 ms); else 0.
   */
  public synchronized double rate() {
    if (origin < 0) {
      return 0;
    }
    long now = currentSecond();
    if (now == 0) {
      double elapsed = (nanoTime.getAsLong() - origin) / 1e9;
      return elapsed < 0.2 ? 0 : units[0] / elapsed;
    }
    double total = 0;
    int seconds = 0;
    for (long s = now - 1; s >= Math.max(0, now - (SECONDS - 1)); s--) {
      int i = (int) (s % SECONDS);
      total += second[i] == s ? units[i] : 0;
      seconds++;
    }
    return seconds == 0 ? 0 : total / seconds;
  }

  private long currentSecond() {
    return (nanoTime.getAsLong() - origin) / 1_000_000_000L;
  }
}
