package dev.ddbload;

import dev.ddbload.config.Bounds;
import dev.ddbload.config.Durations;
import dev.ddbload.item.KeySchema;
import dev.ddbload.write.Concurrency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a load writes: one group of {@link LoadOptions}. Immutable; every value is checked when the
 * settings are made, against the defaults and bounds {@link LoadOptions} declares.
 *
 * @param mode put each record, or delete its key
 * @param concurrency BatchWriteItem calls in flight: pinned, or adaptive within bounds
 * @param maxAttempts sends per item before it is rejected, {@link LoadOptions#MAX_ATTEMPTS_BOUNDS}
 * @param backoffBase cap of the first retry's delay, positive
 * @param backoffMax largest retry delay, positive and at least {@code backoffBase}
 * @param maxErrors rejects after which the load stops; 0 means no limit
 * @param rejectsFile the rejects file, or null for {@code ddbload-rejects-<table>-<timestamp>.jsonl}
 * @param createTableKey the key to create a missing table with, or null to require the table
 * @param shuffleWindow records interleaved at random, {@link LoadOptions#SHUFFLE_WINDOW_BOUNDS}; 0 is off
 */
public record WriteSettings(WriteMode mode, Concurrency concurrency, int maxAttempts, Duration backoffBase,
    Duration backoffMax, long maxErrors, Path rejectsFile, KeySchema createTableKey, int shuffleWindow) {

  /** The library's defaults. */
  public static final WriteSettings DEFAULTS = new WriteSettings(LoadOptions.DEFAULT_MODE,
      LoadOptions.DEFAULT_CONCURRENCY, LoadOptions.DEFAULT_MAX_ATTEMPTS, LoadOptions.DEFAULT_BACKOFF_BASE,
      LoadOptions.DEFAULT_BACKOFF_MAX, 0, null, null, LoadOptions.DEFAULT_SHUFFLE_WINDOW);

  /** Checks every value. */
  public WriteSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(concurrency, "concurrency");
    LoadOptions.checkMaxAttempts(maxAttempts);
    Durations.checkBackoff("LoadOptions", backoffBase, backoffMax);
    Bounds.atLeast(0).check("LoadOptions.maxErrors", maxErrors);
    LoadOptions.SHUFFLE_WINDOW_BOUNDS.check("LoadOptions.shuffleWindow", shuffleWindow);
  }
}
