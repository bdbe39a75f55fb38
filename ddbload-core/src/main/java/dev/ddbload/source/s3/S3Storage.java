package dev.ddbload.source.s3;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import dev.ddbload.source.DatasetResolver;
import dev.ddbload.source.Source;
import dev.ddbload.source.Storage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in S3 as a {@link Storage}, so {@link DatasetResolver} resolves {@code s3://bucket/key},
 * {@code s3://bucket/prefix/} (a "directory": the objects and common prefixes under it, listed
 * with delimiter {@code /}) and manifests stored in S3 exactly as it resolves local paths. Each
 * object becomes an {@link S3ObjectSource} pinned to the ETag it was listed with.
 *
 * <p>The clients are made on first use (a load of local files never builds them) and closed by
 * {@link #close()} unless the caller gave them. Thread-safe. S3 errors while listing are one
 * {@link ConfigurationException} sentence naming the location; credentials are never printed.
 */
public final class S3Storage implements Storage, AutoCloseable {

  private final S3Settings settings;
  private final boolean ownsClients;
  private S3AsyncClient dataPlane;
  private SdkEventLoopGroup eventLoops;
  private S3Client controlPlane;
  private RangeReads reads;

  /** A store whose clients are built from these settings when first needed. */
  public S3Storage(S3Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ownsClients = true;
  }

  /**
   * A store using the caller's clients, which it does not close. Turn off the data-plane
   * client's own retries ({@code AwsRetryStrategy.doNotRetry()}), or its attempts multiply the
   * reader's.
   */
  public S3Storage(S3Settings settings, S3AsyncClient dataPlane, S3Client controlPlane) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    this.ownsClients = false;
  }

  @Override
  public boolean handles(String location) {
    return S3Location.isS3(location);
  }

  @Override
  public Optional<Entry> stat(String location) {
    S3Location at = parse(location);
    try {
      if (at.key().isEmpty()) {
        control().headBucket(b -> b.bucket(at.bucket()));
        return Optional.of(directory(at));
      }
      if (at.isPrefix()) {
        return hasObjectsUnder(at) ? Optional.of(directory(at)) : Optional.empty();
      }
      try {
        HeadObjectResponse head = control().headObject(b -> b.bucket(at.bucket()).key(at.key()));
        return Optional.of(new Entry(at.toString(), at.name(), false, head.contentLength(), head.eTag()));
      } catch (NoSuchKeyException e) {
        S3Location prefix = at.asPrefix();
        return hasObjectsUnder(prefix) ? Optional.of(directory(prefix)) : Optional.empty();
      }
    } catch (SdkException e) {
      throw refused("look up", at, e);
    }
  }

  @Override
  public List<Entry> list(String directory) {
    S3Location dir = parse(directory).asPrefix();
    List<Entry> entries = new ArrayList<>();
    try {
      for (ListObjectsV2Response page : control().listObjectsV2Paginator(b -> b.bucket(dir.bucket())
          .prefix(dir.key()).delimiter("/"))) {
        for (S3Object o : page.contents()) {
          if (!o.key().endsWith("/")) { // a console-made "folder" placeholder holds no data
            S3Location object = new S3Location(dir.bucket(), o.key());
            entries.add(new Entry(object.toString(), object.name(), false, o.size(), o.eTag()));
          }
        }
        for (CommonPrefix p : page.commonPrefixes()) {
          entries.add(directory(new S3Location(dir.bucket(), p.prefix())));
        }
      }
    } catch (SdkException e) {
      throw refused("list", dir, e);
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  /** Opens a whole object with one GET, for manifests. */
  @Override
  public InputStream open(String file) {
    S3Location at = parse(file);
    try {
      return control().getObject(b -> b.bucket(at.bucket()).key(at.key()));
    } catch (SdkException e) {
      throw refused("read", at, e);
    }
  }

  @Override
  public String resolve(String directory, String relative) {
    if (hasScheme(relative)) {
      return relative;
    }
    return parse(directory).resolve(relative).toString();
  }

  @Override
  public String parent(String location) {
    return parse(location).parent().toString();
  }

  /** The object as a source pinned to the entry's ETag (looked up when the entry has none). */
  @Override
  public Source source(Entry file, Format declaredFormat) {
    S3Location at = parse(file.location());
    String etag = file.version();
    long size = file.size();
    if (etag == null) {
      Entry looked = stat(file.location()).filter(e -> !e.directory()).orElseThrow(() ->
          new ConfigurationException("Input " + at + " does not exist."));
      etag = looked.version();
      size = looked.size();
    }
    return new S3ObjectSource(reads(), at, size, etag, declaredFormat);
  }

  /** Closes the clients this store built. */
  @Override
  public synchronized void close() {
    if (ownsClients) {
      if (dataPlane != null) {
        dataPlane.close();
        // Nothing is in flight once the loads are over: no quiet period to wait out.
        eventLoops.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS);
      }
      if (controlPlane != null) {
        controlPlane.close();
      }
    }
    dataPlane = null;
    eventLoops = null;
    controlPlane = null;
    reads = null;
  }

  private boolean hasObjectsUnder(S3Location prefix) {
    return control().listObjectsV2(b -> b.bucket(prefix.bucket()).prefix(prefix.key()).maxKeys(1)).keyCount() > 0;
  }

  private static Entry directory(S3Location prefix) {
    return new Entry(prefix.toString(), prefix.name(), true, -1);
  }

  private synchronized S3Client control() {
    if (controlPlane == null) {
      controlPlane = S3Clients.controlPlane(settings);
    }
    return controlPlane;
  }

  private synchronized RangeReads reads() {
    if (reads == null) {
      if (dataPlane == null) {
        eventLoops = S3Clients.eventLoops();
        dataPlane = S3Clients.dataPlane(settings, eventLoops);
      }
      reads = RangeReads.of(dataPlane, settings);
    }
    return reads;
  }

  private static S3Location parse(String location) {
    try {
      return S3Location.parse(location);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Input " + location + " is not an S3 URI like s3://bucket/key.", e);
    }
  }

  /** A scheme is letters before "://", as in {@code s3://} or {@code file:///}; or {@code file:}. */
  private static boolean hasScheme(String location) {
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    return (colon > 1 && (slash < 0 || colon < slash) && location.startsWith("://", colon))
        || location.regionMatches(true, 0, "file:", 0, 5);
  }

  /** One sentence for an S3 error while resolving inputs; never the credentials. */
  private ConfigurationException refused(String action, S3Location at, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorCode());
      if (code.equals("NoSuchBucket") || (s.statusCode() == 404 && at.key().isEmpty())) {
        return new ConfigurationException("Bucket " + at.bucket() + " (of " + at + ") does not exist.", e);
      }
      return new ConfigurationException("S3 refused to " + action + " " + at + ": " + RangeFailures.describe(e)
          + ".", e);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
      return new ConfigurationException("No AWS credentials were found to read " + at + ": set AWS_ACCESS_KEY_ID"
          + " and AWS_SECRET_ACCESS_KEY, give ClientSettings.profile, or run with a role.", e);
    }
    return new ConfigurationException("S3 (" + settings.client().describeTarget() + ") could not " + action + " "
        + at + ": " + RangeFailures.describe(e) + ".", e);
  }
}
