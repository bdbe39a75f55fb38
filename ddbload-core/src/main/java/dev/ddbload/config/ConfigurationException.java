package dev.ddbload.config;

/**
 * A problem the user can fix before anything is written: bad options, a missing table, an
 * unreadable input. The message is one sentence meant for the user as it is.
 */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A configuration problem described in one sentence. */
  public ConfigurationException(String message) {
    super(message);
  }

  /** A configuration problem described in one sentence, with its cause for the debug log. */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
