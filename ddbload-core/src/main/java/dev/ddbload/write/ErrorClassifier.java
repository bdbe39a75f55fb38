package dev.ddbload.write;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Decides what a failed BatchWriteItem call means, as a table of rules from AWS error code or
 * exception type to an {@link Action}. Pure and thread-safe.
 */
public final class ErrorClassifier {

  /** What to do with the items of a failed call. */
  public enum Action {
    /** Resend the items after a backoff, counting an attempt for each. */
    RETRY,
    /** Split the batch to find the items DynamoDB refuses; reject only those. */
    ISOLATE,
    /** Stop the load: nothing will succeed until the user fixes something. */
    FATAL
  }

  private static final Set<String> FATAL_CODES = Set.of(
      "ResourceNotFoundException",
      "AccessDeniedException",
      "UnrecognizedClientException",
      "InvalidSignatureException",
      "MissingAuthenticationTokenException",
      "ExpiredTokenException",
      "IncompleteSignatureException",
      "InvalidClientTokenId",
      "SignatureDoesNotMatch",
      "KMSAccessDeniedException",
      "KMSDisabledException",
      "KMSInvalidStateException",
      "KMSNotFoundException",
      "KMSThrottlingException",
      "KMSInvalidKeyUsageException");

  private static final Set<String> THROTTLING_CODES = Set.of(
      "ProvisionedThroughputExceededException",
      "ThrottlingException",
      "RequestLimitExceeded",
      "Throttling");

  private ErrorClassifier() {}

  /** The action for a failure from the SDK (completion wrappers are unwrapped). */
  public static Action classify(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (code != null && FATAL_CODES.contains(code)) {
        return Action.FATAL;
      }
      if ("ValidationException".equals(code)) {
        return Action.ISOLATE;
      }
      if (e.statusCode() == 403) {
        return Action.FATAL;
      }
      // Throttling, RequestLimitExceeded, InternalServerError, 5xx and anything unknown.
      return Action.RETRY;
    }
    if (t instanceof SdkClientException && isCredentialsProblem(t.getMessage())) {
      return Action.FATAL;
    }
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
        || t instanceof TimeoutException || t instanceof IOException || t instanceof SdkClientException) {
      return Action.RETRY;
    }
    return Action.FATAL;
  }

  /**
   * Whether the failure is DynamoDB saying "too fast" (provisioned throughput exceeded,
   * throttling, request limit exceeded): a signal to slow down, not only to retry.
   */
  public static boolean isThrottling(Throwable failure) {
    Throwable t = unwrap(failure);
    if (!(t instanceof AwsServiceException) || ((AwsServiceException) t).awsErrorDetails() == null) {
      return false;
    }
    return THROTTLING_CODES.contains(((AwsServiceException) t).awsErrorDetails().errorCode());
  }

  /** One sentence describing the failure, for rejects and the summary. */
  public static String describe(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      return code + (message == null || message.isEmpty() ? "" : ": " + message);
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static boolean isCredentialsProblem(String message) {
    return message != null && (message.contains("Unable to load credentials") || message.contains("Unable to load region"));
  }

  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while (cur instanceof CompletionException && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
