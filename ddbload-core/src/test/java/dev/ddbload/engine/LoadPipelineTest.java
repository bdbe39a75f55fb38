package dev.ddbload.engine;

import dev.ddbload.batch.WriteRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.checkpoint.Checkpointer;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.item.KeySchema;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.Source;
import dev.ddbload.throttle.Backoff;
import dev.ddbload.throttle.WritePacer;
import dev.ddbload.write.FakeDynamo;
import dev.ddbload.write.RecordingTimer;
import dev.ddbload.write.WriterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One load's pipeline on local files and a fake DynamoDB that answers at once: every record is
 * read, written or rejected once, the {@code maxErrors} limit stops the load, a stop request
 * stops it, and an input that cannot be opened costs one DAMAGED reject.
 */
class LoadPipelineTest {

  private static final KeySchema KEYS = KeySchema.parse("pk:S");

  @TempDir
  Path dir;

  private final FakeDynamo dynamo = new FakeDynamo();
  private final RecordingTimer timer = new RecordingTimer();
  private final StatsRecorder recorder = new StatsRecorder(Clock.systemUTC());
  private final LoadStop stop = new LoadStop();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private LoadPipeline pipeline(List<Source> sources, int parallelFiles, long maxErrors) {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), new SplittableRandom(1));
    WriterSettings writer = new WriterSettings(4, 3, backoff, WritePacer.unlimited());
    LoadPipeline.Settings settings = new LoadPipeline.Settings("t", KEYS, WriteRule.PUT, writer, parallelFiles, 100,
        maxErrors, new SplittableRandom(7));
    RejectSink rejects = new RejectSink(dir.resolve("rejects.jsonl"));
    return new LoadPipeline(settings, dynamo, timer, stop, recorder, rejects, Checkpointer.none(sources), null);
  }

  private Source jsonl(String name, int from, int count) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      lines.append("{\"pk\":\"k").append(i).append("\",\"n\":").append(i).append("}\n");
    }
    Path file = dir.resolve(name);
    Files.writeString(file, lines);
    return new LocalFileSource(file);
  }

  private void run(LoadPipeline pipeline, List<Source> sources) throws InterruptedException {
    DecodeOptions decode = DecodeOptions.builder().keys(KEYS).build();
    pipeline.run(sources, Collections.nCopies(sources.size(), Format.JSONL), decode);
  }

  private List<String> sentKeys() {
    List<String> keys = new ArrayList<>();
    for (var call : dynamo.calls) {
      for (WriteRequest r : call.requestItems().get("t")) {
        keys.add(r.putRequest().item().get("pk").s());
      }
    }
    return keys;
  }

  private List<String> rejectLines() throws IOException {
    Path file = dir.resolve("rejects.jsonl");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void everyRecordOfEverySourceIsWrittenOnceWithSeveralReaders() throws Exception {
    List<Source> sources = List.of(jsonl("a.jsonl", 0, 120), jsonl("b.jsonl", 120, 80), jsonl("c.jsonl", 200, 50));
    LoadPipeline pipeline = pipeline(sources, 2, 0);

    run(pipeline, sources);

    assertThat(sentKeys()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 250).mapToObj(i -> "k" + i).toList());
    LoadStats stats = recorder.snapshot();
    assertThat(stats.recordsRead()).isEqualTo(250);
    assertThat(stats.written()).isEqualTo(250);
    assertThat(pipeline.fatalError()).isEmpty();
    assertThat(rejectLines()).isEmpty();
  }

  @Test
  void theMaxErrorsLimitStopsTheLoad() throws Exception {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"other\":1}\n".repeat(10));
    List<Source> sources = List.of(new LocalFileSource(bad));
    LoadPipeline pipeline = pipeline(sources, 1, 3);

    run(pipeline, sources);

    assertThat(pipeline.fatalError()).hasValueSatisfying(e -> assertThat(e).contains("3 records were rejected"));
    assertThat(recorder.snapshot().rejected()).isBetween(3L, 10L);
  }

  @Test
  void aLoadAskedToStopBeforeItRunsSendsNothing() throws Exception {
    List<Source> sources = List.of(jsonl("a.jsonl", 0, 50));
    LoadPipeline pipeline = pipeline(sources, 1, 0);
    stop.cancel();

    run(pipeline, sources);

    assertThat(dynamo.calls).isEmpty();
    assertThat(recorder.snapshot().written()).isZero();
    assertThat(pipeline.fatalError()).isEmpty();
  }

  @Test
  void aSourceThatCannotBeOpenedCostsOneDamagedRejectAndTheOthersAreRead() throws Exception {
    Source broken = new Source() {
      @Override
      public String name() {
        return "broken.jsonl";
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(100);
      }

      @Override
      public InputStream open() throws IOException {
        throw new IOException("no such file");
      }
    };
    List<Source> sources = List.of(broken, jsonl("good.jsonl", 0, 30));
    LoadPipeline pipeline = pipeline(sources, 1, 0);

    run(pipeline, sources);

    assertThat(sentKeys()).hasSize(30);
    assertThat(rejectLines()).singleElement().asString().contains("DAMAGED").contains("broken.jsonl");
    assertThat(recorder.damage()).extracting(d -> d.source()).containsExactly("broken.jsonl");
  }
}
