package dev.ddbload.engine;

import dev.ddbload.batch.KeyOrdering;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.item.RejectReason;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.write.WriteOutcomes;
import java.util.List;

/**
 * What becomes of each record once it leaves the reader, shared by {@link LoadPipeline}
 * and {@link ItemLoader}: the counters, the rejects file, and the key released for a record
 * parked behind it ({@link KeyOrdering}). A subclass adds what follows a finished record
 * ({@link #ended}: the checkpoint's progress) or a reject (the {@code --max-errors} limit).
 * Called from the reader and, concurrently, from the writer's completion threads.
 */
class RecordOutcomes implements WriteOutcomes {

  final StatsRecorder recorder;
  final RejectSink rejects;
  /**
   * Keeps one write per key in flight; a record it replaces is {@link #superseded}, one it knows
   * would be refused on its condition ends as {@link #conflicted}.
   */
  final KeyOrdering ordering;
  /** Whether a write refused on its condition is rejected rather than counted as skipped. */
  private final boolean rejectConflicts;

  RecordOutcomes(StatsRecorder recorder, RejectSink rejects, boolean rejectConflicts) {
    this.recorder = recorder;
    this.rejects = rejects;
    this.rejectConflicts = rejectConflicts;
    this.ordering = new KeyOrdering(this::superseded, this::conflicted);
  }

  /** A record is finished: written, skipped, rejected (not aborted) or superseded. Nothing by default. */
  void ended(Origin origin) {
  }

  /** Records of one call are finished, all written. By default {@link #ended(Origin)} for each. */
  void ended(List<WriteItem> items) {
    for (WriteItem item : items) {
      ended(item.origin());
    }
  }

  /** A record a later one with the same key replaced: counted, and finished (with those merged into it). */
  public void superseded(WriteItem item) {
    recorder.recordSuperseded();
    ended(item.origin());
    endMerged(item);
  }

  /**
   * The records whose writes were merged into this item's ({@link WriteItem#merged()}) end with
   * it, as superseded: only now is what they wrote in the table (or refused with the item).
   */
  private void endMerged(WriteItem item) {
    for (Origin merged : item.merged()) {
      recorder.recordSuperseded();
      ended(merged);
    }
  }

  /**
   * A record whose write is refused on its condition (or would be: a record of its key before it
   * makes it so): counted as skipped, or rejected with {@code onConflict REJECT}; finished either way.
   */
  void conflicted(WriteItem item, RejectReason why) {
    endMerged(item);
    if (rejectConflicts) {
      reject(item.origin(), item.rawText(), why, why == RejectReason.EXISTS
          ? "the key is in the table already" : "the table holds this key at a version not older than the record's",
          item.attempts());
      return;
    }
    if (why == RejectReason.EXISTS) {
      recorder.recordSkippedExists();
    } else {
      recorder.recordSkippedNotNewer();
    }
    ended(item.origin());
  }

  /**
   * Writes a reject and counts it. An item aborted by a fatal error was never tried in full, so
   * it is not finished: a resume sends it again.
   */
  void reject(Origin origin, String raw, RejectReason reason, String message, int attempts) {
    rejects.reject(origin, raw, reason, message, attempts);
    recorder.recordRejected();
    if (reason != RejectReason.ABORTED) {
      ended(origin);
    }
  }

  @Override
  public void sent(int items, int retried) {
    recorder.recordRequest();
    if (retried > 0) {
      recorder.recordRetries(retried);
    }
  }

  @Override
  public void consumed(double writeUnits) {
    recorder.recordWriteUnits(writeUnits);
  }

  @Override
  public void written(WriteItem item) {
    recorder.recordWritten(1);
    ended(item.origin());
    endMerged(item);
    ordering.finished(item);
  }

  /** A call's items are written: counted, finished and their keys released, once per call. */
  @Override
  public void written(List<WriteItem> items) {
    recorder.recordWritten(items.size());
    ended(items);
    for (WriteItem item : items) {
      endMerged(item);
      ordering.finished(item);
    }
  }

  @Override
  public void skipped(WriteItem item) {
    try {
      conflicted(item, item.single().conflict());
    } finally {
      ordering.finished(item);
    }
  }

  @Override
  public void rejected(WriteItem item, RejectReason reason, String message) {
    try {
      if (reason != RejectReason.ABORTED) {
        endMerged(item);
      }
      reject(item.origin(), item.rawText(), reason, message, item.attempts());
    } finally {
      ordering.finished(item);
    }
  }
}
