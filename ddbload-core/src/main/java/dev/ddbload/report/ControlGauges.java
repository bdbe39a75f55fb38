package dev.ddbload.report;

import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * Where a load's control readings come from (the writer's pacer and in-flight limit), read for
 * {@link LoadStats} and the per-second {@link ControlSample}s. Each supplier must be thread-safe
 * and cheap.
 *
 * @param consumedWcuPerSecond write units consumed per second over the last seconds
 * @param rateLimit the write rate allowed now, units per second ({@code Infinity}: none)
 * @param inFlightLimit BatchWriteItem calls allowed in flight now
 * @param throttledShare the share of write units throttled over the last seconds, 0 to 1
 */
public record ControlGauges(DoubleSupplier consumedWcuPerSecond, DoubleSupplier rateLimit,
    IntSupplier inFlightLimit, DoubleSupplier throttledShare) {

  /** Before a writer exists: nothing consumed, no limit. */
  public static final ControlGauges NONE = new ControlGauges(() -> 0, () -> Double.POSITIVE_INFINITY, () -> 0,
      () -> 0);
}
