package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The direct client against a recording transport: the request the SDK would send (body, target,
 * signature scheme), and each kind of answer turned into what {@link ErrorClassifier} expects.
 */
class DirectBatchWriteClientTest {

  private static final BatchWriteItemRequest REQUEST = BatchWriteItemRequest.builder()
      .requestItems(Map.of("t", List.of(WriteRequest.builder()
          .putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1"))))
          .build())))
      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
      .build();

  private static Throwable failure(RecordingHttpClient http) {
    try (DirectBatchWriteClient client = client(http)) {
      return client.batchWriteItem(REQUEST).handle((r, e) -> e).join();
    }
  }

  private static DirectBatchWriteClient client(RecordingHttpClient http) {
    return new DirectBatchWriteClient(RecordingHttpClient.ENDPOINT, Region.US_EAST_1, RecordingHttpClient.CREDENTIALS,
        http);
  }

  @Test
  void sendsTheSdksBodyAndHeadersSignedWithSigV4() {
    RecordingHttpClient direct = new RecordingHttpClient(200, "{\"UnprocessedItems\":{}}");
    RecordingHttpClient sdk = new RecordingHttpClient(200, "{\"UnprocessedItems\":{}}");
    try (DirectBatchWriteClient client = client(direct); DynamoDbClient reference = RecordingHttpClient.sdkClient(sdk)) {
      client.batchWriteItem(REQUEST).join();
      reference.batchWriteItem(REQUEST);
    }

    assertThat(direct.lastBody()).isEqualTo(sdk.lastBody());
    SdkHttpRequest ours = direct.requests.get(0);
    SdkHttpRequest theirs = sdk.requests.get(0);
    assertThat(ours.method()).isEqualTo(theirs.method());
    assertThat(ours.getUri()).isEqualTo(theirs.getUri());
    for (String header : List.of("Content-Type", "X-Amz-Target", "Content-Length", "Host")) {
      assertThat(ours.firstMatchingHeader(header)).as(header).isEqualTo(theirs.firstMatchingHeader(header));
    }
    assertThat(ours.firstMatchingHeader("Authorization")).hasValueSatisfying(a -> assertThat(a)
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-east-1/dynamodb/aws4_request")
        .contains("SignedHeaders=").contains("x-amz-target"));
    assertThat(ours.firstMatchingHeader("X-Amz-Date")).isPresent();
  }

  @Test
  void readsUnprocessedItemsAndConsumedCapacity() {
    RecordingHttpClient http = new RecordingHttpClient(200, "{\"ConsumedCapacity\":[{\"CapacityUnits\":1.0,"
        + "\"TableName\":\"t\"}],\"UnprocessedItems\":{\"t\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"a\"}}}}]}}");
    BatchWriteItemResponse response;
    try (DirectBatchWriteClient client = client(http)) {
      response = client.batchWriteItem(REQUEST).join();
    }
    assertThat(response.consumedCapacity().get(0).capacityUnits()).isEqualTo(1.0);
    assertThat(response.unprocessedItems().get("t").get(0).putRequest().item()).containsKey("pk");
  }

  @Test
  void throttlingIsRetriedAndSignalled() {
    Throwable e = failure(new RecordingHttpClient(400,
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"slow\"}"));
    assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorClassifier.Action.RETRY);
    assertThat(ErrorClassifier.isThrottling(e)).isTrue();
    assertThat(ErrorClassifier.describe(e)).isEqualTo("ProvisionedThroughputExceededException: slow");
  }

  @Test
  void aMissingTableIsFatal() {
    Throwable e = failure(new RecordingHttpClient(400,
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"no table\"}"));
    assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorClassifier.Action.FATAL);
  }

  @Test
  void aValidationErrorIsolatesTheBadItems() {
    Throwable e = failure(new RecordingHttpClient(400,
        "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"bad key\"}"));
    assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorClassifier.Action.ISOLATE);
  }

  @Test
  void a5xxWithoutABodyIsRetried() {
    Throwable e = failure(new RecordingHttpClient(503, ""));
    assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorClassifier.Action.RETRY);
    assertThat(ErrorClassifier.describe(e)).startsWith("HTTP 503");
  }

  @Test
  void aResponseFailingItsCrc32IsAnIoFailureAndRetried() {
    Throwable e = failure(new RecordingHttpClient(200, "{\"UnprocessedItems\":{}}", "12345"));
    assertThat(e).isInstanceOf(SdkClientException.class).hasMessageContaining("CRC32");
    assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorClassifier.Action.RETRY);
  }
}
