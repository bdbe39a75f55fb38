package dev.ddbload.throttle;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the write rate by experiment, telling throttling that answers to the rate (the table's
 * capacity, a partition's limit, an on-demand table still scaling) from throttling that does not
 * (a hot key, a node having a bad minute, random UnprocessedItems). Pure logic: time comes from
 * an injected ticker and the jitter of probes from an injected random source. Thread-safe.
 *
 * <p>Measurement. Every call is tagged, when it is sent, with the current {@link Phase}: the
 * calls sent while one rate was in force. A phase closes once it has sent enough calls for its
 * throttled share to be known within about 1.5 points (from the per-call variance of the phase
 * before, 16 to 400 calls) and has lasted 0.5 s, or after 5 s, or at once when its answers already
 * show twice the excess threshold; it is judged once all its calls are back. It yields the
 * throttled share {@code s} (throttled units over answered units, with its standard error per
 * call), the offered rate {@code O} (units charged per second) and the delivered rate {@code D}
 * (units consumed per second).
 *
 * <p>The background {@code b} is the throttled share no rate relieves; a phase shows
 * <em>excess</em> throttling when {@code s - b} exceeds both 5 points and three standard errors.
 * A cut starts on two such phases in a row, or on one over twice the threshold.
 *
 * <ul>
 *   <li><b>Unbound</b> (the start, and whenever nothing binds): the rate is the ceiling, so a
 *       clean load is bound only by concurrency.</li>
 *   <li><b>Cut</b>, on excess: above a limit DynamoDB delivers {@code D} whatever is offered, so
 *       the trial rate is {@code 0.95 · D / (1 - b)} (at most {@code 0.95 · O}). Excess gone →
 *       bound there. Share dropped but still in excess → the trial is the next cut's base. As
 *       high as before → a second trial at 0.7 times the rate (the base may have been measured
 *       while burst credit ran out); the same excess there too, and a delivered rate that fell
 *       with the offered one → rate-independent: back to the rate before, the pooled share
 *       becoming the background (a delivered rate that stayed → both trials were over a limit:
 *       the next cut starts from the second).</li>
 *   <li><b>Probe</b>, while bound: after 2 s, then at intervals doubling up to 12 s (jittered),
 *       one phase at 1.15 times the rate. No excess: taken, verified by a phase of its own, then
 *       probed on at 1.3, 1.6, 2 times (unbound when it reaches the ceiling or four times what
 *       the load offered at it). Excess: back to the last rate that held, and on at once in small steps again
 *       unless it was the first step.</li>
 * </ul>
 * The rate never drops below four calls' units a second (or 50 units, if less), nor rises above
 * the ceiling.
 * docs/ARCHITECTURE.md ("Capacity and rate") gives the reasons.
 */
public final class RateController {

  private static final Logger log = LoggerFactory.getLogger(RateController.class);

  private static final long MIN_PHASE_NANOS = 500_000_000L;
  private static final long MAX_PHASE_NANOS = 5_000_000_000L;
  /** A closed phase whose last calls have not come back after this long is judged without them. */
  private static final long STRAGGLER_NANOS = 5_000_000_000L;
  private static final int MIN_CALLS = 16;
  private static final int MAX_CALLS = 400;
  /** Fewer answered calls than this decide nothing. */
  private static final int MIN_DECISION_CALLS = 8;
  private static final double SHARE_ERROR_TARGET = 0.015;
  private static final double MIN_EXCESS = 0.05;
  private static final double EXCESS_Z = 3;
  private static final double RELIEF_Z = 2.5;
  /** What share of the limit found the rate aims at. */
  static final double TARGET = 0.95;
  /** A probe whose rate is this many times what the load offered at it unbinds the rate. */
  private static final double UNFILLED = 4;
  /** A cut that showed no relief is confirmed at this share of its rate. */
  private static final double DEEPER = 0.7;
  private static final double BACKGROUND_CAP = 0.8;
  private static final double BACKGROUND_SMOOTHING = 0.1;
  /** The floor: four calls' units a second, but never more than this (calls of 400 KB items). */
  private static final int FLOOR_CALLS = 4;
  private static final double FLOOR_MAX = 50;

  /** A call's place in the measurements; given by {@link #sent}, handed back to {@link #completed}. */
  public static final class Ticket {
    private final Phase phase;

    private Ticket(Phase phase) {
      this.phase = phase;
    }
  }

  private final double ceiling;
  private final LongSupplier nanoTime;
  private final ArrayDeque<Phase> closed = new ArrayDeque<>();
  /** The rate outside experiments; the ceiling while unbound. */
  private double settled;
  private boolean bound;
  private Phase current;
  private Experiment experiment;
  private double background;
  /** The background the last rate-independent verdict established (0 before any). */
  private double learnt;
  private int needCalls = MIN_CALLS;
  private double unitsPerCall = 25;
  private final ProbeSchedule probes;
  /** The last phase judged showed excess, but not plainly: one more in a row starts a cut. */
  private boolean suspect;
  private long cuts;

  /**
   * @param ceiling the highest rate in units per second ({@code Infinity} for none)
   * @param nanoTime the ticker
   * @param random jitters the probes' timing
   */
  public RateController(double ceiling, LongSupplier nanoTime, RandomGenerator random) {
    if (!(ceiling > 0)) {
      throw new IllegalArgumentException("the ceiling must be positive");
    }
    this.ceiling = ceiling;
    this.nanoTime = nanoTime;
    this.probes = new ProbeSchedule(random);
    this.settled = ceiling;
  }

  /** The rate in force now, in units per second ({@code Infinity} while unbound without a ceiling). */
  public synchronized double rate() {
    return current != null ? current.rate : nextRate();
  }

  /** Whether a limit was found and the rate is bound to it (false while at the ceiling). */
  public synchronized boolean isBound() {
    return bound;
  }

  /** The throttled share no rate relieves, as learnt so far. */
  public synchronized double background() {
    return background;
  }

  /** How many times a cut was confirmed (the rate bound lower because of throttling). */
  public synchronized long cuts() {
    return cuts;
  }

  /** A call of {@code estimatedUnits} is being sent now; returns its ticket. */
  public synchronized Ticket sent(double estimatedUnits) {
    long now = nanoTime.getAsLong();
    roll(now);
    if (current == null) {
      open(now);
    }
    current.sent++;
    current.outstanding++;
    unitsPerCall += 0.05 * (estimatedUnits - unitsPerCall);
    return new Ticket(current);
  }

  /**
   * A call came back.
   *
   * @param ticket what {@link #sent} gave
   * @param estimated the call's estimated units
   * @param consumed the units DynamoDB consumed
   * @param throttled the estimated units throttled: items returned unprocessed, or all of a
   *     throttled call
   * @param failed whether it failed with an error other than throttling (nothing learnt about the rate)
   */
  public synchronized void completed(Ticket ticket, double estimated, double consumed, double throttled,
      boolean failed) {
    ticket.phase.record(estimated, consumed, throttled, failed);
    long now = nanoTime.getAsLong();
    roll(now);
    while (!closed.isEmpty()) {
      Phase p = closed.peekFirst();
      if (p.outstanding > 0 && now - p.closedAt < STRAGGLER_NANOS) {
        break;
      }
      closed.pollFirst();
      judge(p, now);
    }
  }

  private double nextRate() {
    return experiment != null ? experiment.trialRate : settled;
  }

  /**
   * Closes the current phase when it is due, or as soon as its answers already show plain excess
   * throttling (twice the threshold): a rate over the limit costs throttling for every moment it
   * is kept.
   */
  private void roll(long now) {
    if (current == null) {
      return;
    }
    long age = now - current.opened;
    boolean plainExcess = current.answered >= MIN_CALLS && age >= MIN_PHASE_NANOS / 2
        && current.share() - background > 2 * threshold(current);
    if ((current.sent >= needCalls && age >= MIN_PHASE_NANOS) || age >= MAX_PHASE_NANOS || plainExcess) {
      close(now);
    }
  }

  private void close(long now) {
    current.closedAt = now;
    closed.addLast(current);
    current = null;
  }

  /** The rate changes now: the phase under way (at the old rate) is cut short. */
  private void switchRate(long now) {
    if (current != null) {
      current.kind = Phase.Kind.SKIPPED;
      if (current.sent > 0) {
        close(now);
      } else {
        current = null;
      }
    }
  }

  private void open(long now) {
    if (experiment == null && bound && probes.isDue(now)) {
      double to = Math.min(ceiling, settled * probes.factor());
      experiment = new Experiment(Experiment.Kind.PROBE, null, settled, to, null);
    }
    boolean trial = experiment != null && experiment.trial == null;
    current = new Phase(nextRate(), now, trial ? Phase.Kind.TRIAL : Phase.Kind.NORMAL);
    if (trial) {
      experiment.trial = current;
    }
  }

  private void judge(Phase p, long now) {
    decide(p, now);
    if (current != null && current.rate != nextRate()) {
      switchRate(now);
    }
  }

  private void decide(Phase p, long now) {
    if (p.kind == Phase.Kind.SKIPPED) {
      return;
    }
    if (p.answered < MIN_DECISION_CALLS) {
      if (experiment != null && experiment.trial == p) {
        retry(now);
      }
      return;
    }
    needCalls = (int) Math.max(MIN_CALLS, Math.min(MAX_CALLS,
        Math.ceil(Math.pow(p.perCallDeviation() / SHARE_ERROR_TARGET, 2))));
    if (experiment != null) {
      if (experiment.trial == p) {
        if (experiment.kind == Experiment.Kind.CUT) {
          decideCut(p, now);
        } else {
          decideProbe(p, now);
        }
      }
      return;
    }
    if (excess(p)) {
      // One phase a little over the threshold may be the noise's own tail (a few in a thousand
      // are): a cut needs two in a row, or one plainly over.
      boolean plain = p.share() - background > 2 * threshold(p);
      if (suspect || plain) {
        suspect = false;
        probes.excess();
        startCut(p, settled, now);
      } else {
        suspect = true;
      }
    } else {
      suspect = false;
      if (probes.isVerifying() && p.rate == settled) {
        probes.verified(now);
      }
      // Follows the share that comes and goes by itself, but never above half the excess threshold
      // over what the last experiment established: throttling that creeps up (a rate a little
      // over a limit, its burst credit running out) must prove itself by experiment.
      double s = Math.min(p.share(), learnt + MIN_EXCESS / 2);
      background += BACKGROUND_SMOOTHING * (s - background);
      log.trace("{} {} background {}", now / 1e9, p, background);
    }
  }

  /** The trial had too few calls to judge: the phase under way at the same rate becomes the trial. */
  private void retry(long now) {
    if (current != null && current.rate == experiment.trialRate) {
      current.kind = Phase.Kind.TRIAL;
      experiment.trial = current;
    } else {
      experiment.trial = null;
      switchRate(now);
    }
  }

  private boolean excess(Phase p) {
    return p.share() - background > threshold(p);
  }

  /**
   * Whether a trial's throttling is back near the background: within half the excess threshold
   * (a trial merely under the threshold may be noise that happened to fall short of it).
   */
  private boolean gone(Phase p) {
    return p.share() - background <= threshold(p) / 2;
  }

  private static double threshold(Phase p) {
    return Math.max(MIN_EXCESS, EXCESS_Z * p.standardError());
  }

  private void startCut(Phase base, double from, long now) {
    double limited = base.delivered() / (1 - background);
    double to = Math.max(floor(), Math.min(ceiling, TARGET * Math.min(limited, base.offered())));
    experiment = new Experiment(Experiment.Kind.CUT, base, from, to, null);
    log.debug("{} excess throttling in {} (background {}): trying {}", now / 1e9, base, background, to);
    switchRate(now);
  }

  private void decideCut(Phase trial, long now) {
    Experiment e = experiment;
    if (gone(trial)) {
      // The excess is gone: bound at the trial's rate or, after a confirming trial, where the
      // first trial (above the limit, so delivering the limit) puts it.
      settled = e.first == null ? e.trialRate
          : Math.max(e.trialRate, Math.min(e.first.rate, TARGET * e.first.delivered() / (1 - background)));
      // A limit found again while bound (the last probe's rate did not hold): probe less often.
      probes.limitFound(bound, now);
      bound = true;
      cuts++;
      log.debug("{} relief in {}: rate bound at {}", now / 1e9, trial, settled);
      experiment = null;
      return;
    }
    // A confirming trial is compared with the first trial: both ran after the excess was seen.
    Phase base = e.first != null ? e.first : e.base;
    boolean dropped = base.share() - trial.share() > RELIEF_Z * Math.hypot(base.standardError(),
        trial.standardError());
    if (dropped) {
      startCut(trial, e.from, now);
      return;
    }
    if (e.first == null) {
      // Still as much throttling at the lower rate; but the base may have been measured while burst
      // credit ran out, or the cut was too small to show: only a second, deeper cut that changes
      // nothing either proves the throttling rate-independent.
      double deeper = Math.max(floor(), DEEPER * e.trialRate);
      experiment = new Experiment(Experiment.Kind.CUT, e.base, e.from, deeper, trial);
      log.debug("{} no relief in {}: confirming at {}", now / 1e9, trial, deeper);
      return;
    }
    // Two trials in excess at different rates. Above a limit DynamoDB delivers the limit whatever
    // is offered: if the deeper trial delivered about as much as the first, it is still above it
    // (the share can hardly drop when both are far over the limit). Only a delivered rate that
    // fell with the offered one, as random faults make it, proves the throttling rate-independent.
    double offeredRatio = trial.offered() / Math.max(1e-9, e.first.offered());
    double deliveredRatio = trial.delivered() / Math.max(1e-9, e.first.delivered());
    boolean measured = trial.seconds() * 1e9 >= MIN_PHASE_NANOS && e.first.seconds() * 1e9 >= MIN_PHASE_NANOS;
    if (!measured || offeredRatio > 0.9 || deliveredRatio > 1 - (1 - offeredRatio) / 2) {
      // Too short to tell rates apart, or not offered less, or delivered as much: above a limit.
      startCut(trial, e.from, now);
      return;
    }
    double pooled = (e.base.share() * e.base.answered + e.first.share() * e.first.answered
        + trial.share() * trial.answered) / (e.base.answered + e.first.answered + trial.answered);
    learnt = Math.min(BACKGROUND_CAP, Math.max(background, pooled));
    background = learnt;
    settled = e.from;
    log.debug("{} no relief in {}: background {}, back to {}", now / 1e9, trial, background, settled);
    experiment = null;
  }

  private void decideProbe(Phase trial, long now) {
    double from = experiment.from;
    double to = experiment.trialRate;
    experiment = null;
    if (excess(trial)) {
      // Back to the last rate that held: what the probe delivered may include burst credit.
      settled = from;
      probes.probeFailed(now);
      log.debug("{} probe {} met the limit: rate {}", now / 1e9, trial, settled);
      switchRate(now);
      return;
    }
    settled = to;
    if (to >= ceiling || trial.offered() * UNFILLED < to) {
      // Nothing binds: stop pacing (the ceiling still holds). A probe the load does not fill by
      // far: a short lull (the writer full of items waiting out their backoff) fills at least a
      // quarter of it.
      settled = ceiling;
      bound = false;
      probes.stop();
      log.debug("{} probe {} found nothing binding: unbound", now / 1e9, trial);
      return;
    }
    probes.probeHeld();
    log.debug("{} probe {} found room: rate {}", now / 1e9, trial, settled);
  }

  private double floor() {
    return Math.max(1, Math.min(ceiling, Math.min(FLOOR_MAX, FLOOR_CALLS * unitsPerCall)));
  }
}
