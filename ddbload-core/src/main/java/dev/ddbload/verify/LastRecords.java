package dev.ddbload.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The last record of each key of one spill partition, in input order ({@link Expected#isAfter}):
 * what the table must hold. A record of a key seen again later is replaced, never checked; a
 * key whose records come from more than one input is marked. Built and read by one thread.
 */
final class LastRecords {

  private final Map<Expected, Expected> last;
  private long records;
  private long severalInputs;

  private LastRecords(int expectedKeys) {
    this.last = new HashMap<>(Math.max(16, expectedKeys * 4 / 3 + 1));
  }

  /** Reads a partition's records file. */
  static LastRecords read(Path records, long bytes) throws IOException {
    // About 100 bytes per record is a fair first guess for the map's size; it grows if not.
    LastRecords r = new LastRecords((int) Math.min(1 << 22, Math.max(16, bytes / 100)));
    SpillStore.forEach(records, b -> r.add(Expected.parse(b)));
    return r;
  }

  void add(Expected e) {
    records++;
    Expected held = last.get(e);
    if (held == null) {
      last.put(e, e);
      return;
    }
    boolean several = held.severalInputs() || held.input() != e.input();
    Expected keep = e.isAfter(held) ? e : held;
    if (several && !keep.severalInputs()) {
      if (!held.severalInputs()) {
        severalInputs++;
      }
      keep.markSeveralInputs();
    }
    if (keep != held) {
      // put would keep the old key object, and with it the old record's bytes.
      last.remove(held);
      last.put(keep, keep);
    }
  }

  /** The record each key must match, one per key. */
  Collection<Expected> keys() {
    return last.values();
  }

  /** The held record of the key whose canonical bytes these are, or null. */
  Expected find(byte[] keyBytes) {
    return last.get(Expected.probe(keyBytes));
  }

  /** Records read. */
  long records() {
    return records;
  }

  /** Records replaced by a later record of their key. */
  long superseded() {
    return records - last.size();
  }

  /** Keys whose records came from more than one input. */
  long keysInSeveralInputs() {
    return severalInputs;
  }
}
