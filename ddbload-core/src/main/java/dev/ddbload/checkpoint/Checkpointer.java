package dev.ddbload.checkpoint;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.source.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load job's checkpointing: reads the checkpoint an earlier run left (refusing inputs that
 * changed since), tracks each source's {@link SourceProgress}, and saves the job's state every
 * interval and when the load ends. Each save first forces the rejects file to disk, so a
 * checkpoint never moves past a reject that could still be lost. Without a store (a dry run,
 * standard input) progress is tracked but nothing is saved. Thread-safe.
 */
public final class Checkpointer {

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final CheckpointStore store;
  private final String table;
  private final Map<String, SourceProgress> sources;
  private final Optional<Checkpoint> before;
  private RejectSink rejects;
  private String rejectsFile;
  private Supplier<Optional<PendingRestore>> pendingRestore = Optional::empty;
  private ScheduledFuture<?> periodic;

  private Checkpointer(CheckpointStore store, String table, Map<String, SourceProgress> sources,
      Optional<Checkpoint> before) {
    this.store = store;
    this.table = table;
    this.sources = Collections.unmodifiableMap(sources);
    this.before = before;
  }

  /** Progress tracking that is never saved. */
  public static Checkpointer none(List<Source> sources) {
    Map<String, SourceProgress> progress = new LinkedHashMap<>();
    for (Source s : sources) {
      progress.put(s.name(), new SourceProgress(SourceState.start(s.name(), "")));
    }
    return new Checkpointer(null, "", progress, Optional.empty());
  }

  /**
   * Opens the job's checkpoint: where an earlier run stopped, or the start.
   *
   * @param restart whether to forget an earlier run's checkpoint and start over
   * @throws ConfigurationException when the checkpoint is unreadable, belongs to another table,
   *     or an input changed since it was written
   */
  public static Checkpointer open(CheckpointStore store, String table, List<Source> sources, boolean restart) {
    Optional<Checkpoint> before;
    try {
      if (restart) {
        store.delete();
      }
      before = store.load();
    } catch (IOException e) {
      throw new ConfigurationException("The checkpoint cannot be used: " + e.getMessage() + ".", e);
    }
    if (before.isPresent() && !before.get().table().equals(table)) {
      throw new ConfigurationException("The checkpoint " + store.describe() + " belongs to table "
          + before.get().table() + ", not " + table + "; give another LoadOptions.checkpointStore or LoadOptions.restart.");
    }
    Map<String, SourceProgress> progress = new LinkedHashMap<>();
    for (Source s : sources) {
      String identity = s.identity().orElse("");
      SourceState state = before.flatMap(c -> c.source(s.name())).orElse(SourceState.start(s.name(), identity));
      if (!state.identity().isEmpty() && !identity.isEmpty() && !state.identity().equals(identity)) {
        throw new ConfigurationException("Input " + s.name() + " changed since the checkpoint " + store.describe()
            + " was written (it was " + state.identity() + ", it is " + identity
            + "); run again with LoadOptions.restart to load everything from the start.");
      }
      progress.put(s.name(), new SourceProgress(state));
    }
    return new Checkpointer(store, table, progress, before);
  }

  /** The checkpoint this run resumes from, if any. */
  public Optional<Checkpoint> resumedFrom() {
    return before;
  }

  /** Where checkpoints are saved; empty when they are not. */
  public Optional<String> location() {
    return store == null ? Optional.empty() : Optional.of(store.describe());
  }

  /** The progress of a source, by name; null for a name not in the job. */
  public SourceProgress progress(String sourceName) {
    return sources.get(sourceName);
  }

  /**
   * Starts saving every {@code interval}.
   *
   * @param rejects forced to disk before each save
   * @param rejectsFile the rejects file's path, recorded so a resume appends to it
   * @param pendingRestore the capacity restore owed now, recorded with each save
   */
  public synchronized void start(RejectSink rejects, String rejectsFile,
      Supplier<Optional<PendingRestore>> pendingRestore, ScheduledExecutorService timer, Duration interval) {
    this.rejects = rejects;
    this.rejectsFile = rejectsFile;
    this.pendingRestore = pendingRestore;
    if (store != null) {
      long millis = Math.max(1, interval.toMillis());
      periodic = timer.scheduleWithFixedDelay(this::saveQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Saves the job's state now: progress first, then the rejects file forced to disk, then the
   * checkpoint with the rejects file's length, so the checkpoint never counts a reject that is
   * not on disk, and a resume drops the rejects written after it (their records are read again).
   */
  public synchronized void save() throws IOException {
    if (store == null) {
      return;
    }
    List<SourceState> states = new ArrayList<>(sources.size());
    for (SourceProgress p : sources.values()) {
      states.add(p.snapshot());
    }
    long rejectsBytes = rejects != null ? rejects.flush() : -1;
    store.save(new Checkpoint(table, rejectsFile, states, pendingRestore.get(), rejectsBytes));
  }

  /**
   * The resumed job's rejects file was cut back and rewritten for this run
   * ({@code RejectSink.dropAborted}): saves the earlier run's checkpoint again with the file's new
   * length, before anything is appended, so that a crash before this run's first save still cuts
   * the file back to exactly what it keeps now.
   */
  public synchronized void rejectsKept(long bytes) throws IOException {
    if (store == null || before.isEmpty()) {
      return;
    }
    Checkpoint c = before.get();
    store.save(new Checkpoint(c.table(), c.rejectsFile(), c.sources(), c.pendingRestore(), bytes));
  }

  /**
   * Runs a change that writes a reject and finishes its record, never between a save's progress
   * snapshot and its rejects flush: a reject is in the rejects file up to the checkpoint's
   * length exactly when its record is finished in the checkpoint.
   */
  public synchronized void rejecting(Runnable change) {
    change.run();
  }

  /**
   * The load ended: a complete job forgets its checkpoint (the next run starts afresh); any
   * other saves it for the next run.
   *
   * @return whether a checkpoint was left for the next run
   */
  public synchronized boolean finish(boolean complete) {
    if (periodic != null) {
      periodic.cancel(false);
    }
    if (store == null) {
      return false;
    }
    try {
      if (complete) {
        store.delete();
        return false;
      }
      save();
      return true;
    } catch (IOException e) {
      log.error("The checkpoint {} could not be saved: {}", store.describe(), e.getMessage());
      return false;
    }
  }

  private void saveQuietly() {
    try {
      save();
    } catch (IOException | RuntimeException e) {
      log.warn("The checkpoint {} could not be saved: {}", store.describe(), e.getMessage());
    }
  }
}
