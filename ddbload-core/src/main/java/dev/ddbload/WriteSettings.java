package dev.ddbload;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteRule;
import dev.ddbload.config.InvalidSettingException;
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
 * @param onConflict what a write refused on its condition (insert, if newer) becomes
 * @param removeNulls in update mode, remove attributes whose value is null rather than set NULL
 * @param ifNewer a non-key attribute (a number or an ISO-8601 string): write only when the stored
 *     item has none or a lower one; null for no comparison
 * @param opField an attribute naming each record's operation (put, update, delete), not stored;
 *     null for {@code mode} alone
 */
public record WriteSettings(WriteMode mode, Concurrency concurrency, int maxAttempts, Duration backoffBase,
    Duration backoffMax, long maxErrors, Path rejectsFile, KeySchema createTableKey, int shuffleWindow,
    OnConflict onConflict, boolean removeNulls, String ifNewer, String opField) {

  /** The library's defaults. */
  public static final WriteSettings DEFAULTS = new WriteSettings(LoadOptions.DEFAULT_MODE,
      LoadOptions.DEFAULT_CONCURRENCY, LoadOptions.DEFAULT_MAX_ATTEMPTS, LoadOptions.DEFAULT_BACKOFF_BASE,
      LoadOptions.DEFAULT_BACKOFF_MAX, 0, null, null, LoadOptions.DEFAULT_SHUFFLE_WINDOW, OnConflict.SKIP, false,
      null, null);

  /** Checks every value. */
  public WriteSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(concurrency, "concurrency");
    LoadOptions.checkMaxAttempts(maxAttempts);
    Durations.checkBackoff("LoadOptions", backoffBase, backoffMax);
    Bounds.atLeast(0).check("LoadOptions.maxErrors", maxErrors);
    LoadOptions.SHUFFLE_WINDOW_BOUNDS.check("LoadOptions.shuffleWindow", shuffleWindow);
    Objects.requireNonNull(onConflict, "onConflict");
    rule(mode, onConflict, removeNulls, ifNewer, opField);
  }

  /** What each record becomes under these settings. */
  public WriteRule rule() {
    return rule(mode, onConflict, removeNulls, ifNewer, opField);
  }

  /**
   * What each record becomes: the mode, per-record operations and version comparison together.
   *
   * @throws InvalidSettingException when they do not go together
   */
  public static WriteRule rule(WriteMode mode, OnConflict onConflict, boolean removeNulls, String ifNewer,
      String opField) {
    if (ifNewer != null && ifNewer.isEmpty()) {
      throw new InvalidSettingException("LoadOptions.ifNewer", "must name an attribute");
    }
    if (opField != null && opField.isEmpty()) {
      throw new InvalidSettingException("LoadOptions.opField", "must name an attribute");
    }
    if (mode == WriteMode.INSERT && (ifNewer != null || opField != null)) {
      throw new InvalidSettingException("LoadOptions.mode",
          "INSERT takes neither LoadOptions.ifNewer nor LoadOptions.opField: an insert never overwrites");
    }
    if (ifNewer != null && ifNewer.equals(opField)) {
      throw new InvalidSettingException("LoadOptions.ifNewer",
          "and LoadOptions.opField must name different attributes");
    }
    SingleWrite.Op op = switch (mode) {
      case DELETE -> SingleWrite.Op.DELETE;
      case UPDATE -> SingleWrite.Op.UPDATE;
      default -> SingleWrite.Op.PUT;
    };
    return new WriteRule(op, mode == WriteMode.INSERT, removeNulls, ifNewer, opField,
        onConflict == OnConflict.REJECT);
  }
}
