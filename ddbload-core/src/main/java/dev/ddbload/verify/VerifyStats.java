package dev.ddbload.verify;

import java.time.Duration;

/**
 * The counters of a verification at one moment. Records: {@code recordsRead = notCheckable +
 * outsideSample + superseded + keys expected}; keys: {@code keysChecked = matching + missing +
 * different + unexpected}, each key checked against the last record of its key. Immutable.
 *
 * @param recordsRead records read from the inputs (bad ones and damage included, as a load counts them)
 * @param bytesRead stored bytes read from the inputs
 * @param notCheckable records a load rejects before sending (unreadable, bad key, over 400 KB),
 *     and the unread rest of a damaged input: they say nothing about the table
 * @param damagedSources inputs not read to their end (damaged, cut short, changed while read):
 *     keys whose records were in the unread part are not checked
 * @param outsideSample records whose key is not in the sample
 * @param superseded records replaced by a later record of their key, not checked
 * @param keysChecked keys whose item was read and judged
 * @param matching keys whose item is as expected (or absent, as a delete expects)
 * @param missing keys without an item where one was expected
 * @param different keys whose item differs from the expected one
 * @param unexpected keys with an item where a delete expects none
 * @param extra items in the table no input record accounts for (with a scan; else 0)
 * @param unverified keys that could not be read (still throttled or failing after the last attempt)
 * @param keysInSeveralInputs keys whose records come from more than one input
 * @param itemsScanned items the scan for extra items read
 * @param readUnits read capacity units consumed, as DynamoDB reports them
 * @param requests BatchGetItem and Scan calls made
 * @param retriedKeys key reads beyond each key's first (throttled, unprocessed, failed, re-read consistently)
 * @param spilledBytes bytes written to the spill directory
 * @param elapsed time since the verification started
 * @param readUnitsPerSecond read units consumed per second lately
 * @param allowedReadUnitsPerSecond the read rate allowed now ({@code Infinity}: no limit)
 */
public record VerifyStats(long recordsRead, long bytesRead, long notCheckable, long damagedSources, long outsideSample, long superseded, long keysChecked,
    long matching, long missing, long different, long unexpected, long extra, long unverified,
    long keysInSeveralInputs, long itemsScanned, double readUnits, long requests, long retriedKeys,
    long spilledBytes, Duration elapsed, double readUnitsPerSecond, double allowedReadUnitsPerSecond) {

  /** Keys or items that are not as the inputs say: missing, different, unexpected and extra. */
  public long differences() {
    return missing + different + unexpected + extra;
  }

  /** Keys checked per second of the whole run. */
  public double keysPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : keysChecked / seconds;
  }
}
