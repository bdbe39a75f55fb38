package dev.ddbload.write;

/**
 * How the writer sends: calls in flight, sends per item, and the backoff between them.
 *
 * @param concurrency BatchWriteItem calls in flight at most, positive
 * @param maxAttempts sends per item before it is rejected, positive
 * @param backoff delay before each resend
 */
public record WriterSettings(int concurrency, int maxAttempts, Backoff backoff) {

  /** Validates the numbers. */
  public WriterSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }
}
