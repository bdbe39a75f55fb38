package dev.ddbload.config;

import java.time.Duration;

/**
 * Defaults and bounds that several settings share (a load's and a verification's retries and
 * capacity share, the Spark writer's), declared once: whoever needs one of these reads it here.
 */
public final class CommonSettings {

  /** Sends (or reads) per item before it is given up: 1 to 100. */
  public static final Bounds ATTEMPTS = Bounds.between(1, 100);
  /** Sends (or reads) per item before it is given up, unless set. */
  public static final int DEFAULT_ATTEMPTS = 15;
  /** Cap of the first retry's delay, unless set. */
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);
  /** Largest retry delay, unless set. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
  /** A share of a table's provisioned capacity: more than 0, at most 1. */
  public static final Bounds CAPACITY_FRACTION = Bounds.above(0, 1);
  /** Share of a provisioned table's capacity used without an explicit rate, unless set. */
  public static final double DEFAULT_CAPACITY_FRACTION = 0.9;
  /** Capacity units consumed per second at most; 0 means the default. */
  public static final Bounds UNITS_PER_SECOND = Bounds.between(0, 1e9);
  /** Provisioned write capacity units to raise or lower a table to; 0 means unchanged. */
  public static final Bounds WRITE_CAPACITY = Bounds.between(0, 1e9);

  private CommonSettings() {}
}
