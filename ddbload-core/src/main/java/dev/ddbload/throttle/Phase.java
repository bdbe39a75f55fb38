package dev.ddbload.throttle;

/**
 * The calls sent while one rate was in force, and what became of them: the unit of measurement
 * of {@link RateController}. A call belongs to the phase it was sent in, whenever it comes back,
 * so what a phase measures is the table's answer to that phase's rate. The throttled share is
 * estimated per call (a ratio estimator: 25 items throttled together, as a whole call is, move
 * the share together), so its standard error respects the unit of randomness. Not thread-safe:
 * the controller guards it.
 */
final class Phase {

  /** What the phase is for. */
  enum Kind {
    /** Measured at the settled rate. */
    NORMAL,
    /** The trial of an experiment: measured at the experiment's rate. */
    TRIAL,
    /** Cut short by a decision; its measurements are not used. */
    SKIPPED
  }

  final double rate;
  final long opened;
  Kind kind;
  long closedAt = -1;
  int sent;
  int outstanding;
  /** Calls that came back with an answer (not failed): the sample. */
  int answered;
  private double sumEstimated;
  private double sumThrottled;
  private double sumThrottledSquared;
  private double sumEstimatedSquared;
  private double sumCross;
  private double consumed;
  private double charged;

  Phase(double rate, long opened, Kind kind) {
    this.rate = rate;
    this.opened = opened;
    this.kind = kind;
  }

  boolean isClosed() {
    return closedAt >= 0;
  }

  /**
   * A call of this phase came back.
   *
   * @param estimated the call's estimated units
   * @param consumed the units DynamoDB consumed
   * @param throttled the estimated units of its items throttled (all, for a throttled call)
   * @param failed whether it failed without an answer (an error that is not throttling)
   */
  void record(double estimated, double consumed, double throttled, boolean failed) {
    outstanding--;
    this.consumed += consumed;
    this.charged += consumed + (failed ? estimated : throttled);
    if (failed || estimated <= 0) {
      return;
    }
    answered++;
    sumEstimated += estimated;
    sumThrottled += throttled;
    sumThrottledSquared += throttled * throttled;
    sumEstimatedSquared += estimated * estimated;
    sumCross += throttled * estimated;
  }

  /** Share of the answered calls' units throttled, 0 to 1. */
  double share() {
    return sumEstimated == 0 ? 0 : sumThrottled / sumEstimated;
  }

  /**
   * Standard deviation of one call's throttled share around the phase's share: how noisy the
   * calls are, to size the next phases.
   */
  double perCallDeviation() {
    if (answered < 2) {
      return 0.5;
    }
    double s = share();
    double residuals = sumThrottledSquared - 2 * s * sumCross + s * s * sumEstimatedSquared;
    double mean = sumEstimated / answered;
    return Math.sqrt(Math.max(0, residuals) / (answered - 1)) / mean;
  }

  /**
   * Standard error of {@link #share()}, at least {@code 0.1 / n}: a handful of identical calls
   * proves less than their zero variance says (but that floor must stay well under the 5 points
   * of excess a 16-call phase has to show).
   */
  double standardError() {
    if (answered < 2) {
      return 1;
    }
    return Math.max(perCallDeviation() / Math.sqrt(answered), 0.1 / answered);
  }

  /** Seconds the phase sent for. */
  double seconds() {
    return Math.max(1e-3, (closedAt - opened) / 1e9);
  }

  /** Units DynamoDB consumed for the phase's calls, per second of the phase. */
  double delivered() {
    return consumed / seconds();
  }

  /** Units the phase's calls were charged (consumed, throttled or failed), per second of the phase. */
  double offered() {
    return charged / seconds();
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s rate %.0f: %d calls, share %.3f±%.3f, offered %.0f/s,"
        + " delivered %.0f/s", kind, rate, answered, share(), standardError(), offered(), delivered());
  }
}
