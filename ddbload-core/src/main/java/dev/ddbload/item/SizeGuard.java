package dev.ddbload.item;

/**
 * Stops a mapper that is reading a record from a stream once the record has grown too large, so
 * that one huge record cannot take all memory. Called often: implementations must be cheap.
 */
@FunctionalInterface
public interface SizeGuard {

  /** A guard that never stops anything. */
  SizeGuard NONE = () -> { };

  /**
   * Returns if the record may go on.
   *
   * @throws InvalidValueException {@link RejectReason#TOO_LARGE} when it is too large
   */
  void check() throws InvalidValueException;
}
