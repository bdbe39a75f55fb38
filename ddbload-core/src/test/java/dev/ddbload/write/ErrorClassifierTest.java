package dev.ddbload.write;

import static dev.ddbload.write.ErrorClassifier.Action.FATAL;
import static dev.ddbload.write.ErrorClassifier.Action.ISOLATE;
import static dev.ddbload.write.ErrorClassifier.Action.RETRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** One case per rule of the classifier, each built from the exception types the SDK throws. */
class ErrorClassifierTest {

  private static DynamoDbException service(int status, String code) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(status)
        .message(code + " (Service: DynamoDb, Status Code: " + status + ")")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("the message").serviceName("DynamoDb")
            .build())
        .build();
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        // Throttling
        arguments("ProvisionedThroughputExceededException (modeled type)", ProvisionedThroughputExceededException
            .builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ProvisionedThroughputExceededException").build()).build(), RETRY),
        arguments("ThrottlingException", service(400, "ThrottlingException"), RETRY),
        arguments("RequestLimitExceeded (modeled type)", RequestLimitExceededException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestLimitExceeded").build()).build(), RETRY),
        arguments("KMSThrottlingException is throttling, not a KMS key error", service(400, "KMSThrottlingException"),
            RETRY),
        arguments("HTTP 429 without a known code", service(429, "SlowDown"), RETRY),
        // Refused items
        arguments("ValidationException", service(400, "ValidationException"), ISOLATE),
        arguments("ItemCollectionSizeLimitExceededException", service(400, "ItemCollectionSizeLimitExceededException"),
            ISOLATE),
        // Fatal codes
        arguments("ResourceNotFoundException (modeled type)", ResourceNotFoundException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build(), FATAL),
        arguments("AccessDeniedException", service(400, "AccessDeniedException"), FATAL),
        arguments("UnrecognizedClientException", service(400, "UnrecognizedClientException"), FATAL),
        arguments("InvalidSignatureException", service(400, "InvalidSignatureException"), FATAL),
        arguments("MissingAuthenticationTokenException", service(400, "MissingAuthenticationTokenException"), FATAL),
        arguments("ExpiredTokenException", service(400, "ExpiredTokenException"), FATAL),
        arguments("KMSAccessDeniedException", service(400, "KMSAccessDeniedException"), FATAL),
        arguments("KMSDisabledException", service(400, "KMSDisabledException"), FATAL),
        arguments("KMSNotFoundException", service(400, "KMSNotFoundException"), FATAL),
        arguments("KMSInvalidStateException", service(400, "KMSInvalidStateException"), FATAL),
        // By status
        arguments("InternalServerError 500", service(500, "InternalServerError"), RETRY),
        arguments("ServiceUnavailable 503", service(503, "ServiceUnavailable"), RETRY),
        arguments("502 without a body", DynamoDbException.builder().statusCode(502).build(), RETRY),
        arguments("403 with an unknown code", service(403, "SomethingForbidden"), FATAL),
        arguments("unknown 400 code", service(400, "SomeNewException"), RETRY),
        // Client side
        arguments("no credentials", SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain"), FATAL),
        arguments("attempt timeout", ApiCallAttemptTimeoutException.create(30_000), RETRY),
        arguments("call timeout", ApiCallTimeoutException.create(60_000), RETRY),
        arguments("TimeoutException", new TimeoutException("acquire"), RETRY),
        arguments("connection reset (IOException)", new SocketException("Connection reset"), RETRY),
        arguments("connection closed before the response, wrapped by the SDK", SdkClientException.create(
            "Unable to execute HTTP request: The connection was closed during the request.",
            new IOException("The connection was closed during the request.")), RETRY),
        arguments("connection refused, wrapped by the SDK", SdkClientException.create(
            "Unable to execute HTTP request: Connection refused", new ConnectException("Connection refused")), RETRY),
        arguments("IOException inside a CompletionException", new CompletionException(
            new IOException("Server failed to complete response")), RETRY),
        arguments("ResourceNotFound inside an ExecutionException", new ExecutionException(
            service(400, "ResourceNotFoundException")), FATAL),
        arguments("a bug", new NullPointerException("oops"), FATAL),
        arguments("an Error", new OutOfMemoryError("heap"), FATAL));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rules")
  void classifies(String name, Throwable failure, ErrorClassifier.Action expected) {
    assertThat(ErrorClassifier.classify(failure)).isEqualTo(expected);
  }

  @Test
  void anOperationRefusedAsSuchIsToldApartFromAFailedCall() {
    assertThat(ErrorClassifier.refusesOperation(service(400, "AccessDeniedException"))).isTrue();
    assertThat(ErrorClassifier.refusesOperation(new java.util.concurrent.CompletionException(
        service(400, "UnknownOperationException")))).isTrue();
    assertThat(ErrorClassifier.refusesOperation(service(400, "ValidationException"))).isFalse();
    assertThat(ErrorClassifier.refusesOperation(service(500, "InternalServerError"))).isFalse();
    assertThat(ErrorClassifier.refusesOperation(new java.io.IOException("reset"))).isFalse();
  }

  @Test
  void throttlingIsAlsoACapacitySignal() {
    assertThat(ErrorClassifier.isThrottling(service(400, "ProvisionedThroughputExceededException"))).isTrue();
    assertThat(ErrorClassifier.isThrottling(new CompletionException(service(400, "ThrottlingException")))).isTrue();
    assertThat(ErrorClassifier.isThrottling(service(500, "InternalServerError"))).isFalse();
    assertThat(ErrorClassifier.isThrottling(new IOException("reset"))).isFalse();
  }

  @Test
  void describesAFailureInOneSentence() {
    assertThat(ErrorClassifier.describe(new CompletionException(service(400, "ResourceNotFoundException"))))
        .isEqualTo("ResourceNotFoundException: the message");
    assertThat(ErrorClassifier.describe(DynamoDbException.builder().statusCode(502).build())).isEqualTo("HTTP 502");
    assertThat(ErrorClassifier.describe(new SocketException("Connection reset")))
        .isEqualTo("SocketException: Connection reset");
  }
}
