package dev.ddbload.throttle;

import java.util.function.LongSupplier;

/**
 * Write capacity consumed over the last few seconds, in one-second buckets, to know the rate a
 * load actually achieves (for {@link AdaptiveRate} and the progress line). Time comes from an
 * injected ticker. Thread-safe.
 */
public final class ConsumptionMeter {

  private static final int SECONDS = 4;

  private final LongSupplier nanoTime;
  private final long origin;
  private final double[] units = new double[SECONDS];
  private final long[] second = new long[SECONDS];

  /** A meter on this ticker. */
  public ConsumptionMeter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
    java.util.Arrays.fill(second, -1);
  }

  /** Records units consumed now. */
  public synchronized void record(double consumed) {
    long s = currentSecond();
    int i = (int) (s % SECONDS);
    if (second[i] != s) {
      second[i] = s;
      units[i] = 0;
    }
    units[i] += consumed;
  }

  /** Units per second over the last complete seconds (up to three), 0 before the first. */
  public synchronized double rate() {
    long now = currentSecond();
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
