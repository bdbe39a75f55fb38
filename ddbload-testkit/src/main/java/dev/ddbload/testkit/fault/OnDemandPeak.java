package dev.ddbload.testkit.fault;

/**
 * An on-demand table's previous peak, and how it rises: the units consumed in each whole second
 * are recorded; when every one of the last {@code window} whole seconds consumed more than the
 * peak, the least of them becomes the new peak. So traffic held above the peak for the window
 * raises it to what was held, and a load throttled at twice the peak doubles it after the window.
 * The peak never falls. Not thread-safe: its {@link TableState} is used under the model's lock.
 */
final class OnDemandPeak {

  private final int window;
  private final double[] seconds;
  private double peak;
  private long second;
  private double consumed;
  private int filled;

  /**
   * @param peak the previous peak in WCU per second, positive
   * @param window how many whole seconds traffic must stay above the peak, at least 1
   * @param second the current whole second (since the model started)
   */
  OnDemandPeak(double peak, int window, long second) {
    this.peak = peak;
    this.window = Math.max(1, window);
    this.seconds = new double[this.window];
    this.second = second;
  }

  /** The previous peak, in WCU per second. */
  double peak() {
    return peak;
  }

  /**
   * Moves to whole second {@code now}, closing the seconds in between; returns whether the peak
   * rose.
   */
  boolean advance(long now) {
    if (now <= second) {
      return false;
    }
    boolean rose = close(consumed);
    // Seconds without any call consumed nothing; one window of them resets the history.
    for (long s = second + 1; s < now && s <= second + window; s++) {
      rose |= close(0);
    }
    second = now;
    consumed = 0;
    return rose;
  }

  /** Counts units consumed in the current second. */
  void consumed(double units) {
    consumed += units;
  }

  private boolean close(double units) {
    seconds[filled % window] = units;
    filled++;
    if (filled < window) {
      return false;
    }
    double least = Double.MAX_VALUE;
    for (double s : seconds) {
      least = Math.min(least, s);
    }
    if (least > peak) {
      peak = least;
      return true;
    }
    return false;
  }
}
