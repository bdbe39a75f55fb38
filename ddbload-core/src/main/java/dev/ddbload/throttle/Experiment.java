package dev.ddbload.throttle;

/**
 * An experiment of the {@link RateController} under way: a trial rate and the rate to go back to.
 * Not thread-safe: the controller guards it.
 */
final class Experiment {

  /** What is tried. */
  enum Kind {
    /** A lower rate, to see whether excess throttling answers to the rate. */
    CUT,
    /** A higher rate, to see whether the table takes more. */
    PROBE
  }

  final Kind kind;
  /** The phase that showed the excess (a cut), or null (a probe). */
  final Phase base;
  /** The rate to go back to. */
  final double from;
  final double trialRate;
  /** For a cut that confirms a first trial's "no relief" at a deeper rate: that first trial. */
  final Phase first;
  /** The phase measured at the trial rate, once opened. */
  Phase trial;

  Experiment(Kind kind, Phase base, double from, double trialRate, Phase first) {
    this.kind = kind;
    this.base = base;
    this.from = from;
    this.trialRate = trialRate;
    this.first = first;
  }
}
