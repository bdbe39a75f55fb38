package dev.ddbload.spark;

import dev.ddbload.testkit.LocalDynamo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, in memory, in a child JVM with the ANTLR runtime it parses condition and update
 * expressions with (system property {@code ddbload.dynamoLocalAntlr}, put first on the class
 * path): the test JVM holds Spark's older runtime, which Spark's SQL parser needs, and DynamoDB
 * Local in the test JVM answers every PutItem with a condition and every UpdateItem with a 500.
 * Always {@link #close()} it.
 */
final class LocalDynamoProcess implements AutoCloseable {

  private static final long START_SECONDS = 60;

  private final Process process;
  private final int port;

  private LocalDynamoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it on a free loopback port and waits, up to a minute, until it answers. */
  static LocalDynamoProcess start(Path log) {
    String antlr = System.getProperty("ddbload.dynamoLocalAntlr");
    if (antlr == null || !Files.isRegularFile(Path.of(antlr))) {
      throw new IllegalStateException("System property ddbload.dynamoLocalAntlr must name DynamoDB Local's ANTLR"
          + " runtime (the build copies it), not " + antlr);
    }
    String classPath = antlr + File.pathSeparator
        + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int port = LocalDynamo.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", classPath,
        "com.amazonaws.services.dynamodbv2.local.main.ServerRunner", "-inMemory", "-sharedDb", "-disableTelemetry",
        "-port", Integer.toString(port)))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalDynamoProcess dynamo = new LocalDynamoProcess(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!dynamo.listens()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        dynamo.close();
        throw new IllegalStateException("DynamoDB Local did not start on port " + port + "; see " + log);
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        dynamo.close();
        throw new IllegalStateException("interrupted while DynamoDB Local started", e);
      }
    }
    return dynamo;
  }

  private boolean listens() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Its endpoint URL. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A new synchronous client for it; the caller closes it. */
  DynamoDbClient client() {
    return DynamoDbClient.builder().endpointOverride(endpoint()).region(LocalDynamo.REGION)
        .credentialsProvider(LocalDynamo.CREDENTIALS).build();
  }

  /** Stops the child JVM. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
