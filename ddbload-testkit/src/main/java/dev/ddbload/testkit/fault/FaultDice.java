package dev.ddbload.testkit.fault;

import java.util.Random;

/**
 * The random side of {@link FaultRules}: per BatchWriteItem call, one whole-request fault (or
 * none), a latency, and which items to hold back. Every draw of one call is made under one lock,
 * so the outcome depends only on the seed and the order in which calls arrive. Thread-safe.
 */
final class FaultDice {

  /** A fault that replaces the whole call's response. */
  enum WholeFault {
    NONE,
    DROP,
    HTTP_500,
    HTTP_503,
    THROTTLE,
    THROTTLING_EXCEPTION
  }

  /**
   * The draws for one call.
   *
   * @param fault the whole-request fault, {@link WholeFault#NONE} for none
   * @param latencyNanos delay before the call is handled
   * @param holdBack per item, whether to return it unprocessed (all false when {@code fault} is set)
   */
  record Throw(WholeFault fault, long latencyNanos, boolean[] holdBack) {}

  private final FaultRules rules;
  private final Random random;

  FaultDice(FaultRules rules) {
    this.rules = rules;
    this.random = new Random(rules.seed());
  }

  /** The draws for a call of {@code items} items. */
  synchronized Throw roll(int items) {
    long latency = latencyNanos();
    WholeFault fault = wholeFault(random.nextDouble());
    boolean[] holdBack = new boolean[items];
    if (fault == WholeFault.NONE && rules.holdBackRate() > 0) {
      for (int i = 0; i < items; i++) {
        holdBack[i] = random.nextDouble() < rules.holdBackRate();
      }
    }
    return new Throw(fault, latency, holdBack);
  }

  private long latencyNanos() {
    long min = rules.latencyMin().toNanos();
    long max = rules.latencyMax().toNanos();
    return max == min ? min : min + (long) (random.nextDouble() * (max - min + 1));
  }

  private WholeFault wholeFault(double draw) {
    double edge = rules.dropRate();
    if (draw < edge) {
      return WholeFault.DROP;
    }
    edge += rules.http500Rate();
    if (draw < edge) {
      return WholeFault.HTTP_500;
    }
    edge += rules.http503Rate();
    if (draw < edge) {
      return WholeFault.HTTP_503;
    }
    edge += rules.throttleRate();
    if (draw < edge) {
      return WholeFault.THROTTLE;
    }
    edge += rules.throttlingExceptionRate();
    if (draw < edge) {
      return WholeFault.THROTTLING_EXCEPTION;
    }
    return WholeFault.NONE;
  }
}
