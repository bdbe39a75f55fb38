package dev.ddbload.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.write.DynamoClients;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Start-up work every load and verification does whatever its options, begun on a second thread
 * while the main thread reads the command line: the default TLS context (its trust store),
 * Jackson, and building the SDK's DynamoDB client and the data plane's HTTP client (their classes
 * and the code paths of their builders). Nothing is sent and nothing is kept; the main thread
 * does the same work again, faster, when it needs it. It saves about 65 ms of a load's start-up
 * (docs/BENCHMARKS.md, "Short loads"). {@code -Dddbload.warmUp=false} turns it off.
 */
final class WarmUp {

  private WarmUp() {}

  /** Starts the warm-up for a {@code load} or {@code verify}; other commands need none. */
  static void start(String[] args) {
    if ("false".equals(System.getProperty("ddbload.warmUp"))) {
      return;
    }
    for (String a : args) {
      if (a.equals("load") || a.equals("verify")) {
        // SLF4J first, on this thread: the SDK logs through it, and SLF4J set up from two threads
        // at once replays the calls made meanwhile and says so on standard error.
        LoggerFactory.getILoggerFactory();
        Thread t = new Thread(WarmUp::run, "ddbload-warm-up");
        t.setDaemon(true);
        t.start();
        return;
      }
    }
  }

  private static void run() {
    try {
      SSLContext.getDefault();
      new ObjectMapper();
      try (SdkHttpClient http = DynamoClients.transport(1);
          DynamoDbClient client = DynamoDbClient.builder()
              .region(Region.US_EAST_1)
              .credentialsProvider(AnonymousCredentialsProvider.create())
              .endpointOverride(URI.create("http://127.0.0.1:9"))
              .httpClient(http)
              .build()) {
        client.serviceClientConfiguration();
      }
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      // A head start only: the main thread does the same work when it needs it.
    }
  }
}
