package dev.ddbload.source.s3;

import dev.ddbload.testkit.s3.LocalS3;
import dev.ddbload.testkit.s3.S3FaultProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * For a test class: a {@link LocalS3} with a short idle timeout and one bucket, an
 * {@link S3FaultProxy} in front of it, and clients to each shared by every store the tests make
 * (on event loops that close at once: Netty's own wait two quiet seconds).
 */
public final class LocalS3Fixture implements AutoCloseable {

  /** The S3 server. */
  public final LocalS3 s3;
  /** The fault layer in front of it. */
  public final S3FaultProxy proxy;
  private final SdkEventLoopGroup eventLoops = S3Clients.eventLoops();
  private final S3AsyncClient directData;
  private final S3Client directControl;
  private final S3AsyncClient proxiedData;
  private final S3Client proxiedControl;

  private LocalS3Fixture(LocalS3 s3, S3FaultProxy proxy) {
    this.s3 = s3;
    this.proxy = proxy;
    S3Settings direct = LocalS3Settings.of(s3.endpoint(), S3Settings.DEFAULT_CHUNK_BYTES, 0);
    S3Settings proxied = LocalS3Settings.of(proxy.endpoint(), S3Settings.DEFAULT_CHUNK_BYTES, 0);
    this.directData = S3Clients.dataPlane(direct, eventLoops);
    this.directControl = S3Clients.controlPlane(direct);
    this.proxiedData = S3Clients.dataPlane(proxied, eventLoops);
    this.proxiedControl = S3Clients.controlPlane(proxied);
  }

  /** Starts S3 (closing connections idle for {@code idleTimeout}) with {@code bucket}, and the proxy. */
  public static LocalS3Fixture start(Duration idleTimeout, String bucket) throws IOException {
    LocalS3 s3 = LocalS3.start(idleTimeout);
    s3.createBucket(bucket);
    return new LocalS3Fixture(s3, S3FaultProxy.start(s3.endpoint()));
  }

  /** A store reading S3 directly, these chunks and prefetch. */
  public S3Storage direct(int chunkBytes, int prefetchChunks) {
    return direct(LocalS3Settings.of(s3.endpoint(), chunkBytes, prefetchChunks));
  }

  /** A store reading S3 directly with these settings (their endpoint is not used). */
  public S3Storage direct(S3Settings settings) {
    return new S3Storage(settings, directData, directControl);
  }

  /** A store reading through the fault proxy, these chunks and prefetch. */
  public S3Storage proxied(int chunkBytes, int prefetchChunks) {
    return proxied(LocalS3Settings.of(proxy.endpoint(), chunkBytes, prefetchChunks));
  }

  /** A store reading through the fault proxy with these settings (their endpoint is not used). */
  public S3Storage proxied(S3Settings settings) {
    return new S3Storage(settings, proxiedData, proxiedControl);
  }

  @Override
  public void close() throws IOException {
    directData.close();
    directControl.close();
    proxiedData.close();
    proxiedControl.close();
    eventLoops.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS);
    proxy.close();
    s3.close();
  }
}
