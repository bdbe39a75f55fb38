package dev.ddbload.item;

/** Why a record was not written; the code that appears in the rejects file. */
public enum RejectReason {
  /** The record could not be parsed (malformed JSON, wrong number of CSV fields). */
  MALFORMED,
  /** The input cannot be read from here on: damaged compression, invalid UTF-8, an unreadable file. */
  DAMAGED,
  /** The record's bytes are not valid UTF-8. */
  BAD_ENCODING,
  /** The record is longer than the largest record accepted ({@code --max-record-bytes}). */
  TOO_LARGE,
  /** A key attribute of the table is absent. */
  MISSING_KEY,
  /** A key attribute has a type other than the table's key type. */
  KEY_TYPE,
  /** A key string or binary is empty, or longer than DynamoDB allows. */
  BAD_KEY,
  /** A number is not a number DynamoDB accepts (range, 38 significant digits). */
  BAD_NUMBER,
  /** A value cannot be converted to the type its column declares. */
  BAD_VALUE,
  /** The item is larger than DynamoDB's 400 KB limit. */
  ITEM_TOO_LARGE,
  /** DynamoDB refused the item with a ValidationException. */
  VALIDATION,
  /** DynamoDB still had not processed the item after the last attempt. */
  UNPROCESSED,
  /** The write kept failing with a retryable error until the last attempt. */
  WRITE_FAILED,
  /** The key was in the table already ({@code insert} mode with {@code onConflict REJECT}). */
  EXISTS,
  /**
   * The table's item has a version at least the record's ({@code ifNewer} with
   * {@code onConflict REJECT}).
   */
  NOT_NEWER,
  /** The load stopped on a fatal error before the item could be written. */
  ABORTED
}
