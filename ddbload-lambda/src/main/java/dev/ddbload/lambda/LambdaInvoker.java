package dev.ddbload.lambda;

import dev.ddbload.config.ClientSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link Continuation} through Lambda's Invoke API with {@code X-Amz-Invocation-Type: Event}, a
 * request signed with the SDK's SigV4 signer and sent on the SDK's HTTP client (the SDK's Lambda
 * client is not published at the SDK version ddbload pins, and one signed POST is all it would
 * do). Credentials come from the SDK's default chain (the function's role). Thread-safe.
 */
final class LambdaInvoker implements Continuation, AutoCloseable {

  private final SdkHttpClient http = Apache5HttpClient.create();
  private final AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
  private final String region;
  private final URI endpoint;

  /**
   * @param region the function's region
   * @param endpoint the Lambda endpoint, or null for the region's
   */
  LambdaInvoker(String region, URI endpoint) {
    this.region = region;
    this.endpoint = endpoint != null ? endpoint : URI.create("https://lambda." + region + ".amazonaws.com");
  }

  static LambdaInvoker of(ClientSettings settings) {
    return new LambdaInvoker(settings.region().orElse(System.getenv("AWS_REGION")), null);
  }

  @Override
  public void invokeAsync(String functionArn, String payload) {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint.resolve("/2015-03-31/functions/" + URLEncoder.encode(functionArn, StandardCharsets.UTF_8)
            + "/invocations"))
        .putHeader("X-Amz-Invocation-Type", "Event")
        .putHeader("Content-Type", "application/json")
        .putHeader("Content-Length", Integer.toString(body.length))
        .build();
    AwsCredentialsIdentity identity = credentials.resolveCredentials();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
          .contentStreamProvider(signed.payload().orElse(null)).build()).call();
      int status = response.httpResponse().statusCode();
      String text = response.responseBody().map(LambdaInvoker::read).orElse("");
      if (status != 202) {
        throw new IllegalStateException("Lambda refused to invoke " + functionArn + " (HTTP " + status + "): "
            + text);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Lambda could not be reached to invoke " + functionArn + ": " + e.getMessage(), e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
