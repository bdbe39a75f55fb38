package dev.ddbload.decode;

import dev.ddbload.item.RejectReason;

/**
 * A record that could not be decoded into an item.
 *
 * @param origin where it came from
 * @param raw the record as read
 * @param reason reject code
 * @param message one sentence saying what is wrong
 */
public record BadRecord(Origin origin, String raw, RejectReason reason, String message) implements Decoded {

  @Override
  public String rawText() {
    return raw;
  }
}
