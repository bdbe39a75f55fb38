package dev.ddbload.source.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One case per rule of {@link RangeFailures#isRetryable}, with the SDK's own exception types. */
class RangeFailuresTest {

  private static final S3Location OBJECT = S3Location.parse("s3://b/k.jsonl");

  private static S3Exception s3(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build()).build();
  }

  @Test
  void aChangedOrDeletedObjectIsNeverAskedAgain() {
    assertThat(RangeFailures.isRetryable(s3(412, "PreconditionFailed"))).isFalse();
    assertThat(RangeFailures.isRetryable(s3(404, "NoSuchKey"))).isFalse();
  }

  @Test
  void throttlingAndServerTroubleAreRetried() {
    assertThat(RangeFailures.isRetryable(s3(503, "SlowDown"))).isTrue();
    assertThat(RangeFailures.isRetryable(s3(500, "InternalError"))).isTrue();
    assertThat(RangeFailures.isRetryable(s3(502, "BadGateway"))).isTrue();
    assertThat(RangeFailures.isRetryable(s3(429, "TooManyRequests"))).isTrue();
    assertThat(RangeFailures.isRetryable(s3(400, "RequestTimeout"))).isTrue();
  }

  @Test
  void refusalsAreNotRetried() {
    assertThat(RangeFailures.isRetryable(s3(403, "AccessDenied"))).isFalse();
    assertThat(RangeFailures.isRetryable(s3(416, "InvalidRange"))).isFalse();
    assertThat(RangeFailures.isRetryable(s3(400, "InvalidArgument"))).isFalse();
  }

  @Test
  void networkFailuresTimeoutsAndShortBodiesAreRetried() {
    assertThat(RangeFailures.isRetryable(new CompletionException(SdkClientException.create("reset",
        new IOException("Connection reset"))))).isTrue();
    assertThat(RangeFailures.isRetryable(SdkClientException.create("refused", new ConnectException()))).isTrue();
    assertThat(RangeFailures.isRetryable(ApiCallAttemptTimeoutException.create(1000))).isTrue();
    assertThat(RangeFailures.isRetryable(new IOException("the response ended after 10 of the 20 bytes"))).isTrue();
  }

  @Test
  void missingCredentialsAndBugsAreNotRetried() {
    assertThat(RangeFailures.isRetryable(SdkClientException.create("Unable to load credentials from any provider")))
        .isFalse();
    assertThat(RangeFailures.isRetryable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void aChangedObjectIsNamedWithTheETagItNoLongerHas() {
    IOException e = RangeFailures.toIOException(new CompletionException(s3(412, "PreconditionFailed")), OBJECT,
        "\"abc\"", "0-9", 1);

    assertThat(e).isInstanceOf(ObjectChangedException.class)
        .hasMessage("s3://b/k.jsonl changed while it was being read (its ETag is no longer \"abc\");"
            + " nothing of the new version was read");
  }

  @Test
  void otherFailuresNameTheRangeTheObjectAndTheAttempts() {
    assertThat(RangeFailures.toIOException(s3(403, "AccessDenied"), OBJECT, "\"abc\"", "0-9", 1))
        .hasMessage("reading bytes 0-9 of s3://b/k.jsonl failed: AccessDenied: AccessDenied happened");
    assertThat(RangeFailures.toIOException(s3(500, "InternalError"), OBJECT, "\"abc\"", "10-19", 10))
        .hasMessage("reading bytes 10-19 of s3://b/k.jsonl failed after 10 attempts: InternalError: InternalError happened");
  }
}
