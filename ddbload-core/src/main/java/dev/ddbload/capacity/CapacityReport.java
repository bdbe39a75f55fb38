package dev.ddbload.capacity;

import java.util.List;
import java.util.Optional;

/**
 * What a load did to the table's write capacity. Immutable.
 *
 * @param onDemand the table bills per request: there was nothing to change
 * @param raised changes made before the load
 * @param restored changes made after the load (including a restore left pending by an earlier run)
 * @param problem why capacity could not be restored, in one or two sentences, if it could not
 */
public record CapacityReport(boolean onDemand, List<CapacityChange> raised, List<CapacityChange> restored,
    Optional<String> problem) {

  /** Nothing changed. */
  public static final CapacityReport NONE = new CapacityReport(false, List.of(), List.of(), Optional.empty());

  /** Copies the lists. */
  public CapacityReport {
    raised = List.copyOf(raised);
    restored = List.copyOf(restored);
  }

  /** Whether capacity was left raised because the restore failed. */
  public boolean restoreFailed() {
    return problem.isPresent();
  }
}
