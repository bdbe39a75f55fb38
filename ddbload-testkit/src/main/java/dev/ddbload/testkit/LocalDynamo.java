package dev.ddbload.testkit;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Amazon DynamoDB Local, in memory, on a free loopback port, for tests and benchmarks. Started
 * with {@code -sharedDb} so every client sees the same tables whatever its credentials. Its
 * server threads keep a JVM alive: always {@link #close()} it ({@code finally} or
 * {@code @AfterAll}).
 *
 * <pre>{@code
 * try (LocalDynamo dynamo = LocalDynamo.start()) {
 *   DynamoDbClient client = dynamo.client();
 * }
 * }</pre>
 */
public final class LocalDynamo implements AutoCloseable {

  /** Region clients use against DynamoDB Local; any region works with {@code -sharedDb}. */
  public static final Region REGION = Region.US_EAST_1;
  /** Dummy credentials; DynamoDB Local checks only that some are present. */
  public static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("ddbloadtest", "ddbloadtest"));

  private final DynamoDBProxyServer server;
  private final int port;

  private LocalDynamo(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts an in-memory DynamoDB Local on a free port and waits until it listens. */
  public static LocalDynamo start() {
    return start(new String[] {"-inMemory"});
  }

  /**
   * Starts a DynamoDB Local keeping its tables in {@code dir} (its file
   * {@code shared-local-instance.db}, as DynamoDB Local leaves it: SQLite's rollback journal) on a
   * free port, and waits until it listens.
   */
  public static LocalDynamo startOnDisk(Path dir) {
    return start(new String[] {"-dbPath", dir.toAbsolutePath().toString()});
  }

  private static LocalDynamo start(String[] store) {
    int port = freePort();
    try {
      String[] args = Stream.concat(Stream.of(store), Stream.of("-sharedDb", "-disableTelemetry", "-port",
          Integer.toString(port))).toArray(String[]::new);
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
      server.start();
      return new LocalDynamo(server, port);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
    }
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Its endpoint URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A new synchronous client for it; the caller closes it. */
  public DynamoDbClient client() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }

  /** A TCP port that was free on loopback a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
