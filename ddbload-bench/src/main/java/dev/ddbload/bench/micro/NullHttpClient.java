package dev.ddbload.bench.micro;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A transport that reads the request body (as a socket write would) and answers
 * {@code {"UnprocessedItems":{}}} at once: what is left of a call is the client's own work.
 */
final class NullHttpClient implements SdkHttpClient {

  private static final byte[] BODY = "{\"UnprocessedItems\":{}}".getBytes(StandardCharsets.UTF_8);
  private static final String CRC;

  static {
    CRC32 crc = new CRC32();
    crc.update(BODY);
    CRC = Long.toString(crc.getValue());
  }

  private final byte[] sink = new byte[64 * 1024];

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream in = request.contentStreamProvider().get().newStream()) {
            while (in.read(sink) >= 0) {
              // discard
            }
          }
        }
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200).putHeader("x-amz-crc32", CRC)
                .putHeader("Content-Length", Integer.toString(BODY.length)).build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(BODY)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
