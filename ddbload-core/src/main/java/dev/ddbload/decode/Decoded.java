package dev.ddbload.decode;

/** What a decoder yields per record: a {@link SourceRecord} or a {@link BadRecord}. */
public sealed interface Decoded permits SourceRecord, BadRecord {

  /** Where the record came from. */
  Origin origin();

  /** The record as read, for the rejects file (the raw line for text formats). */
  String rawText();

  /**
   * Whether this CSV/TSV record, read without an escape character, would read otherwise with
   * {@code --csv-escape '\'} (it was rejected and parses that way, or it holds a backslash
   * before a quote or a backslash inside a quoted field): a sign the file was written by Spark
   * or Hive.
   */
  boolean hintsEscape();
}
