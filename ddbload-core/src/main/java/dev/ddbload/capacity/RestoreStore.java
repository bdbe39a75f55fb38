package dev.ddbload.capacity;

import java.util.Optional;

/**
 * Where pending capacity restores are kept between runs, one per table and target (endpoint or
 * region). {@link RestoreLedger} keeps them in files under the state directory (the default); a
 * store in a DynamoDB table lets a run on another machine finish what a killed run left raised.
 * Implementations are thread-safe and make {@link #save} atomic. Their methods throw unchecked
 * exceptions ({@code UncheckedIOException}, the SDK's) with one sentence saying what failed.
 */
public interface RestoreStore {

  /** The pending restore of this table at this target, if a run left one. */
  Optional<PendingRestore> find(String table, String target);

  /** Records (or replaces) a pending restore. */
  void save(PendingRestore restore);

  /** Forgets the pending restore of this table at this target. */
  void clear(String table, String target);
}
