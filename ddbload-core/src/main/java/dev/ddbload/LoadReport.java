package dev.ddbload;

import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.report.ControlSample;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.SourceDamage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a load did: its end state, its counters, where the rejects went, the inputs it could not
 * read to their end and, if it was aborted, why. The counters always satisfy
 * {@code read = written + rejected + superseded + pending} ({@code pending} is 0 unless the load
 * was interrupted or aborted; for a dry run, {@code read = plan.records + rejected}), and
 * {@code bytesRead + bytesUnread = bytesTotal} once every input was read or given up (but for
 * the bytes a resumed load seeks past). Immutable.
 *
 * @param table the table loaded
 * @param status how it ended
 * @param stats the final counters
 * @param rejectsFile the rejects file, when any record was rejected
 * @param error the fatal error in one sentence, when aborted
 * @param capacity what the load did to the table's write capacity
 * @param plan for a dry run, what the load would do
 * @param checkpoint where the checkpoint was left for the next run to resume from, when the
 *     load did not complete
 * @param damage the inputs not read in full, in the order found
 * @param series the load's control, second by second: records written and write units consumed
 *     in each second, the rate limit, in-flight limit and throttled share at its end (the last
 *     sample covers the load's last, possibly shorter, second)
 */
public record LoadReport(String table, LoadStatus status, LoadStats stats, Optional<Path> rejectsFile,
    Optional<String> error, CapacityReport capacity, Optional<LoadPlan> plan, Optional<String> checkpoint,
    List<SourceDamage> damage, List<ControlSample> series) {

  /** Validates presence. */
  public LoadReport {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(rejectsFile, "rejectsFile");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(checkpoint, "checkpoint");
    damage = List.copyOf(damage);
    series = List.copyOf(series);
  }
}
