package dev.ddbload.report;

import java.time.Duration;

/**
 * A snapshot of a load's counters. Immutable.
 *
 * @param recordsRead records decoded from the inputs, good or bad
 * @param written items DynamoDB acknowledged
 * @param rejected records written to the rejects file
 * @param superseded records replaced by a later record with the same key before being sent
 * @param bytesRead input bytes read so far
 * @param bytesTotal total input size if known, else -1
 * @param writeUnits write capacity units DynamoDB reported as consumed
 * @param requests BatchWriteItem calls made
 * @param retriedItems item sends beyond each item's first
 * @param elapsed time since the load started
 * @param wcuPerSecond write capacity units consumed per second over the last seconds
 * @param allowedWcuPerSecond the write rate the pacer allows now ({@code Infinity}: no limit)
 * @param skipped records passed over because an earlier run of the same job finished them
 * @param recordsHintingEscape CSV/TSV records read without an escape character that read
 *     otherwise with a backslash escape ({@code --csv-escape '\'}, as Spark and Hive write CSV):
 *     rejected ones that parse that way, and loaded ones holding {@code \\} or {@code \"} in a
 *     quoted field
 * @param inFlightLimit BatchWriteItem calls allowed in flight now (0 before the writer starts)
 * @param throttledShare the share of write units throttled over the last seconds (whole calls
 *     throttled, items returned unprocessed), 0 to 1
 */
public record LoadStats(long recordsRead, long written, long rejected, long superseded, long bytesRead,
    long bytesTotal, double writeUnits, long requests, long retriedItems, Duration elapsed, double wcuPerSecond,
    double allowedWcuPerSecond, long skipped, long recordsHintingEscape, int inFlightLimit, double throttledShare) {

  /** Records per second written, over the whole elapsed time. */
  public double writtenPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : written / seconds;
  }

  /** Records neither written, rejected nor superseded yet (in flight or waiting to retry). */
  public long pending() {
    return recordsRead - written - rejected - superseded;
  }
}
