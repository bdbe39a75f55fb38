package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.s3.LocalS3;
import dev.ddbload.write.DynamoClients;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DynamoDB Local behind a FaultProxy, S3Proxy, and the handlers invoked in-process with event
 * JSON read by AWS's own Lambda event deserializer, as the Java runtime reads it. Every SDK call
 * the function makes is recorded, to hold it to the deployment policy's actions.
 */
abstract class LambdaFixture {

  static final String BUCKET = "landing";
  private static final AtomicInteger TABLES = new AtomicInteger();

  static LocalDynamo dynamo;
  static DynamoDbClient client;
  static LocalS3 s3;
  static S3Client s3Client;
  static FaultProxy proxy;
  static final RecordingCalls CALLS = new RecordingCalls();

  @TempDir
  Path work;

  private final List<Clients> opened = new ArrayList<>();
  /** The payloads the handlers asked to be invoked with (continuations). */
  final List<String> continuations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServers() {
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_ACCESS_KEY);
    dynamo = LocalDynamo.start();
    client = dynamo.client();
    s3 = LocalS3.start();
    s3.createBucket(BUCKET);
    s3Client = s3.client();
    proxy = FaultProxy.start(dynamo.endpoint(), FaultRules.none());
  }

  @AfterAll
  static void stopServers() {
    assertThat(CALLS.calls).as("every call the function made is granted by the deployment policy")
        .isSubsetOf(Permissions.ACTIONS_OF_CALL.keySet());
    proxy.close();
    s3Client.close();
    s3.close();
    client.close();
    dynamo.close();
  }

  @AfterEach
  void closeClients() {
    opened.forEach(Clients::close);
    proxy.useRules(FaultRules.none());
  }

  static String newName(String prefix) {
    return prefix + "_" + TABLES.incrementAndGet();
  }

  /**
   * The variables of a function loading JSON Lines into {@code table}, reaching the test servers.
   * The tables exist, as the deployment template makes them (an on-demand target table unless
   * the test made it).
   */
  Map<String, String> environment(String table, String jobsTable) {
    if (client.listTables().tableNames().stream().noneMatch(table::equals)) {
      client.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
          .keySchema(k -> k.attributeName("pk").keyType("HASH"))
          .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));
    }
    ledger(jobsTable).ensureTable(true, "test");
    Map<String, String> env = new HashMap<>();
    env.put("TABLE", table);
    env.put("JOBS_TABLE", jobsTable);
    env.put("FORMAT", "jsonl");
    env.put("THREAD_COUNT", "4");
    env.put("CHECKPOINT_INTERVAL", "500ms");
    env.put("REJECTS_PREFIX", "rejects/");
    env.put("AWS_REGION", "us-east-1");
    env.put("DYNAMODB_ENDPOINT", proxy.endpoint().toString());
    env.put("S3_ENDPOINT", s3.endpoint().toString());
    env.put("S3_PATH_STYLE", "true");
    env.put("WORK_DIR", work.resolve("tmp").toString());
    return env;
  }

  /** The engine with recording clients, as a handler instance holds it. */
  DatasetJobs jobs(Map<String, String> env) {
    HandlerConfig config = HandlerConfig.from(env);
    Clients clients = new Clients(
        DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(LocalDynamo.REGION)
            .credentialsProvider(LocalDynamo.CREDENTIALS)
            .overrideConfiguration(o -> o.addExecutionInterceptor(CALLS)).build(),
        DynamoClients.dataPlane(config.load().client(), config.load().concurrency().max()),
        S3Client.builder().endpointOverride(s3.endpoint()).region(LocalS3.REGION).credentialsProvider(LocalS3.CREDENTIALS)
            .forcePathStyle(true).overrideConfiguration(o -> o.addExecutionInterceptor(CALLS)).build(),
        S3AsyncClient.builder().endpointOverride(s3.endpoint()).region(LocalS3.REGION)
            .credentialsProvider(LocalS3.CREDENTIALS).forcePathStyle(true)
            .overrideConfiguration(o -> o.addExecutionInterceptor(CALLS).retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    opened.add(clients);
    return new DatasetJobs(config, clients, Clock.systemUTC());
  }

  /** A handler for direct S3 triggers whose continuations are recorded, not invoked. */
  S3EventHandler s3Handler(Map<String, String> env) {
    return new S3EventHandler(jobs(env), (arn, payload) -> {
      CALLS.calls.add("Lambda.Invoke");
      continuations.add(payload);
    });
  }

  /** S3's notification of a created object, as JSON, read by AWS's deserializer. */
  static S3Event s3Event(String key) {
    return readS3Event(notificationJson(key));
  }

  static S3Event readS3Event(String json) {
    return LambdaEventSerializers.serializerFor(S3Event.class, LambdaFixture.class.getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** An SQS delivery of S3's notification, read by AWS's deserializer. */
  static SQSEvent sqsEvent(String messageId, String key) {
    String body = notificationJson(key).replace("\\", "\\\\").replace("\"", "\\\"");
    String json = "{\"Records\":[{\"messageId\":\"" + messageId + "\",\"receiptHandle\":\"r-" + messageId + "\","
        + "\"body\":\"" + body + "\",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"messageAttributes\":{},"
        + "\"md5OfBody\":\"x\",\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:"
        + "ddbload\",\"awsRegion\":\"us-east-1\"}]}";
    return LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaFixture.class.getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** The JSON S3 sends, as in the S3 developer guide's example (key URL-encoded). */
  static String notificationJson(String key) {
    String etag = s3Client.headObject(b -> b.bucket(BUCKET).key(key)).eTag().replace("\"", "");
    return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
        + "\"eventTime\":\"2026-12-01T10:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\","
        + "\"userIdentity\":{\"principalId\":\"AWS:AIDAEXAMPLE\"},\"requestParameters\":{\"sourceIPAddress\":"
        + "\"127.0.0.1\"},\"responseElements\":{\"x-amz-request-id\":\"C3D13FE58DE4C810\",\"x-amz-id-2\":\"abc\"},"
        + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"ddbload\",\"bucket\":{\"name\":\"" + BUCKET
        + "\",\"ownerIdentity\":{\"principalId\":\"A3NL1KOZZKExample\"},\"arn\":\"arn:aws:s3:::" + BUCKET + "\"},"
        + "\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\",\"size\":0,\"eTag\":\""
        + etag + "\",\"sequencer\":\"0055AED6DCD90281E5\"}}}]}";
  }

  /** JSON Lines records {"pk":"<prefix>i","v":i} in {@code parts} objects under {@code dir}, and a _SUCCESS. */
  static Map<String, String> putSparkDataset(String dir, String prefix, int parts, int perPart) {
    Map<String, String> expected = new TreeMap<>();
    for (int part = 0; part < parts; part++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < perPart; i++) {
        String pk = prefix + part + "-" + i;
        text.append("{\"pk\":\"").append(pk).append("\",\"v\":").append(i).append("}\n");
        expected.put(pk, "N:" + i);
      }
      s3.put(BUCKET, dir + String.format("part-%05d-c000.json", part), text.toString().getBytes(StandardCharsets.UTF_8));
    }
    s3.put(BUCKET, dir + "_SUCCESS", new byte[0]);
    return expected;
  }

  /** The keys under a prefix of the test bucket. */
  static List<String> keys(String prefix) {
    return s3Client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  /** pk → v of every item, by scanning the table. */
  static Map<String, String> scan(String table) {
    Map<String, String> items = new TreeMap<>();
    client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
        .forEach(i -> items.put(i.get("pk").s(), "N:" + i.get("v").n()));
    return items;
  }

  static JobLedger ledger(String jobsTable) {
    return new JobLedger(client, jobsTable, Clock.systemUTC());
  }

  /** A provisioned table of {@code wcu} write units with key pk:S. */
  static void createProvisioned(String table, long wcu) {
    client.createTable(b -> b.tableName(table)
        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(wcu)));
  }

  static long writeCapacity(String table) {
    return client.describeTable(b -> b.tableName(table)).table().provisionedThroughput().writeCapacityUnits();
  }
}
