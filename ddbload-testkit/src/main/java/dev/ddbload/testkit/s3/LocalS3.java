package dev.ddbload.testkit.s3;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy in this JVM on a free loopback port, for tests and benchmarks: a real S3 API with
 * signature checks (AWS V2 or V4, path-style), storing objects in memory ({@link #start()}) or
 * under a directory ({@link #onDisk}, for objects larger than the heap). Its Jetty server idle
 * timeout can be shortened, to prove that a reader never holds a connection while it pauses.
 * Always {@link #close()} it.
 *
 * <pre>{@code
 * try (LocalS3 s3 = LocalS3.start(); S3Client client = s3.client()) {
 *   s3.createBucket("data");
 *   s3.put("data", "part-0.jsonl", bytes);
 * }
 * }</pre>
 */
public final class LocalS3 implements AutoCloseable {

  /** Region clients sign for; S3Proxy accepts any. */
  public static final Region REGION = Region.US_EAST_1;
  /** The access key id S3Proxy accepts: the same dummy one {@code LocalDynamo} is called with. */
  public static final String ACCESS_KEY_ID = "ddbloadtest";
  /** The secret access key S3Proxy accepts. */
  public static final String SECRET_ACCESS_KEY = "ddbloadtest";
  /** The only credentials S3Proxy accepts. */
  public static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));

  private final S3Proxy proxy;
  private final S3Client client;

  private LocalS3(S3Proxy proxy) {
    this.proxy = proxy;
    this.client = client();
  }

  /** Starts S3Proxy on a transient in-memory store with Jetty's default idle timeout (30 s). */
  public static LocalS3 start() {
    return start(new TransientNio2BlobStore(), null);
  }

  /** Starts S3Proxy on an in-memory store; a connection idle this long is closed by the server. */
  public static LocalS3 start(Duration idleTimeout) {
    return start(new TransientNio2BlobStore(), Objects.requireNonNull(idleTimeout, "idleTimeout"));
  }

  /** Starts S3Proxy storing objects as files under {@code directory}, which must exist. */
  public static LocalS3 onDisk(Path directory) {
    return start(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()), null);
  }

  private static LocalS3 start(BlobStore store, Duration idleTimeout) {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
        .build();
    try {
      if (idleTimeout != null) {
        setIdleTimeout(proxy, idleTimeout);
      }
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!proxy.getState().equals("STARTED")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.onSpinWait();
      }
      return new LocalS3(proxy);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
  }

  /** S3Proxy has no setting for it: the idle timeout of its Jetty connectors, by reflection. */
  private static void setIdleTimeout(S3Proxy proxy, Duration idleTimeout) throws ReflectiveOperationException {
    Field serverField = S3Proxy.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Object server = serverField.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    for (Object connector : connectors) {
      Method set = connector.getClass().getMethod("setIdleTimeout", long.class);
      set.invoke(connector, idleTimeout.toMillis());
    }
  }

  /** Its endpoint URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return proxy.getPort();
  }

  /** A new synchronous, path-style client for it; the caller closes it. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .forcePathStyle(true)
        .build();
  }

  /** Creates a bucket. */
  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** Stores an object (replacing any with that key); returns its ETag. */
  public String put(String bucket, String key, byte[] content) {
    return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag();
  }

  /** Stores a file as an object; returns its ETag. */
  public String put(String bucket, String key, Path file) {
    return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag();
  }

  /** Stops the server. */
  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }
}
