package dev.ddbload.checkpoint;

import dev.ddbload.decode.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Tracks which records of one source are finished (written, rejected or superseded) while they
 * complete out of order, to find the watermark a checkpoint records: the first record not yet
 * finished, and the records after it that are finished already. The reader calls {@link #begin}
 * for each record it reads; writer threads call {@link #end} as records finish. A record that
 * never ends (a load stopped before writing it, an item aborted by a fatal error) holds the
 * watermark, so a resume sends it again; what finished after it is skipped.
 *
 * <p>Memory is bounded by the records between the watermark and the reader (the shuffle window
 * and the writer's items): a ring of 17 bytes per record over that span, doubled when it is
 * full, so a record costs no allocation. Thread-safe.
 */
public final class SourceProgress {

  private static final byte NOT_BEGUN = 0;
  private static final byte PENDING = 1;
  private static final byte FINISHED = 2;

  private final String name;
  private final String identity;
  private final SourceState from;
  /** Indexes an earlier run finished beyond its watermark, ascending: skipped when read again. */
  private final long[] finishedEarlier;
  private boolean offsetsAreStoredBytes;
  /*
   * A ring over the indexes [base, nextIndex): each slot's state, and the line and offset a
   * pending record starts at. Slots outside that range are NOT_BEGUN. While any record is
   * pending, the one at base is (the watermark); the ring doubles when the reader gets further
   * ahead of the watermark than it holds.
   */
  private byte[] states = new byte[1024];
  private long[] lines = new long[1024];
  private long[] offsets = new long[1024];
  private int mask = 1023;
  private long base;
  private int pending;
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
    this.base = from.index();
    this.nextLine = from.line();
    this.nextOffset = from.offset();
    this.readDone = from.done();
    this.finishedEarlier = from.finished().stream().mapToLong(Long::longValue).sorted().distinct().toArray();
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
  public boolean finishedBefore(long index) {
    return Arrays.binarySearch(finishedEarlier, index) >= 0;
  }

  /** Counts a record skipped because an earlier run finished it. */
  public synchronized void skipped() {
    skipped++;
  }

  /** Records skipped because an earlier run finished them. */
  public synchronized long skippedCount() {
    return skipped;
  }

  /**
   * A record was read and is on its way. Records are begun in the order they are read, with
   * rising indexes; an index never begun (skipped on resume) counts as finished.
   */
  public synchronized void begin(Origin origin) {
    long index = origin.index();
    if (index < nextIndex) {
      throw new IllegalStateException("record " + index + " of " + name + " begun after record " + (nextIndex - 1));
    }
    if (pending == 0) {
      // Everything tracked is finished: the watermark jumps to this record.
      for (long i = base; i < nextIndex; i++) {
        states[slot(i)] = NOT_BEGUN;
      }
      base = index;
    }
    while (index - base >= states.length) {
      grow();
    }
    int slot = slot(index);
    states[slot] = PENDING;
    lines[slot] = origin.line();
    offsets[slot] = origin.offset();
    pending++;
    // Where the next record starts is not known here: a resume from it re-reads and skips.
    nextIndex = index + 1;
    nextLine = 0;
    nextOffset = -1;
  }

  /** A record finished: written, rejected or superseded. */
  public synchronized void end(Origin origin) {
    endOne(origin);
  }

  /** Several records finished (one call's), under one lock rather than one each. */
  public synchronized <T> void end(List<T> finished, Function<T, Origin> origin) {
    for (T t : finished) {
      endOne(origin.apply(t));
    }
  }

  private void endOne(Origin origin) {
    long index = origin.index();
    if (index < base || index >= nextIndex || states[slot(index)] != PENDING) {
      return;
    }
    states[slot(index)] = FINISHED;
    pending--;
    if (index == base) {
      while (base < nextIndex && states[slot(base)] != PENDING) {
        states[slot(base)] = NOT_BEGUN;
        base++;
      }
    }
  }

  /** The reader is done with the source: its end was reached, or the rest was rejected as damaged. */
  public synchronized void readDone() {
    readDone = true;
  }

  /** Whether every record is read and finished. */
  public synchronized boolean isDone() {
    return readDone && pending == 0;
  }

  /** The state a checkpoint records now. */
  public synchronized SourceState snapshot() {
    if (readDone && pending == 0) {
      return new SourceState(name, identity, true, nextIndex, 0, -1, List.of());
    }
    long index;
    long line;
    long offset;
    if (pending == 0) {
      index = nextIndex;
      line = nextLine;
      offset = nextOffset;
    } else {
      int first = slot(base);
      index = base;
      line = lines[first];
      offset = offsets[first];
    }
    return new SourceState(name, identity, false, index, line, offsetsAreStoredBytes ? offset : -1,
        finishedFrom(index));
  }

  /** Indexes at or after {@code index} finished in this run or an earlier one, ascending. */
  private List<Long> finishedFrom(long index) {
    List<Long> after = new ArrayList<>();
    int e = Arrays.binarySearch(finishedEarlier, index);
    e = e >= 0 ? e : -e - 1;
    long i = pending == 0 ? nextIndex : base;
    while (true) {
      while (i < nextIndex && states[slot(i)] != FINISHED) {
        i++;
      }
      boolean ring = i < nextIndex;
      boolean earlier = e < finishedEarlier.length;
      if (!ring && !earlier) {
        return after;
      }
      if (ring && (!earlier || i < finishedEarlier[e])) {
        after.add(i++);
      } else {
        after.add(finishedEarlier[e++]);
      }
    }
  }

  private int slot(long index) {
    return (int) (index & mask);
  }

  private void grow() {
    int size = states.length * 2;
    byte[] s = new byte[size];
    long[] l = new long[size];
    long[] o = new long[size];
    int m = size - 1;
    for (long i = base; i < nextIndex; i++) {
      int from = slot(i);
      int to = (int) (i & m);
      s[to] = states[from];
      l[to] = lines[from];
      o[to] = offsets[from];
    }
    states = s;
    lines = l;
    offsets = o;
    mask = m;
  }
}
