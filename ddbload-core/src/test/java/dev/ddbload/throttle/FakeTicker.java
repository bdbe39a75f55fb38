package dev.ddbload.throttle;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond ticker that moves only when told to. */
final class FakeTicker implements LongSupplier {
  private long now = 1_000_000_000_000L;

  @Override
  public long getAsLong() {
    return now;
  }

  void advance(Duration d) {
    now += d.toNanos();
  }

  void advanceNanos(long nanos) {
    now += nanos;
  }
}
