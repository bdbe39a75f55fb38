package dev.ddbload.capacity;

import dev.ddbload.config.CommonSettings;

/**
 * What a load asks of a provisioned table's write capacity: raise it to {@code maxWrite} before
 * (never lowering a higher one), and bring it down to {@code minWrite} after; without
 * {@code minWrite}, back to what it was before. Zero means not set.
 *
 * @param maxWrite write capacity units to raise the table to before the load, or 0
 * @param minWrite write capacity units to lower the table to after the load, or 0
 * @param indexWrite write capacity units to raise each global secondary index to, or 0 for
 *     {@code maxWrite}
 */
public record CapacityTargets(long maxWrite, long minWrite, long indexWrite) {

  /** No capacity management. */
  public static final CapacityTargets NONE = new CapacityTargets(0, 0, 0);

  /** Validates each value against {@link CommonSettings#WRITE_CAPACITY}. */
  public CapacityTargets {
    CommonSettings.WRITE_CAPACITY.check("CapacityTargets.maxWrite", maxWrite);
    CommonSettings.WRITE_CAPACITY.check("CapacityTargets.minWrite", minWrite);
    CommonSettings.WRITE_CAPACITY.check("CapacityTargets.indexWrite", indexWrite);
  }

  /** Whether the load changes capacity at all. */
  public boolean manages() {
    return maxWrite > 0 || minWrite > 0;
  }

  /** The capacity each index is raised to. */
  public long indexRaise() {
    return indexWrite > 0 ? indexWrite : maxWrite;
  }
}
