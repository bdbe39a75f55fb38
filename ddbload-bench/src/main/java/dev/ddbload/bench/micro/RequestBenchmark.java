package dev.ddbload.bench.micro;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.write.BatchWriteJson;
import dev.ddbload.write.DirectBatchWriteClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * A BatchWriteItem call of 25 puts without the network, per record: the request body alone
 * ({@link BatchWriteJson}: from the JSON each item carries, as the writer sends it, and from the
 * SDK's model objects, as it did before), the direct client (body, SigV4 signature, response,
 * sender thread hand-off) and the SDK's own client (marshalling, interceptors, signing,
 * response), both over a transport that answers at once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestBenchmark {

  static final int BATCH = 25;
  private static final String TABLE = "bench";
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:8000");
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));

  @Param({"200", "1k"})
  public String shape;

  private List<WriteItem> items;
  private BatchWriteItemRequest request;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
  private DynamoDbClient sdk;
  private DirectBatchWriteClient direct;

  @Setup
  public void setUp() {
    items = new ArrayList<>(BATCH);
    for (SourceRecord r : Fixtures.records(shape, "jsonl", BATCH)) {
      items.add(Fixtures.writeItem(r));
    }
    request = BatchWriteJson.request(TABLE, items);
    sdk = DynamoDbClient.builder()
        .httpClient(new NullHttpClient())
        .endpointOverride(ENDPOINT)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    direct = new DirectBatchWriteClient(ENDPOINT, Region.US_EAST_1, CREDENTIALS, new NullHttpClient());
  }

  @TearDown
  public void tearDown() {
    sdk.close();
    direct.close();
  }

  /** The JSON body as the writer sends it: the envelope around each item's JSON. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int body() throws IOException {
    body.reset();
    BatchWriteJson.writeRequest(TABLE, items, body);
    return body.size();
  }

  /** The same body written with Jackson from the SDK's model objects (the writer before). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int modelBody() throws IOException {
    body.reset();
    BatchWriteJson.writeRequest(request, body);
    return body.size();
  }

  /** The whole call through the direct client, up to the transport. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object directClient() {
    return direct.batchWriteItems(TABLE, items).join();
  }

  /** The whole call through the SDK's synchronous client, up to the transport. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object sdkClient() {
    return sdk.batchWriteItem(request);
  }
}
