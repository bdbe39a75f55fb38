package dev.ddbload.engine;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.KeyOrdering;
import dev.ddbload.batch.ShuffleWindow;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.batch.WriteRule;
import dev.ddbload.capacity.LoadPlanner;
import dev.ddbload.checkpoint.SourceProgress;
import dev.ddbload.checkpoint.SourceState;
import dev.ddbload.decode.BadRecord;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.source.Source;
import dev.ddbload.write.BatchWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader thread's part of a load: reads sources one at a time (decompress, decode,
 * validate), interleaves them in its {@link ShuffleWindow} (so key-sorted input does not send
 * every write to one partition), orders them by key through its {@link KeyOrdering.Lane},
 * batches them in its own {@link Batcher} and hands full batches to the shared writer. In a dry
 * run valid records go to the {@link LoadPlanner} instead. A source that cannot be opened,
 * or whose rest cannot be read, costs one reject naming where; the lane goes on with the next.
 * Not thread-safe: one thread per lane.
 */
final class ReadLane {

  private static final Logger log = LoggerFactory.getLogger(ReadLane.class);

  /** What a lane needs from the load it belongs to. */
  interface Host {
    /** Whether reading should go on (not cancelled, no fatal error). */
    boolean shouldContinue();

    /** Writes a reject and counts it; the record is finished. */
    void reject(Origin origin, String raw, RejectReason reason, String message);

    /** A record a later one with the same key replaced: counts it; the record is finished. */
    void superseded(WriteItem item);

    /** Where a source stands: where an earlier run stopped, and which records are finished. */
    SourceProgress progress(String sourceName);
  }

  private final Host host;
  private final KeySchema keys;
  private final WriteRule rule;
  private final StatsRecorder recorder;
  private final OrderedBatches batches;
  private final ShuffleWindow<WriteItem> shuffle;
  private final LoadPlanner planner;

  /**
   * @param rule what each record becomes
   * @param planner where a dry run's records go; null to write them
   */
  ReadLane(Host host, KeySchema keys, WriteRule rule, StatsRecorder recorder, KeyOrdering ordering,
      ShuffleWindow<WriteItem> shuffle, LoadPlanner planner, BatchWriter writer) {
    this.host = host;
    this.keys = keys;
    this.rule = rule;
    this.recorder = recorder;
    this.batches = new OrderedBatches(ordering, host::superseded, writer);
    this.shuffle = shuffle;
    this.planner = planner;
  }

  /** Opens a source from its start (to check a CSV header before the load): decompressed, decoded. */
  static RecordDecoder open(Source source, Format format, DecodeOptions options) throws IOException {
    return SourceInput.openToCheck(source, format, options);
  }

