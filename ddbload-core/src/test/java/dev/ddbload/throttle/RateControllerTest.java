package dev.ddbload.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The controller's rules on a fake clock, with a table reduced to a rule: the share of a call's
 * units throttled at a given offered rate. Calls of 25 units, answered at once; the loader offers
 * up to 10,000 units a second and the pacer's rate when that is lower. (RateControlSimTest drives
 * it through the real writer against the testkit's capacity model.)
 */
class RateControllerTest {

  private static final double UNITS = 25;
  private static final double LOADER = 10_000;

  private final FakeTicker ticker = new FakeTicker();
  private final RateController controller = new RateController(Double.POSITIVE_INFINITY, ticker,
      new SplittableRandom(1));

  /**
   * Runs {@code seconds} of calls; {@code shareAt} gives the share throttled at an offered rate.
   * Returns the units delivered per second over the run.
   */
  private double run(double seconds, DoubleUnaryOperator shareAt) {
    double delivered = 0;
    long end = ticker.getAsLong() + (long) (seconds * 1e9);
    while (ticker.getAsLong() < end) {
      double offered = Math.min(LOADER, controller.rate());
      double share = shareAt.applyAsDouble(offered);
      RateController.Ticket t = controller.sent(UNITS);
      controller.completed(t, UNITS, UNITS * (1 - share), UNITS * share, false);
      delivered += UNITS * (1 - share);
      ticker.advanceNanos((long) (UNITS / offered * 1e9));
    }
    return delivered / seconds;
  }

  /** A table that absorbs {@code limit} units a second: what is offered above it is throttled. */
  private static DoubleUnaryOperator limit(double limit) {
    return offered -> Math.max(0, 1 - limit / offered);
  }

  @Test
  void aFewItemsThatAreNeverProcessedCauseNoCut() {
    // Two items in 5,000 a second come back unprocessed, whatever the rate.
    run(60, offered -> 2 / 5000.0);

    assertThat(controller.rate()).isInfinite();
    assertThat(controller.cuts()).isZero();
  }

  @Test
  void aLimitIsFoundFromTheDeliveredRateAndTheRateBoundJustUnderIt() {
    run(10, limit(1000));

    // Bound just under the limit, or over it by less than the 5 points of throttling that count
    // as excess.
    assertThat(controller.isBound()).isTrue();
    assertThat(controller.rate()).isBetween(900.0, 1050.0);
    double delivered = run(120, limit(1000));
    assertThat(delivered).as("units delivered a second").isBetween(900.0, 1000.5);
  }

  @Test
  void throttlingThatNoRateRelievesCostsTwoTrialsThenBecomesTheBackground() {
    run(20, offered -> 0.3);

    assertThat(controller.rate()).isInfinite();
    assertThat(controller.cuts()).isZero();
    assertThat(controller.background()).isBetween(0.27, 0.33);
    double delivered = run(120, offered -> 0.3);
    assertThat(delivered).isEqualTo(LOADER * 0.7, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void aRaisedLimitIsFoundWithin30Seconds() {
    run(60, limit(1000));
    assertThat(controller.rate()).isBetween(900.0, 1050.0);

    run(30, limit(3000));

    assertThat(controller.rate()).isBetween(0.85 * 3000, 3150.0);
  }

  @Test
  void aLimitUnderRandomThrottlingIsFoundAboveTheBackground() {
    // 20 % of items come back unprocessed whatever the rate, and the table absorbs 1,000 units.
    DoubleUnaryOperator table = offered -> {
      double noise = 0.2;
      double reaching = offered * (1 - noise);
      return reaching <= 1000 ? noise : 1 - 1000 / offered;
    };

    double delivered = run(120, table);
    delivered = run(120, table);

    assertThat(delivered).isBetween(850.0, 1000.5);
  }

  @Test
  void theRateStaysUnderTheCeiling() {
    RateController capped = new RateController(500, ticker, new SplittableRandom(1));

    assertThat(capped.rate()).isEqualTo(500);
  }
}
