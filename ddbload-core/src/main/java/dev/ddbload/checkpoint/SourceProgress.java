package dev.ddbload.checkpoint;

import dev.ddbload.decode.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tracks which records of one source are finished (written, rejected or superseded) while they
 * complete out of order, to find the watermark a checkpoint records: the first record not yet
 * finished, and the records after it that are finished already. The reader calls {@link #begin}
 * for each record it reads; writer threads call {@link #end} as records finish. A record that
 * never ends (a load stopped before writing it, an item aborted by a fatal error) holds the
 * watermark, so a resume sends it again; what finished after it is skipped.
 *
 * <p>Memory is bounded by the records between the watermark and the reader (the shuffle window
 * and the writer's items): one entry per record begun and not ended, one per record finished
 * beyond the watermark. Thread-safe.
 */
public final class SourceProgress {

  private final String name;
  private final String identity;
  private final SourceState from;
  private boolean offsetsAreStoredBytes;
  /** Records begun and not ended: index to {line, offset}. */
  private final TreeMap<Long, long[]> pending = new TreeMap<>();
  /** Indexes finished beyond the watermark (in this run or an earlier one). */
  private final TreeSet<Long> finished = new TreeSet<>();
  private long nextIndex;
  private long nextLine;
  private long nextOffset;
  private boolean readDone;
  private long skipped;

  /** @param from where an earlier run stopped ({@link SourceState#start} for a new source) */
  public SourceProgress(SourceState from) {
    this.name = from.name();
    this.identity = from.identity();
    this.from = from;
    this.nextIndex = from.index();
    this.nextLine = from.line();
    this.nextOffset = from.offset();
    this.readDone = from.done();
    this.finished.addAll(from.finished());
  }

  /** The source's name. */
  public String name() {
    return name;
  }

  /** Where the earlier run stopped: where this run starts. */
  public SourceState from() {
    return from;
  }

  /**
   * Tells whether the decoder's offsets are offsets in the stored input (an uncompressed,
   * seekable source read by a line decoder): only then may a resume seek to them.
   */
  public synchronized void offsetsAreStoredBytes(boolean exact) {
    this.offsetsAreStoredBytes = exact;
  }

  /** Whether a record read again on resume was finished by an earlier run, so it is skipped. */
  public synchronized boolean finishedBefore(long index) {
    return finished.contains(index);
  }

  /** Counts a record skipped because an earlier run finished it. */
  public synchronized void skipped() {
    skipped++;
  }

  /** Records skipped because an earlier run finished them. */
  public synchronized long skippedCount() {
    return skipped;
  }

  /** A record was read and is on its way. */
  public synchronized void begin(Origin origin) {
    pending.put(origin.index(), new long[] {origin.line(), origin.offset()});
    if (origin.index() >= nextIndex) {
      // Where the next record starts is not known here: a resume from it re-reads and skips.
      nextIndex = origin.index() + 1;
      nextLine = 0;
      nextOffset = -1;
    }
  }

  /** A record finished: written, rejected or superseded. */
  public synchronized void end(Origin origin) {
    pending.remove(origin.index());
    long watermark = pending.isEmpty() ? nextIndex : pending.firstKey();
    if (origin.index() > watermark) {
      finished.add(origin.index());
    }
    while (!finished.isEmpty() && finished.first() < watermark) {
      finished.pollFirst();
    }
  }

  /** The reader is done with the source: its end was reached, or the rest was rejected as damaged. */
  public synchronized void readDone() {
    readDone = true;
  }

  /** Whether every record is read and finished. */
  public synchronized boolean isDone() {
    return readDone && pending.isEmpty();
  }

  /** The state a checkpoint records now. */
  public synchronized SourceState snapshot() {
    if (readDone && pending.isEmpty()) {
      return new SourceState(name, identity, true, nextIndex, 0, -1, List.of());
    }
    long index;
    long line;
    long offset;
    if (pending.isEmpty()) {
      index = nextIndex;
      line = nextLine;
      offset = nextOffset;
    } else {
      var first = pending.firstEntry();
      index = first.getKey();
      line = first.getValue()[0];
      offset = first.getValue()[1];
    }
    List<Long> after = new ArrayList<>(finished.tailSet(index, true));
    return new SourceState(name, identity, false, index, line, offsetsAreStoredBytes ? offset : -1, after);
  }
}
