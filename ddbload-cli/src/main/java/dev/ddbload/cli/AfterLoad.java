package dev.ddbload.cli;

import dev.ddbload.LoadOptions;
import dev.ddbload.LoadReport;
import dev.ddbload.LoadStatus;
import dev.ddbload.Verifier;
import dev.ddbload.source.Source;
import dev.ddbload.verify.VerifyOptions;
import dev.ddbload.verify.VerifyReport;
import dev.ddbload.write.Concurrency;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code load --verify}: once the load has completed, reads the table back and compares it with
 * the inputs, as {@code ddbload verify} does with strongly consistent reads (the writes are a
 * moment old). {@link #cancel()} from any thread.
 */
final class AfterLoad {

  private final boolean enabled;
  private final Path differences;
  private final Integer concurrency;
  private final boolean quiet;
  private volatile Verifier running;
  private volatile boolean cancelled;

  /**
   * @param concurrency the load's pinned calls in flight, pinning the reads' too; null for adaptive
   */
  AfterLoad(boolean enabled, Path differences, Integer concurrency, boolean quiet) {
    this.enabled = enabled;
    this.differences = differences;
    this.concurrency = concurrency;
    this.quiet = quiet;
  }

  /** Verifies the table after a load that completed (with or without rejects); else nothing. */
  Optional<VerifyReport> verify(LoadOptions load, List<Source> sources, LoadReport result, PrintWriter err)
      throws InterruptedException {
    if (!enabled || cancelled) {
      return Optional.empty();
    }
    if (result.status() != LoadStatus.COMPLETED && result.status() != LoadStatus.COMPLETED_WITH_REJECTS) {
      err.println("ddbload: the load did not complete, so the table was not verified.");
      return Optional.empty();
    }
    VerifyOptions.Builder options = VerifyOptions.builder()
        .consistentRead(true)
        .differencesFile(differences);
    if (concurrency != null) {
      options.concurrency(Concurrency.pinned(concurrency));
    }
    try (Verifier verifier = Verifier.create(load, options.build())) {
      running = verifier;
      if (cancelled) {
        verifier.cancel();
      }
      try (Progress progress = Progress.startLines(() -> VerifySummary.line(verifier.stats()), err, quiet)) {
        return Optional.of(verifier.verify(sources));
      }
    } finally {
      running = null;
    }
  }

  /** Stops a verification under way, and any not yet started. */
  void cancel() {
    cancelled = true;
    Verifier v = running;
    if (v != null) {
      v.cancel();
    }
  }
}
