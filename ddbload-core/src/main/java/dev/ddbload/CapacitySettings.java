package dev.ddbload;

import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.config.Bounds;
import dev.ddbload.config.CommonSettings;
import java.util.Objects;

/**
 * How a load uses and changes a table's write capacity: one group of {@link LoadOptions}.
 * Immutable; every value is checked when the settings are made.
 *
 * @param targets write capacity to raise a provisioned table to before the load and lower it to after
 * @param capacityFraction share of a provisioned table's write capacity used without {@code maxWcu},
 *     {@link CommonSettings#CAPACITY_FRACTION}
 * @param maxWcu write capacity units consumed per second at most, indexes included; 0 for the default
 * @param pricePerMillionWriteUnits on-demand price of a million write request units, in USD, for the
 *     dry run's estimate, 0 or more
 */
public record CapacitySettings(CapacityTargets targets, double capacityFraction, double maxWcu,
    double pricePerMillionWriteUnits) {

  /** The library's defaults. */
  public static final CapacitySettings DEFAULTS = new CapacitySettings(CapacityTargets.NONE,
      LoadOptions.DEFAULT_CAPACITY_FRACTION, 0, LoadOptions.DEFAULT_PRICE_PER_MILLION_WRITE_UNITS);

  /** Checks every value. */
  public CapacitySettings {
    Objects.requireNonNull(targets, "capacity");
    CommonSettings.CAPACITY_FRACTION.check("LoadOptions.capacityFraction", capacityFraction);
    CommonSettings.UNITS_PER_SECOND.check("LoadOptions.maxWcu", maxWcu);
    Bounds.atLeast(0).check("LoadOptions.pricePerMillionWriteUnits", pricePerMillionWriteUnits);
  }
}
