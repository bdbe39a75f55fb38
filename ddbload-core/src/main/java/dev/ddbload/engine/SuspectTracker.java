package dev.ddbload.engine;

import dev.ddbload.compress.UnitTracking;
import dev.ddbload.decode.Origin;
import dev.ddbload.report.SuspectRecords;
import java.util.Optional;

/**
 * Follows which records a source's decoder handed on since the compressed unit not yet checked
 * began, so that when that unit's checksum fails the records decoded from it can be named
 * exactly. With byte offsets (line formats, JSON arrays, binary Ion) a record is suspect when
 * any of its bytes lie in the unit: it starts in it, or starts before it and ends after its
 * start. Without offsets (CSV, Ion text) every record handed on after the unit's first byte was
 * decompressed is suspect: none of them can be cleared, none before can hold the unit's bytes.
 * Not thread-safe: the reader's.
 */
final class SuspectTracker {

  private final UnitTracking units;
  private long unitStart = -1;
  private Origin previous;
  private Origin first;
  private Origin last;

  /** @param units the decompressor's unit tracking; null when data is checked before it is handed out */
  SuspectTracker(UnitTracking units) {
    this.units = units;
  }

  /** The decoder handed on a record (loaded, rejected or passed over). */
  void handedOn(Origin origin) {
    if (units == null) {
      return;
    }
    long start = units.unitOutputOffset();
    boolean unitChanged = start != unitStart;
    if (unitChanged) {
      unitStart = start;
      first = null;
    }
    if (first == null) {
      if (origin.offset() >= 0) {
        if (origin.offset() >= start) {
          first = straddles(previous, start, origin.offset()) ? previous : origin;
        }
      } else if (unitChanged) {
        first = origin;
      }
    }
    previous = origin;
    last = origin;
  }

  /**
   * The records decoded from the unit that begins at {@code unitOutputOffset}, found corrupt with
   * the decoder at {@code position}; empty when none was handed on.
   */
  Optional<SuspectRecords> suspects(long unitOutputOffset, Origin position) {
    if (last == null) {
      return Optional.empty();
    }
    if (unitOutputOffset == unitStart && first != null) {
      return Optional.of(range(first, last));
    }
    if (last.offset() >= 0 && straddles(last, unitOutputOffset, position.offset())) {
      return Optional.of(range(last, last));
    }
    return Optional.empty();
  }

  /** Whether a record starting before {@code start}, followed by one at {@code nextOffset}, reaches into it. */
  private static boolean straddles(Origin record, long start, long nextOffset) {
    return record != null && record.offset() >= 0 && record.offset() < start && nextOffset > start;
  }

  private static SuspectRecords range(Origin from, Origin to) {
    return new SuspectRecords(from.line(), from.index(), to.line(), to.index());
  }
}
