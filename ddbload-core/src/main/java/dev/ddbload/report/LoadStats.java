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
 * @param damagedSources inputs not read in full (damaged, cut short, changed while read): each
 *     damaged part is one {@code DAMAGED} reject
 * @param bytesUnread stored bytes of those inputs not read (as far as their sizes are known):
 *     {@code bytesRead + bytesUnread = bytesTotal} once every input was read or given up (a
 *     resumed load that seeks passes over the bytes before the offset: neither read nor unread)
 * @param suspectRecords records loaded from compressed data a checksum refuted only afterwards
 *     (streams that cannot be read twice); {@link SourceDamage#suspect()} says which
 * @param rejectedEarlier rejects of earlier runs of the same job kept in the rejects file (a
 *     resumed load): the file holds {@code rejected + rejectedEarlier} lines
 * @param inFlightLimit BatchWriteItem calls allowed in flight now (0 before the writer starts)
 * @param throttledShare the share of write units throttled over the last seconds (whole calls
 *     throttled, items returned unprocessed), 0 to 1
 * @param skippedExists records not written because their key was in the table already (insert
 *     mode), or a record of their key before them made it so
 * @param skippedNotNewer records not written because the table held their key at a version not
 *     older than theirs (if newer), or a record of their key before them made it so
 */
public record LoadStats(long recordsRead, long written, long rejected, long superseded, long bytesRead,
    long bytesTotal, double writeUnits, long requests, long retriedItems, Duration elapsed, double wcuPerSecond,
    double allowedWcuPerSecond, long skipped, long recordsHintingEscape, long damagedSources, long bytesUnread,
    long suspectRecords, long rejectedEarlier, int inFlightLimit, double throttledShare, long skippedExists,
    long skippedNotNewer) {

  /** Counters without damage, earlier rejects or control readings. */
  public LoadStats(long recordsRead, long written, long rejected, long superseded, long bytesRead,
      long bytesTotal, double writeUnits, long requests, long retriedItems, Duration elapsed, double wcuPerSecond,
      double allowedWcuPerSecond, long skipped, long recordsHintingEscape) {
    this(recordsRead, written, rejected, superseded, bytesRead, bytesTotal, writeUnits, requests, retriedItems,
        elapsed, wcuPerSecond, allowedWcuPerSecond, skipped, recordsHintingEscape, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Records skipped on a refused condition: key exists, or not newer. */
  public long skippedOnCondition() {
    return skippedExists + skippedNotNewer;
  }

  /** Records in the job's rejects file: this run's rejects and those earlier runs left. */
  public long rejectedInJob() {
    return rejected + rejectedEarlier;
  }

  /** Records per second written, over the whole elapsed time. */
  public double writtenPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : written / seconds;
  }

  /**
   * Records neither written, skipped on a condition, rejected nor superseded yet (in flight or
   * waiting to retry; "not finished" when a load stopped):
   * {@code recordsRead = written + skippedExists + skippedNotNewer + rejected + superseded + pending}.
   */
  public long pending() {
    return recordsRead - written - skippedOnCondition() - rejected - superseded;
  }
}
