package dev.ddbload.verify;

/** How a verification ended. */
public enum VerifyStatus {
  /** Every key checked is as the inputs say (and, with a scan, no item is extra). */
  MATCHED,
  /** Some key is missing, different, present where a delete expects none, extra, or could not be read. */
  DIFFERENT,
  /**
   * Some input could not be read to its end (damaged, cut short, changed while read): the keys
   * read were checked, but what the unread part says is not known.
   */
  DAMAGED_INPUT,
  /** A fatal error (table missing, access denied) stopped it. */
  ABORTED,
  /** It was cancelled before every key was checked. */
  INTERRUPTED
}
