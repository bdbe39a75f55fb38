package dev.ddbload.decode;

/** What a decoder yields per record: a {@link SourceRecord} or a {@link BadRecord}. */
public sealed interface Decoded permits SourceRecord, BadRecord {

  /** Where the record came from. */
  Origin origin();

  /** The record as read, for the rejects file (the raw line for text formats). */
  String rawText();
}
