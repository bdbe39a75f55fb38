package dev.ddbload.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An HTTP transport that records each request and its body and answers every call with one
 * fixed status and body (with a correct {@code x-amz-crc32} unless told otherwise).
 */
final class RecordingHttpClient implements SdkHttpClient {

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
  static final URI ENDPOINT = URI.create("http://127.0.0.1:8000");

  final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();
  final List<String> bodies = new CopyOnWriteArrayList<>();
  private final int status;
  private final byte[] body;
  private final String crc32;

  RecordingHttpClient(int status, String body) {
    this(status, body, null);
  }

  /** @param crc32 the x-amz-crc32 header to send; null for the body's own */
  RecordingHttpClient(int status, String body, String crc32) {
    this.status = status;
    this.body = body.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(this.body);
    this.crc32 = crc32 != null ? crc32 : Long.toString(crc.getValue());
  }

  /** The SDK's synchronous client over this transport, without retries. */
  static DynamoDbClient sdkClient(SdkHttpClient http) {
    return DynamoDbClient.builder()
        .httpClient(http)
        .endpointOverride(ENDPOINT)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  String lastBody() {
    return bodies.get(bodies.size() - 1);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        requests.add(request.httpRequest());
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
          bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(status).putHeader("x-amz-crc32", crc32).build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {
        throw new UncheckedIOException(new IOException("not abortable"));
      }
    };
  }

  @Override
  public void close() {}
}
