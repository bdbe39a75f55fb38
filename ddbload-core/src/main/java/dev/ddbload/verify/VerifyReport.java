package dev.ddbload.verify;

import dev.ddbload.report.SourceDamage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verification found. Immutable.
 *
 * @param table the table read
 * @param status how it ended
 * @param stats the final counters
 * @param differencesFile the differences file, when anything was written to it
 * @param error the fatal error in one sentence, when aborted
 * @param damage the inputs not read to their end: where each stopped and why
 */
public record VerifyReport(String table, VerifyStatus status, VerifyStats stats, Optional<Path> differencesFile,
    Optional<String> error, List<SourceDamage> damage) {

  /** Validates presence. */
  public VerifyReport {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(differencesFile, "differencesFile");
    Objects.requireNonNull(error, "error");
    damage = List.copyOf(damage);
  }

  /** Whether the table holds what the inputs say (of the keys checked). */
  public boolean matched() {
    return status == VerifyStatus.MATCHED;
  }
}
