package dev.ddbload.write;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * A {@link DynamoDbAsyncClient} that implements only BatchWriteItem (and, for the writer's single
 * writes, PutItem, UpdateItem and DeleteItem through {@link ItemCalls#writeItem} and
 * BatchExecuteStatement through {@link ItemCalls#executeStatements}), for the writer's data
 * plane: it writes the JSON body itself ({@link BatchWriteJson}), signs it with the SDK's SigV4
 * signer ({@link AwsV4HttpSigner}) using the SDK's credential provider, and sends it with the
 * SDK's synchronous HTTP client on sender threads, one per call in flight. That costs
 * about half the CPU per item of the SDK's own client (see docs/BENCHMARKS.md), whose
 * marshalling, interceptor pipeline and Netty transport dominate a bulk load.
 *
 * <p>What the SDK would do and this keeps: the credential provider chain and its caching, the
 * region and endpoint resolution (done by the caller: {@link DynamoClients}), errors as
 * {@link DynamoDbException} with the service's error code, message and HTTP status (what
 * {@link ErrorClassifier} reads), I/O failures as {@link SdkClientException} around the cause,
 * and the response's {@code x-amz-crc32} check. What it leaves out: the SDK's retries (the writer
 * retries per item) and its metrics and interceptors. Every other operation throws
 * {@link UnsupportedOperationException}. Thread-safe.
 */
public final class DirectBatchWriteClient implements DynamoDbAsyncClient, ItemCalls {

  private static final String TARGET = "DynamoDB_20120810.BatchWriteItem";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String USER_AGENT = "ddbload aws-sdk-java/" + VersionInfo.SDK_VERSION;
  /** Send buffers larger than this are not kept for the next call (a call may be up to 16 MB). */
  private static final int KEPT_BUFFER_BYTES = 1 << 20;

  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private final ExecutorService senders;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);
  private volatile boolean askCapacity = true;

  /**
   * @param endpoint where to send, e.g. {@code https://dynamodb.us-east-1.amazonaws.com}
   * @param region the signing region
   * @param credentials the credentials to sign with
   * @param http the transport (its connection pool sized for the most calls in flight); closed
   *     with this client
   */
  public DirectBatchWriteClient(URI endpoint, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
    this.endpoint = endpoint;
    this.region = region.id();
    this.credentials = credentials;
    this.http = http;
    this.senders = senderThreads();
  }

  /**
   * Daemon threads named {@code ddbload-send-N}, one per call in flight: started when a call finds
   * none idle (so as many as the in-flight limit has reached, not its most), ended after a minute
   * idle. The writer bounds the calls in flight, so the pool needs no bound of its own.
   */
  public static ExecutorService senderThreads() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "ddbload-send-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static final long IDLE_SECONDS = 60;

  /**
   * Whether the writer's calls ask for {@code ReturnConsumedCapacity TOTAL} (they do unless told
   * not to). The loader turns it off against DynamoDB Local, which has no capacity to report (it
   * answers with the item-size estimate the writer makes itself) and spends about a third more CPU
   * on a call that asks for it (docs/BENCHMARKS.md, "Short loads"); the answers then name no
   * capacity and the writer counts its estimate.
   */
  public void askConsumedCapacity(boolean ask) {
    this.askCapacity = ask;
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
    return send(out -> BatchWriteJson.writeRequest(request, out));
  }

  /**
   * The writer's call: the items' write requests to the table with {@code ReturnConsumedCapacity}
   * {@code TOTAL}, the body assembled from the JSON each item carries (see {@link WriteItem}).
   */
  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItems(String table, List<WriteItem> items) {
    boolean ask = askCapacity;
    return send(out -> BatchWriteJson.writeRequest(table, items, ask, out));
  }

  /**
   * The writer's single write: PutItem, UpdateItem or DeleteItem with {@code ReturnConsumedCapacity}
   * {@code TOTAL}, answered as a BatchWriteItem response with nothing unprocessed and the call's
   * consumed capacity ({@link SingleWriteJson}).
   */
  @Override
  public CompletableFuture<BatchWriteItemResponse> writeItem(String table, SingleWrite write) {
    boolean ask = askCapacity;
    return send(SingleWriteJson.target(write), out -> SingleWriteJson.writeRequest(table, write, ask, out),
        SingleWriteJson::readResponse);
  }

  /**
   * The writer's statements: one BatchExecuteStatement call of the items' PartiQL statements with
   * {@code ReturnConsumedCapacity TOTAL} ({@link StatementsJson}).
   */
  @Override
  public CompletableFuture<StatementAnswers> executeStatements(String table, List<WriteItem> items) {
    boolean ask = askCapacity;
    return send(StatementsJson.TARGET, out -> StatementsJson.writeRequest(table, items, ask, out),
        StatementsJson::readResponse);
  }

  private CompletableFuture<BatchWriteItemResponse> send(Body body) {
    return send(TARGET, body, BatchWriteJson::readResponse);
  }

  private <T> CompletableFuture<T> send(String target, Body body, Answer<T> answer) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      senders.execute(() -> {
        try {
          result.complete(call(target, body, answer));
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(SdkClientException.create("the client is closed", closed));
    }
    return result;
  }

  /** Reads a successful response's body. */
  @FunctionalInterface
  private interface Answer<T> {
    T read(byte[] body, int length) throws IOException;
  }

  /** Writes a request body. */
  @FunctionalInterface
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** One BatchWriteItem call on the calling thread. */
  BatchWriteItemResponse call(BatchWriteItemRequest request) {
    return call(TARGET, out -> BatchWriteJson.writeRequest(request, out), BatchWriteJson::readResponse);
  }

  private <T> T call(String target, Body request, Answer<T> answer) {
    Buffer buffer = buffers.get();
    try {
      buffer.reset();
      request.writeTo(buffer);
      byte[] body = buffer.bytes();
      int length = buffer.size();
      ContentStreamProvider payload = () -> new ByteArrayInputStream(body, 0, length);
      SdkHttpRequest unsigned = SdkHttpFullRequest.builder()
          .method(SdkHttpMethod.POST)
          .uri(endpoint)
          .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
          .putHeader("Content-Type", CONTENT_TYPE)
          .putHeader("X-Amz-Target", target)
          .putHeader("User-Agent", USER_AGENT)
          .putHeader("Content-Length", Integer.toString(length))
          .build();
      AwsCredentialsIdentity identity = credentials.resolveCredentials();
      SignedRequest signed = signer.sign(r -> r
          .identity(identity)
          .request(unsigned)
          .payload(payload)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
          .request(signed.request())
          .contentStreamProvider(payload)
          .build()).call();
      return read(response, buffer, answer);
    } catch (IOException e) {
      throw SdkClientException.create(target.substring(target.indexOf('.') + 1) + " failed: " + e, e);
    } finally {
      if (buffer.capacity() > KEPT_BUFFER_BYTES) {
        buffers.remove();
      }
    }
  }

  private static <T> T read(HttpExecuteResponse response, Buffer buffer, Answer<T> answer)
      throws IOException {
    SdkHttpResponse http = response.httpResponse();
    buffer.reset();
    if (response.responseBody().isPresent()) {
      try (InputStream in = response.responseBody().get()) {
        in.transferTo(buffer);
      }
    }
    byte[] body = buffer.bytes();
    int length = buffer.size();
    var crc = http.firstMatchingHeader("x-amz-crc32");
    if (crc.isPresent()) {
      CRC32 check = new CRC32();
      check.update(body, 0, length);
      if (check.getValue() != Long.parseLong(crc.get().trim())) {
        throw new IOException("the response's CRC32 " + check.getValue() + " is not the x-amz-crc32 " + crc.get());
      }
    }
    if (http.isSuccessful()) {
      return answer.read(body, length);
    }
    String[] error = BatchWriteJson.readError(body, length);
    String message = error[1] != null ? error[1]
        : length == 0 ? "HTTP " + http.statusCode() : new String(body, 0, Math.min(length, 500), StandardCharsets.UTF_8);
    throw (DynamoDbException) DynamoDbException.builder()
        .statusCode(http.statusCode())
        .message(message + " (Service: DynamoDb, Status Code: " + http.statusCode() + ")")
        .awsErrorDetails(AwsErrorDetails.builder()
            .errorCode(error[0])
            .errorMessage(message)
            .serviceName("DynamoDb")
            .sdkHttpResponse(http)
            .build())
        .build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  /** Stops the sender threads and closes the transport. */
  @Override
  public void close() {
    senders.shutdownNow();
    http.close();
  }

  /** A byte buffer whose array can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(16 * 1024);
    }

    byte[] bytes() {
      return buf;
    }

    int capacity() {
      return buf.length;
    }
  }
}
