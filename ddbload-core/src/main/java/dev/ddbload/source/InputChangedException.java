package dev.ddbload.source;

import java.io.IOException;

/**
 * A local file changed while it was read (truncated, grown, rewritten or replaced): what was read
 * of it may mix two versions, and the rest is not read.
 */
public final class InputChangedException extends IOException {

  private static final long serialVersionUID = 1L;

  /** @param message one sentence naming the file and the change */
  public InputChangedException(String message) {
    super(message);
  }
}
