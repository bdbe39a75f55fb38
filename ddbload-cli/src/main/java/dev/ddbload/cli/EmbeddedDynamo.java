package dev.ddbload.cli;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Amazon DynamoDB Local inside the ddbload process, for {@code --local}: tables persisted in a
 * directory, served on a free loopback port, stopped when the load ends. Started with
 * {@code -sharedDb} so the tables do not depend on credentials or region.
 */
final class EmbeddedDynamo implements AutoCloseable {

  /** Dummy credentials for DynamoDB Local, which checks only that some are present. */
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("ddbload", "local"));
  static final String REGION = "us-east-1";

  private final DynamoDBProxyServer server;
  private final int port;

  private EmbeddedDynamo(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts DynamoDB Local persisting its tables in {@code dir} (created if missing).
   *
   * @throws ConfigurationException if the directory cannot be used or the server cannot start
   */
  static EmbeddedDynamo start(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new ConfigurationException("--local takes a directory, but " + dir
          + " is a file; write --local=DIR or put --local before another option.");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create the DynamoDB Local directory " + dir + ".", e);
    }
    int port = freePort();
    PrintStream stdout = System.out;
    try {
      // DynamoDB Local prints its configuration to stdout; keep it out of ddbload's output.
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
          "-dbPath", dir.toAbsolutePath().toString(), "-sharedDb", "-disableTelemetry",
          "-port", Integer.toString(port)});
      server.start();
      return new EmbeddedDynamo(server, port);
    } catch (Exception e) {
      throw new ConfigurationException("The embedded DynamoDB Local did not start in " + dir + ": " + e.getMessage(),
          e);
    } finally {
      System.setOut(stdout);
    }
  }

  /** Its endpoint on loopback. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new ConfigurationException("No free loopback port for DynamoDB Local.", e);
    }
  }
}
