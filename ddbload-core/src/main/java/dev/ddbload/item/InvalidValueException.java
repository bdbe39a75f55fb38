package dev.ddbload.item;

/**
 * A record's value cannot become a DynamoDB attribute. Carries the reject reason and one
 * sentence for the rejects file. Thrown by mappers and validators, caught per record.
 */
public final class InvalidValueException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  /** A value problem with its reject code and a one-sentence message. */
  public InvalidValueException(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The reject code. */
  public RejectReason reason() {
    return reason;
  }
}
