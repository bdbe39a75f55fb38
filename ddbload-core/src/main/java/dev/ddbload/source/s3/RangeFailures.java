package dev.ddbload.source.s3;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What a failed ranged GET means: whether to try the range again, and the one sentence a user
 * reads when the object cannot be read. Pure and thread-safe.
 */
final class RangeFailures {

  /** S3 error codes that mean "try again" although their HTTP status is 4xx. */
  static final Set<String> RETRYABLE_CODES = Set.of("RequestTimeout", "SlowDown", "Throttling",
      "ThrottlingException", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable");

  private RangeFailures() {}

  /** Whether the same range may succeed if asked again. */
  static boolean isRetryable(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException e) {
      if (e.statusCode() == 412 || e.statusCode() == 404) {
        return false; // the object changed or is gone: asking again cannot bring the old version back
      }
      if (e.awsErrorDetails() != null && RETRYABLE_CODES.contains(e.awsErrorDetails().errorCode())) {
        return true; // S3 asks for a retry (throttling, a slow or failed server side)
      }
      return e.statusCode() >= 500 || e.statusCode() == 429; // server trouble; other 4xx are refusals
    }
    if (t instanceof SdkClientException) {
      String message = t.getMessage();
      return message == null || !message.contains("Unable to load credentials"); // network, timeouts
    }
    return t instanceof IOException; // a body cut short
  }

  /** Whether the failure means the object is no longer the version first seen. */
  static boolean isChanged(Throwable failure) {
    return unwrap(failure) instanceof AwsServiceException e && e.statusCode() == 412;
  }

  /** The failure as an {@link IOException} whose message a user can act on. */
  static IOException toIOException(Throwable failure, S3Location object, String etag, String range, int attempts) {
    Throwable t = unwrap(failure);
    if (isChanged(t)) {
      return new ObjectChangedException(object + " changed while it was being read (its ETag is no longer "
          + etag + "); nothing of the new version was read", t);
    }
    if (t instanceof AwsServiceException e && e.statusCode() == 404) {
      return new ObjectChangedException(object + " was deleted while it was being read", t);
    }
    String tries = attempts == 1 ? "" : " after " + attempts + " attempts";
    return new IOException("reading bytes " + range + " of " + object + " failed" + tries + ": " + describe(t), t);
  }

  /** A failure in one line: the S3 error code and message, else the exception's message. */
  static String describe(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      return code + (message == null || message.isEmpty() ? "" : ": " + message);
    }
    String message = t.getMessage();
    if (t.getCause() != null && t.getCause().getMessage() != null && (message == null || message.isEmpty())) {
      message = t.getCause().getMessage();
    }
    return message == null || message.isEmpty() ? t.getClass().getSimpleName() : message;
  }

  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
