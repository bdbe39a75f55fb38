package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceResolver;
import dev.ddbload.source.s3.LocalS3Fixture;
import dev.ddbload.source.s3.S3Storage;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.s3.LocalS3;
import dev.ddbload.testkit.s3.S3FaultProxy.Fault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Loads from S3Proxy into DynamoDB Local while S3 misbehaves under the reader: a reader paused
 * longer than the server's idle timeout, ranges that fail, an object replaced mid-load. Asserts
 * on the table, the report and the rejects file.
 */
class S3LoadIT extends LocalDynamoLoads {

  private static final String BUCKET = "loads";
  private static final int CHUNK = 4 * 1024;
  private static final Duration IDLE_TIMEOUT = Duration.ofMillis(400);
  private static final ObjectMapper JSON = new ObjectMapper();

  static LocalS3Fixture fixture;
  static LocalS3 s3;

  @TempDir
  Path dir;

  @BeforeAll
  static void startS3() throws IOException {
    fixture = LocalS3Fixture.start(IDLE_TIMEOUT, BUCKET);
    s3 = fixture.s3;
  }

  @AfterAll
  static void stopS3() throws IOException {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Items {@code {"id":"k<i>","v":"<version>","pad":...}}. */
  private static List<Map<String, AttributeValue>> items(int count, String version) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(Map.of("id", AttributeValue.fromS("k" + i), "v", AttributeValue.fromS(version),
          "pad", AttributeValue.fromS("p".repeat(i % 61))));
    }
    return items;
  }

  private static byte[] jsonLines(List<Map<String, AttributeValue>> items) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, AttributeValue> item : items) {
      sb.append("{\"id\":\"").append(item.get("id").s()).append("\",\"v\":\"").append(item.get("v").s())
          .append("\",\"pad\":\"").append(item.get("pad").s()).append("\"}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The object as the CLI resolves it, read with this prefetch through the fault proxy or directly. */
  private static Source resolve(String key, int prefetch, boolean proxied) {
    S3Storage storage = proxied ? fixture.proxied(CHUNK, prefetch) : fixture.direct(CHUNK, prefetch);
    List<Source> sources = new SourceResolver(() -> new ByteArrayInputStream(new byte[0]), List.of(storage))
        .resolve(List.of("s3://" + BUCKET + "/" + key));
    assertThat(sources).hasSize(1);
    return sources.get(0);
  }

  private LoadReport load(String table, Source source) throws InterruptedException {
    try (BulkLoader loader = BulkLoader.create(LoadOptions.builder()
        .table(table)
        .client(settings())
        .rejectsFile(dir.resolve("rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .concurrency(4)
        .build(), dataPlane, client)) {
      return loader.load(List.of(source));
    }
  }

  @Test
  void aReaderPausedLongerThanTheServersIdleTimeoutLoadsEverything() throws Exception {
    List<Map<String, AttributeValue>> items = items(1500, "1");
    byte[] content = jsonLines(items);
    s3.put(BUCKET, "paused.jsonl", content);
    assertThat(content.length).isGreaterThan(3 * CHUNK);
    HookedSource paused = new HookedSource(resolve("paused.jsonl", 2, false), CHUNK + 100,
        () -> Thread.sleep(IDLE_TIMEOUT.multipliedBy(3).toMillis())); // the pause is what is tested

    LoadReport report = load("s3_paused", paused);

    assertThat(paused.ran()).isTrue();
    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(Items.scan(client, "s3_paused", "id")).isEqualTo(Items.expected(items, "id"));
  }

  @Test
  void rangesThatFailAreRetriedAndTheLoadCompletes() throws Exception {
    List<Map<String, AttributeValue>> items = items(1200, "1");
    s3.put(BUCKET, "flaky.jsonl", jsonLines(items));
    Source source = resolve("flaky.jsonl", 2, true);
    fixture.proxy.reset();
    fixture.proxy.plan(Fault.PASS, Fault.HTTP_500, Fault.CUT_BODY, Fault.SLOW_DOWN, Fault.DROP, Fault.HTTP_500);

    LoadReport report = load("s3_flaky", source);

    assertThat(fixture.proxy.faultsInjected()).isEqualTo(5);
    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(Items.scan(client, "s3_flaky", "id")).isEqualTo(Items.expected(items, "id"));
  }

  @Test
  void anObjectReplacedMidLoadStopsWithAClearRejectAndNothingOfTheNewVersion() throws Exception {
    List<Map<String, AttributeValue>> old = items(1000, "old");
    byte[] oldBytes = jsonLines(old);
    s3.put(BUCKET, "replaced.jsonl", oldBytes);
    byte[] newBytes = jsonLines(items(2000, "new"));
    // No prefetch: no GET is under way when the object is replaced, so which chunks are old is exact.
    HookedSource replaced = new HookedSource(resolve("replaced.jsonl", 0, false), 1,
        () -> s3.put(BUCKET, "replaced.jsonl", newBytes));

    LoadReport report = load("s3_replaced", replaced);

    assertThat(replaced.ran()).isTrue();
    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.DAMAGED_INPUT);
    assertThat(report.stats().damagedSources()).isEqualTo(1);
    assertThat(report.stats().bytesRead() + report.stats().bytesUnread()).isEqualTo(oldBytes.length);
    Map<String, Object> table = Items.scan(client, "s3_replaced", "id");
    // Exactly the records wholly inside the first chunk, all of the old version.
    int whole = new String(oldBytes, 0, CHUNK, StandardCharsets.UTF_8).split("\n", -1).length - 1;
    assertThat(table).isEqualTo(Items.expected(old.subList(0, whole), "id"));
    List<String> rejects = Files.readAllLines(dir.resolve("rejects.jsonl"));
    assertThat(rejects).hasSize(1);
    JsonNode reject = JSON.readTree(rejects.get(0));
    assertThat(reject.path("reason").asText()).isEqualTo("DAMAGED");
    assertThat(reject.path("message").asText()).contains("s3://" + BUCKET + "/replaced.jsonl changed while it was"
        + " being read");
  }
}
