package dev.ddbload.write;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Decides what a failed BatchWriteItem call means: a table of rules from AWS error code,
 * exception type or network failure to an {@link Action}, tried in this order.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>failure</th><th>action</th></tr>
 *   <tr><td>throttling codes ({@link #THROTTLING_CODES}, KMS throttling included)</td><td>RETRY</td></tr>
 *   <tr><td>{@code ValidationException}, {@code ItemCollectionSizeLimitExceededException}: refused
 *       for some of the items</td><td>ISOLATE</td></tr>
 *   <tr><td>{@link #FATAL_CODES}: missing table, access denied, unrecognized client, bad
 *       signature, expired token, KMS key errors</td><td>FATAL</td></tr>
 *   <tr><td>any other service error with HTTP status 5xx</td><td>RETRY</td></tr>
 *   <tr><td>any other service error with HTTP status 401 or 403</td><td>FATAL</td></tr>
 *   <tr><td>any other service error (unknown code)</td><td>RETRY</td></tr>
 *   <tr><td>no credentials or no region found by the SDK</td><td>FATAL</td></tr>
 *   <tr><td>timeouts: {@link ApiCallAttemptTimeoutException}, {@link ApiCallTimeoutException},
 *       {@link TimeoutException}</td><td>RETRY</td></tr>
 *   <tr><td>I/O: connection reset, refused or closed before the response ({@link IOException},
 *       or an {@link SdkClientException} around one)</td><td>RETRY</td></tr>
 *   <tr><td>any other {@link SdkClientException}</td><td>RETRY</td></tr>
 *   <tr><td>anything else (a bug, an {@link Error})</td><td>FATAL</td></tr>
 *   <tr><td>{@code ConditionalCheckFailedException} (a single write's condition)</td><td>REFUSED</td></tr>
 * </table>
 *
 * <p>RETRY is bounded by the per-item attempt cap, so a rule that retries something hopeless
 * costs time, never a lost or endless record. Pure and thread-safe.
 */
public final class ErrorClassifier {

  /** What to do with the items of a failed call. */
  public enum Action {
    /** Resend the items after a backoff, counting an attempt for each. */
    RETRY,
    /** Split the batch to find the items DynamoDB refuses; reject only those. */
    ISOLATE,
    /** Stop the load: nothing will succeed until the user fixes something. */
    FATAL,
    /**
     * A single write's condition refused it ({@code ConditionalCheckFailedException}): an outcome
     * of the record, never resent and never fatal.
     */
    REFUSED
  }

  /** Error codes that mean "slow down": resent after a backoff. */
  public static final Set<String> THROTTLING_CODES = Set.of(
      "ProvisionedThroughputExceededException",
      "ThrottlingException",
      "Throttling",
      "RequestLimitExceeded",
      "TooManyRequestsException",
      "KMSThrottlingException");

  /** Error codes that mean DynamoDB refused some items of the batch, not the call as such. */
  public static final Set<String> ISOLATE_CODES = Set.of(
      "ValidationException",
      "ItemCollectionSizeLimitExceededException");

  /** Error codes no resend can cure. */
  public static final Set<String> FATAL_CODES = Set.of(
      "ResourceNotFoundException",
      "AccessDeniedException",
      "UnrecognizedClientException",
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "IncompleteSignatureException",
      "MissingAuthenticationTokenException",
      "InvalidClientTokenId",
      "ExpiredTokenException",
      "KMSAccessDeniedException",
      "KMSDisabledException",
      "KMSInvalidStateException",
      "KMSNotFoundException",
      "KMSInvalidKeyUsageException");

  private ErrorClassifier() {}

  /** The action for a failure from the SDK (completion and execution wrappers are unwrapped). */
  public static Action classify(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException) {
      return classifyService((AwsServiceException) t);
    }
    if (t instanceof SdkClientException && isMissingConfiguration(t.getMessage())) {
      return Action.FATAL;
    }
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
        || t instanceof TimeoutException) {
      return Action.RETRY;
    }
    if (t instanceof IOException || t instanceof SdkClientException) {
      // Resets, refused or dropped connections, and the SDK's wrappers around them.
      return Action.RETRY;
    }
    return Action.FATAL;
  }

  private static Action classifyService(AwsServiceException e) {
    String code = errorCode(e);
    if ("ConditionalCheckFailedException".equals(code)) {
      return Action.REFUSED;
    }
    if (THROTTLING_CODES.contains(code) || e.isThrottlingException()) {
      return Action.RETRY;
    }
    if (ISOLATE_CODES.contains(code)) {
      return Action.ISOLATE;
    }
    if (FATAL_CODES.contains(code)) {
      return Action.FATAL;
    }
    if (e.statusCode() >= 500) {
      return Action.RETRY;
    }
    if (e.statusCode() == 401 || e.statusCode() == 403) {
      return Action.FATAL;
    }
    return Action.RETRY;
  }

  /** Whether the failure is DynamoDB asking to slow down: a capacity signal as well as a retry. */
  public static boolean isThrottling(Throwable failure) {
    Throwable t = unwrap(failure);
    return t instanceof AwsServiceException
        && (THROTTLING_CODES.contains(errorCode((AwsServiceException) t))
            || ((AwsServiceException) t).isThrottlingException());
  }

  /**
   * Whether the failure refuses the operation itself rather than the call: the caller may not use
   * it ({@code AccessDeniedException}), or the endpoint does not offer it
   * ({@code UnknownOperationException}, as DynamoDB-compatible stores without PartiQL answer).
   */
  public static boolean refusesOperation(Throwable failure) {
    Throwable t = unwrap(failure);
    if (!(t instanceof AwsServiceException)) {
      return false;
    }
    String code = errorCode((AwsServiceException) t);
    return "AccessDeniedException".equals(code) || "UnknownOperationException".equals(code);
  }

  /** One sentence describing the failure, for rejects and the summary. */
  public static String describe(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      String code = errorCode(e).isEmpty() ? "HTTP " + e.statusCode() : errorCode(e);
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      return code + (message == null || message.isEmpty() ? "" : ": " + message);
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String errorCode(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null ? "" : code;
  }

  private static boolean isMissingConfiguration(String message) {
    return message != null && (message.contains("Unable to load credentials")
        || message.contains("Unable to load region"));
  }

  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
