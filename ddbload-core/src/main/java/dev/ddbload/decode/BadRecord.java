package dev.ddbload.decode;

import dev.ddbload.item.RejectReason;

/**
 * A record that could not be decoded into an item.
 *
 * @param origin where it came from
 * @param raw the record as read ({@link RawText}: bytes that are not UTF-8 kept exactly)
 * @param reason reject code
 * @param message one sentence saying what is wrong
 * @param hintsEscape whether the record would have parsed with {@code --csv-escape '\'} (the
 *     message then says so; {@link Decoded#hintsEscape()})
 */
public record BadRecord(Origin origin, String raw, RejectReason reason, String message, boolean hintsEscape)
    implements Decoded {

  /** A bad record with no hint. */
  public BadRecord(Origin origin, String raw, RejectReason reason, String message) {
    this(origin, raw, reason, message, false);
  }

  @Override
  public String rawText() {
    return raw;
  }
}
