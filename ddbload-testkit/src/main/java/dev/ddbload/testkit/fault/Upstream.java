package dev.ddbload.testkit.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Forwards requests to the target DynamoDB endpoint with the JDK's non-blocking HTTP client,
 * keeping the caller's headers (the SDK's signature included: DynamoDB Local does not check it)
 * except those that belong to one connection; the client sets {@code Host} for the target.
 * Thread-safe.
 */
final class Upstream {

  /** The target's response. */
  record Reply(int status, HttpHeaders headers, byte[] body) {}

  /**
   * Headers not forwarded: the JDK client's restricted ones and those of one hop. {@code
   * Accept-Encoding} too, so the proxy can read the responses it rewrites.
   */
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
      "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "accept-encoding");

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI target;
  private final HttpClient http;

  Upstream(URI target) {
    this.target = target;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The target's base URI. */
  URI target() {
    return target;
  }

  /**
   * Sends a request to the target.
   *
   * @param method the HTTP method
   * @param path the request's path and query, e.g. {@code /}
   * @param headers the caller's headers
   * @param body the body to send
   */
  CompletableFuture<Reply> send(String method, String path, Iterable<Map.Entry<String, String>> headers,
      byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path))
        .timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> h : headers) {
      if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        request.header(h.getKey(), h.getValue());
      }
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Reply(r.statusCode(), r.headers(), r.body()));
  }

  /** Whether a response header of the target's is passed on to the caller. */
  static boolean isPassedBack(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !lower.startsWith(":") && !NOT_FORWARDED.contains(lower);
  }
}
