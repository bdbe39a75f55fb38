package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Amazon DynamoDB Local inside the ddbload process, for {@code --local}: tables persisted in a
 * directory (or kept in memory), served on a free loopback port, stopped when the load ends.
 * Started with {@code -sharedDb} so the tables do not depend on credentials or region.
 *
 * <p>DynamoDB Local is not on ddbload's class path: its jars are in {@code local/} beside the jar
 * holding this class ({@code lib/local/} of the archive) or in {@code lib/local/} beside it
 * ({@code ddbload-cli/target/lib/local/} of a checkout), and a class loader of their own, child of
 * ddbload's, loads them only when {@code --local} asks for them. If DynamoDB Local is on the class
 * path already (the tests, an application embedding ddbload), that copy is used.
 */
final class EmbeddedDynamo implements AutoCloseable {

  /** Dummy credentials for DynamoDB Local, which checks only that some are present. */
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("ddbload", "local"));
  static final String REGION = "us-east-1";

  private static final String SERVER_RUNNER = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";

  /** DynamoDB Local's {@code DynamoDBProxyServer}, reached by reflection (its class loader is not ours). */
  private final Object server;
  private final ClassLoader loader;
  private final int port;
  private final String description;

  private EmbeddedDynamo(Object server, ClassLoader loader, int port, String description) {
    this.server = server;
    this.loader = loader;
    this.description = description;
    this.port = port;
  }

  /** The {@code --local} value that keeps the tables in memory, gone when the load ends. */
  static final String IN_MEMORY = ":memory:";

  /** Whether {@code dir} is {@link #IN_MEMORY}. */
  private static boolean inMemory(Path dir) {
    return dir.toString().equals(IN_MEMORY);
  }

  /**
   * Starts DynamoDB Local persisting its tables in {@code dir} (created if missing), or keeping
   * them in memory if {@code dir} is {@link #IN_MEMORY}.
   *
   * @throws ConfigurationException if the directory cannot be used or the server cannot start
   */
  static EmbeddedDynamo start(Path dir) {
    boolean memory = inMemory(dir);
    if (!memory && Files.isRegularFile(dir)) {
      throw new ConfigurationException("--local takes a directory, but " + dir
          + " is a file; write --local=DIR or put --local before another option.");
    }
    try {
      if (!memory) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create the DynamoDB Local directory " + dir + ".", e);
    }
    int port = freePort();
    PrintStream stdout = System.out;
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    try {
      // DynamoDB Local prints its configuration to stdout; keep it out of ddbload's output.
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      // DynamoDB Local finds its logging through the context class loader; its threads inherit it.
      ClassLoader loader = localLoader();
      thread.setContextClassLoader(loader);
      if (!memory) {
        LocalStore.prepare(dir, loader);
      }
      Class<?> runner = Class.forName(SERVER_RUNNER, true, loader);
      String[] store = memory ? new String[] {"-inMemory"}
          : new String[] {"-dbPath", dir.toAbsolutePath().toString()};
      String[] args = Stream.concat(Stream.of(store), Stream.of("-sharedDb", "-disableTelemetry", "-port",
          Integer.toString(port))).toArray(String[]::new);
      Object server = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
      server.getClass().getMethod("start").invoke(server);
      return new EmbeddedDynamo(server, loader, port,
          "embedded DynamoDB Local " + (memory ? "in memory" : "in " + dir));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new ConfigurationException("The embedded DynamoDB Local did not start in " + dir + ": "
          + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new ConfigurationException("The embedded DynamoDB Local did not start in " + dir + ": " + e, e);
    } finally {
      System.setOut(stdout);
      thread.setContextClassLoader(context);
    }
  }

  /** Where the tables are, for the summary: "embedded DynamoDB Local in DIR" or "... in memory". */
  String describe() {
    return description;
  }

  /** Its endpoint on loopback. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(loader);
      server.getClass().getMethod("stop").invoke(server);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  /**
   * The class loader for DynamoDB Local: ddbload's own if DynamoDB Local is on its class path, else
   * a child of it over the jars of the {@code local} directory.
   */
  private static ClassLoader localLoader() {
    ClassLoader own = EmbeddedDynamo.class.getClassLoader();
    if (own.getResource(SERVER_RUNNER.replace('.', '/') + ".class") != null) {
      return own;
    }
    Path dir = localLibraries();
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read DynamoDB Local's libraries in " + dir + ".", e);
    }
    return new URLClassLoader("ddbload-local", jars.toArray(URL[]::new), own);
  }

  /** The directory of DynamoDB Local's jars, beside the jar holding this class. */
  private static Path localLibraries() {
    CodeSource source = EmbeddedDynamo.class.getProtectionDomain().getCodeSource();
    if (source != null) {
      try {
        Path home = Path.of(source.getLocation().toURI()).getParent();
        for (Path dir : List.of(home.resolve("local"), home.resolve("lib/local"))) {
          if (Files.isDirectory(dir)) {
            return dir;
          }
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // not a file: fall through to the error
      }
    }
    throw new ConfigurationException("--local needs DynamoDB Local's libraries in lib/local/ beside ddbload's jars,"
        + " and they are missing; reinstall ddbload or rebuild it with: mvn -B -q package -DskipTests.");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new ConfigurationException("No free loopback port for DynamoDB Local.", e);
    }
  }
}
