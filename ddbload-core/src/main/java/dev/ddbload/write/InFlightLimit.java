package dev.ddbload.write;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The limit on calls in flight: the writer's BatchWriteItem calls, a verification's BatchGetItem
 * calls. Pinned, it never moves. Adaptive, it is
 * Netflix concurrency-limits' {@code Gradient2Limit} fed by a {@code WindowedLimit}: each window
 * of at least ten calls and 100 ms (twice the round trip, up to a second) gives its average round
 * trip; while that stays near the long-term average (an exponential average over the last 3,000
 * windows) the limit grows by a quarter of itself (smoothed to about 5 % a window), and when the
 * round trip climbs above it the limit shrinks in proportion, never below
 * {@link Concurrency#min()} nor above {@link Concurrency#max()}. It does not grow while fewer than half the calls it allows
 * are out (the pacer or the reader is what binds then).
 *
 * <p>Only answered calls are samples, and none of the first 2 s (the JVM's warm-up): a throttled or failed call says nothing about how many
 * calls the table serves at once (throttling is the rate controller's business), and counting
 * its quick answer would push the limit up, or its timeout down. Round trips are measured from
 * the moment a call is handed to the client (after any wait for the pacer) to its answer.
 * Thread-safe.
 */
public final class InFlightLimit {

  /** Windows are at least this long (the library's least) ... */
  private static final long MIN_WINDOW_MILLIS = 100;
  /** ... and at most this long. */
  private static final long MAX_WINDOW_MILLIS = 1000;

  /**
   * Round trips of the first seconds are left out: they carry the JVM's warm-up (the first calls
   * take ten times the round trip they take once compiled) and would make the long-term average,
   * and so the limit, far too high.
   */
  private static final long WARM_UP_NANOS = 2_000_000_000L;

  /** Windows the long-term average round trip is taken over (the library's default is 600). */
  private static final int LONG_WINDOWS = 3000;

  private final Limit limit;
  private final int max;
  /** When the first round trip was sampled, or {@link Long#MIN_VALUE}. */
  private final AtomicLong firstSample = new AtomicLong(Long.MIN_VALUE);

  /** A limit within the bounds of {@code concurrency}, starting at its initial value. */
  public InFlightLimit(Concurrency concurrency) {
    this.max = concurrency.max();
    if (concurrency.isPinned()) {
      this.limit = null;
      return;
    }
    Gradient2Limit gradient = Gradient2Limit.newBuilder()
        .initialLimit(concurrency.initial())
        .minLimit(concurrency.min())
        .maxConcurrency(concurrency.max())
        .queueSizeFunction(limit -> Math.max(4, limit / 4))
        .rttTolerance(1.0)
        .longWindow(LONG_WINDOWS)
        .build();
    this.limit = WindowedLimit.newBuilder()
        .minWindowTime(MIN_WINDOW_MILLIS, TimeUnit.MILLISECONDS)
        .maxWindowTime(MAX_WINDOW_MILLIS, TimeUnit.MILLISECONDS)
        .build(gradient);
  }

  /** Calls allowed in flight now. */
  public int current() {
    return limit == null ? max : limit.getLimit();
  }

  /** The most calls the limit may ever allow. */
  public int max() {
    return max;
  }

  /**
   * An answered call's round trip.
   *
   * @param sentNanos when it was sent, on the writer's ticker
   * @param roundTripNanos how long its answer took
   * @param inFlight calls in flight when it was sent, itself included
   */
  public void sample(long sentNanos, long roundTripNanos, int inFlight) {
    if (limit == null || roundTripNanos <= 0) {
      return;
    }
    firstSample.compareAndSet(Long.MIN_VALUE, sentNanos);
    if (sentNanos - firstSample.get() >= WARM_UP_NANOS) {
      limit.onSample(sentNanos, roundTripNanos, inFlight, false);
    }
  }

  /** Tells {@code listener} each new limit, from the thread that caused the change. */
  public void onChange(IntConsumer listener) {
    if (limit != null) {
      limit.notifyOnChange(listener::accept);
    }
  }
}
