package dev.ddbload.spark;

import dev.ddbload.verify.VerifyStats;
import java.io.Serializable;

/**
 * What one verifying task (or, summed, the job) counted: {@code rows = notCheckable +
 * repeatedRows + ambiguousRows + keysChecked + unverified}, {@code keysChecked = matching +
 * missing + different + unexpected}.
 *
 * @param tasks tasks summed
 * @param rows rows of the DataFrame
 * @param notCheckable rows the writer would reject (a value DynamoDB cannot hold, a bad key, over 400 KB)
 * @param repeatedRows rows of a key beyond its first whose items equal the first's (the key is checked once)
 * @param ambiguousKeys keys of several rows whose items differ: not checked
 * @param ambiguousRows the rows of those keys
 * @param keysChecked keys read and judged
 * @param matching keys whose item is as expected (or absent, as a delete expects)
 * @param missing keys without an item where one was expected
 * @param different keys whose item differs
 * @param unexpected keys with an item where a delete expects none
 * @param unverified keys that could not be read after the last attempt
 * @param readUnits read capacity units DynamoDB reported as consumed
 * @param retriedKeys key reads beyond each key's first
 */
record TaskCounts(int tasks, long rows, long notCheckable, long repeatedRows, long ambiguousKeys, long ambiguousRows,
    long keysChecked, long matching, long missing, long different, long unexpected, long unverified, double readUnits,
    long retriedKeys) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Nothing counted. */
  static final TaskCounts NONE = new TaskCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** One task's counts: its rows and keys, and its verification's. */
  static TaskCounts of(KeyGroupTally tally, VerifyStats s) {
    return new TaskCounts(1, tally.rows(), tally.notCheckable(), tally.repeatedRows(), tally.ambiguousKeys(),
        tally.ambiguousRows(), s.keysChecked(), s.matching(), s.missing(), s.different(), s.unexpected(),
        s.unverified(), s.readUnits(), s.retriedKeys());
  }

  /** The sum of both. */
  TaskCounts plus(TaskCounts o) {
    return new TaskCounts(tasks + o.tasks, rows + o.rows, notCheckable + o.notCheckable,
        repeatedRows + o.repeatedRows, ambiguousKeys + o.ambiguousKeys, ambiguousRows + o.ambiguousRows,
        keysChecked + o.keysChecked, matching + o.matching, missing + o.missing, different + o.different,
        unexpected + o.unexpected, unverified + o.unverified, readUnits + o.readUnits, retriedKeys + o.retriedKeys);
  }

  /** Keys not as the DataFrame says, or not readable: missing, different, unexpected, unverified. */
  long differences() {
    return missing + different + unexpected + unverified;
  }

  /**
   * A task's rows and keys before the reads.
   *
   * @param rows rows seen
   * @param notCheckable rows the writer would reject
   * @param repeatedRows rows of a key beyond its first, items equal
   * @param ambiguousKeys keys whose rows differ
   * @param ambiguousRows their rows
   */
  record KeyGroupTally(long rows, long notCheckable, long repeatedRows, long ambiguousKeys, long ambiguousRows) {}
}
