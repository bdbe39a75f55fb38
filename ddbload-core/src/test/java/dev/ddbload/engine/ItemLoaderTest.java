package dev.ddbload.engine;

import dev.ddbload.batch.WriteRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.KeySchema;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.throttle.WritePacer;
import dev.ddbload.write.FakeDynamo;
import dev.ddbload.write.WriterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The push-style loader on a fake DynamoDB that answers at once: what it sends, what it rejects
 * (read back from the rejects file) and what it counts.
 */
class ItemLoaderTest {

  @TempDir
  Path dir;

  private final FakeDynamo dynamo = new FakeDynamo();
  private final StatsRecorder recorder = new StatsRecorder(Clock.systemUTC());
  private RejectSink rejects;
  private ItemLoader loader;

  private ItemLoader loader(boolean deletes) {
    rejects = new RejectSink(dir.resolve("rejects.jsonl"));
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), new SplittableRandom(1));
    WriterSettings settings = new WriterSettings(4, 3, backoff, WritePacer.unlimited());
    loader = new ItemLoader(dynamo, "t", KeySchema.parse("pk:S"), deletes ? WriteRule.DELETE : WriteRule.PUT, settings, rejects, recorder);
    return loader;
  }

  @AfterEach
  void close() throws IOException {
    if (loader != null) {
      loader.close();
    }
    if (rejects != null) {
      rejects.close();
    }
  }

  private static SourceRecord record(long index, Map<String, AttributeValue> item) {
    return new SourceRecord(new Origin("in", index + 1, index, 0), item, () -> ItemJson.toJson(item));
  }

  private static Map<String, AttributeValue> item(String pk, String v) {
    return Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS(v));
  }

  private List<WriteRequest> sent() {
    return dynamo.calls.stream().flatMap(c -> c.requestItems().get("t").stream()).toList();
  }

  private List<String> rejectLines() throws IOException {
    rejects.close();
    Path file = dir.resolve("rejects.jsonl");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void aLaterRecordWithTheSameKeyWinsAndTheEarlierIsSuperseded() throws Exception {
    ItemLoader loader = loader(false);

    loader.add(record(0, item("a", "first")));
    loader.add(record(1, item("a", "second")));
    loader.add(record(2, item("b", "only")));
    loader.finish();

    assertThat(sent()).extracting(r -> r.putRequest().item().get("pk").s() + "=" + r.putRequest().item().get("v").s())
        .containsExactlyInAnyOrder("a=second", "b=only");
    LoadStats stats = recorder.snapshot();
    assertThat(stats.recordsRead()).isEqualTo(3);
    assertThat(stats.written()).isEqualTo(2);
    assertThat(stats.superseded()).isEqualTo(1);
    assertThat(rejectLines()).isEmpty();
  }

  @Test
  void anItemWithoutItsKeyIsRejectedNamingTheRecordAndNothingIsSent() throws Exception {
    ItemLoader loader = loader(false);

    loader.add(record(0, Map.of("other", AttributeValue.fromS("x"))));
    loader.finish();

    assertThat(dynamo.calls).isEmpty();
    assertThat(recorder.snapshot().rejected()).isEqualTo(1);
    assertThat(rejectLines()).singleElement().asString().contains("MISSING_KEY").contains("\"in\"");
  }

  @Test
  void anItemOverFourHundredKilobytesIsRejectedNotSent() throws Exception {
    ItemLoader loader = loader(false);

    loader.add(record(0, item("big", "x".repeat(400 * 1024))));
    loader.add(record(1, item("small", "y")));
    loader.finish();

    assertThat(sent()).extracting(r -> r.putRequest().item().get("pk").s()).containsExactly("small");
    assertThat(rejectLines()).singleElement().asString().contains("ITEM_TOO_LARGE");
  }

  @Test
  void deletesSendTheKeyOnly() throws Exception {
    ItemLoader loader = loader(true);

    loader.add(record(0, item("a", "ignored")));
    loader.finish();

    assertThat(sent()).singleElement().satisfies(r -> {
      assertThat(r.putRequest()).isNull();
      assertThat(r.deleteRequest().key()).isEqualTo(Map.of("pk", AttributeValue.fromS("a")));
    });
    assertThat(recorder.snapshot().written()).isEqualTo(1);
  }

  @Test
  void aFatalErrorStopsWritingAndEveryRecordIsRejectedAsAborted() throws Exception {
    dynamo.answer = call -> CompletableFuture.failedFuture(DynamoDbException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
            .errorMessage("Requested resource not found").build()).build());
    ItemLoader loader = loader(false);

    for (int i = 0; i < 60; i++) {
      loader.add(record(i, item("k" + i, "v")));
    }
    loader.finish();

    assertThat(loader.fatalError()).isPresent();
    assertThat(recorder.snapshot().written()).isZero();
    assertThat(recorder.snapshot().rejected()).isEqualTo(60);
    assertThat(rejectLines()).hasSize(60).allSatisfy(line -> assertThat(line).contains("ABORTED"));
  }
}
