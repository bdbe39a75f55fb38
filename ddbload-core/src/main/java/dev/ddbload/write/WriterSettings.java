package dev.ddbload.write;

import dev.ddbload.throttle.Backoff;
import dev.ddbload.throttle.WritePacer;
import java.util.Objects;

/**
 * How the writer sends: calls in flight, sends per item, the backoff between them and the pace.
 *
 * @param concurrency BatchWriteItem calls in flight: pinned, or adaptive within bounds
 * @param maxAttempts sends per item before it is rejected, positive
 * @param backoff delay before each resend
 * @param pacer paces calls by write capacity units per second; its ticker also times the calls
 */
public record WriterSettings(Concurrency concurrency, int maxAttempts, Backoff backoff, WritePacer pacer) {

  /** Validates the numbers. */
  public WriterSettings {
    Objects.requireNonNull(concurrency, "concurrency");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(pacer, "pacer");
  }

  /** Settings with {@code concurrency} calls in flight, pinned. */
  public WriterSettings(int concurrency, int maxAttempts, Backoff backoff, WritePacer pacer) {
    this(Concurrency.pinned(concurrency), maxAttempts, backoff, pacer);
  }
}
