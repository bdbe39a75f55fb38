package dev.ddbload.verify;

/**
 * Paces reads by read capacity units per second, adapting to throttling as writes are paced:
 * each call reserves its estimated units before it is sent, and reports what DynamoDB consumed
 * and throttled when it is back. The seam between the reader and the rate control it uses
 * ({@link PacedReads}). Implementations are thread-safe.
 */
public interface ReadPace {

  /** Reserves a call's estimated units; returns the nanoseconds to wait before sending it. */
  long reserve(double estimatedUnits);

  /**
   * A call of {@code estimatedUnits} goes out now.
   *
   * @return what to hand back to {@link #completed} (may be null)
   */
  Object sent(double estimatedUnits);

  /**
   * A call came back.
   *
   * @param ticket what {@link #sent} gave
   * @param estimatedUnits the units reserved for it
   * @param consumedUnits what DynamoDB reported as consumed
   * @param throttledUnits estimated units of its keys returned unprocessed, or all of them for a
   *     throttled call
   * @param failed it failed with an error other than throttling: charged, but no signal of rate
   */
  void completed(Object ticket, double estimatedUnits, double consumedUnits, double throttledUnits, boolean failed);

  /** The read rate allowed now, in units per second ({@code Infinity}: no limit). */
  double allowedRate();

  /** The read units consumed per second lately. */
  double consumedRate();

  /** The share of the read units answered lately that were throttled, 0 to 1. */
  double throttledShare();

  /** The ticker the pace runs on, in nanoseconds (round trips are measured on it). */
  long nanoTime();
}