  /**
   * Reads one source to its end (or until the load stops), batching as it goes. A source an
   * earlier run of the job finished is passed over; one it stopped in is read from where it
   * stopped: by seeking to the byte offset when the source is uncompressed and read by lines,
   * else by reading from the start and passing over the records finished before. A source not
   * read to its end costs one {@code DAMAGED} reject and is counted as damage.
   */
  void read(Source source, Format format, DecodeOptions options) throws InterruptedException {
    SourceProgress progress = host.progress(source.name());
    SourceState from = progress.from();
    if (from.done()) {
      recorder.recordSkipped(from.index());
      return;
    }
    boolean seek = from.seekable() && from.index() > 0 && source.isSeekable() && format.readsLines();
    // Parquet starts at a row: the row groups before it are not read at all.
    boolean rowSeek = from.index() > 0 && format.isColumnar() && ColumnarDecoders.seeksRows(format);
    SourceInput input = new SourceInput(source, seek ? from : null);
    try {
      input.open(format, options, recorder::recordBytesRead, rowSeek ? from.index() : 0, () -> !host.shouldContinue(),
          this::flushOnStall);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      if (!host.shouldContinue()) {
        return;
      }
      Origin start = seek || rowSeek ? new Origin(source.name(), from.line(), from.index(), from.offset())
          : new Origin(source.name(), 1, 0, 0);
      SourceInput.Failure f = input.failure(e, start);
      damaged(source, start, input.openFailure(e, start), input, f);
      progress.readDone();
      return;
    }
    long skipBelow = seek || rowSeek ? 0 : from.index();
    if (seek || rowSeek) {
      // The bytes before the offset (rows before the row) are neither read nor counted as read.
      recorder.recordSkipped(from.index());
    }
    progress.offsetsAreStoredBytes(seek || input.offsetsAreStoredBytes(format));
    RecordDecoder decoder = input.decoder();
    try {
      Decoded d;
      boolean more = true;
      while (host.shouldContinue() && (more = (d = decoder.next()) != null)) {
        Origin origin = d.origin();
        input.handedOn(origin);
        if (origin.index() < skipBelow || progress.finishedBefore(origin.index())) {
          recorder.recordSkipped(1);
          continue;
        }
        recorder.recordRead();
        progress.begin(origin);
        if (d.hintsEscape()) {
          recorder.recordEscapeHint();
        }
        if (d instanceof BadRecord bad) {
          host.reject(origin, bad.raw(), bad.reason(), bad.message());
          if (bad.reason() == RejectReason.DAMAGED) {
            // A part the decoder passed over (a Parquet row group): damage too, its bytes unmeasured.
            recorder.recordDamage(new SourceDamage(source.name(), origin.line(), origin.index(), bad.message(), -1,
                java.util.Optional.empty()), 0);
          }
        } else {
          accept((SourceRecord) d);
        }
        batches.batchReady();
      }
      if (!more) {
        progress.readDone();
      }
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      if (!host.shouldContinue()) {
        return; // stopped while waiting for input: what was read is accounted, the rest is not damage
      }
      // The rest of this source is unreadable: one reject names where, the other sources go on.
      Origin at = decoder.position();
      SourceInput.Failure f = input.failure(e, at);
      damaged(source, at, f.reason(), input, f);
      progress.readDone();
    } finally {
      input.close();
    }
  }

  /**
   * Rejects the rest of a source as damaged and counts it: the stored bytes from where the
   * failure says the unread part starts (never beyond what was reached) are unread, of the size
   * the source had when opened, and bytes counted as read beyond that point are taken back.
   */
  private void damaged(Source source, Origin at, String reason, SourceInput input, SourceInput.Failure failure) {
    log.warn("Stopped reading {} at line {} (record {}): {}", source.name(), at.line(), at.index(), reason);
    recorder.recordRead();
    host.reject(at, "", RejectReason.DAMAGED, reason);
    long reached = input.startOffset() + input.counted();
    long from = Math.min(failure.storedOffset(), reached);
    long size = input.sizeAtOpen();
    long unread = size >= 0 ? Math.max(0, size - from) : -1;
    recorder.recordDamage(new SourceDamage(source.name(), at.line(), at.index(), reason, unread, failure.suspect()),
        reached - from);
  }

  /** Input stalled: sends what this lane holds, so a slow stream's records are written meanwhile. */
  private void flushOnStall() {
    try {
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Lets out what the shuffle window holds, batches what became ready and sends this lane's open
   * batch; call when the lane is done.
   */
  void flush() throws InterruptedException {
    WriteItem held;
    while ((held = shuffle.take()) != null) {
      batches.order(held);
    }
    batches.batchReady();
    batches.sendOpen();
  }

  /** Waits up to {@code timeoutMillis} for parked records to become ready, and batches them. */
  void awaitReady(long timeoutMillis) throws InterruptedException {
    batches.awaitReady(timeoutMillis);
  }

  private void accept(SourceRecord record) throws InterruptedException {
    WriteItem write;
    try {
      write = rule.write(record, keys);
    } catch (InvalidValueException e) {
      host.reject(record.origin(), record.rawText(), e.reason(), e.getMessage());
      return;
    }
    if (planner != null) {
      planner.add(keys.partitionKeyText(write.key()), write.itemBytes(), write.isDelete(), write.single() != null);
      return;
    }
    WriteItem next = shuffle.add(write);
    if (next != null) {
      batches.order(next);
    }
  }
}
