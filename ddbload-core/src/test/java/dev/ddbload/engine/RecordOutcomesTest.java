package dev.ddbload.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.RejectReason;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.StatsRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What becomes of each record once it leaves the reader: counted, finished (or not), rejected. */
class RecordOutcomesTest {

  @TempDir
  Path dir;

  private final StatsRecorder recorder = new StatsRecorder(Clock.systemUTC());
  private RejectSink rejects;

  /** Records which records were finished. */
  private static final class RecordingOutcomes extends RecordOutcomes {
    final List<Long> finished = new CopyOnWriteArrayList<>();

    RecordingOutcomes(StatsRecorder recorder, RejectSink rejects) {
      super(recorder, rejects, false);
    }

    @Override
    void ended(Origin origin) {
      finished.add(origin.index());
    }
  }

  private RecordingOutcomes outcomes() {
    rejects = new RejectSink(dir.resolve("rejects.jsonl"));
    return new RecordingOutcomes(recorder, rejects);
  }

  @AfterEach
  void close() throws IOException {
    rejects.close();
  }

  private static WriteItem put(long index, String pk) {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(pk));
    SourceRecord record = new SourceRecord(new Origin("in", index + 1, index, 0), item, () -> ItemJson.toJson(item));
    return WriteItem.put(record, item, item, 10);
  }

  @Test
  void writtenRecordsAreCountedAndFinishedOncePerCall() {
    RecordingOutcomes outcomes = outcomes();

    outcomes.written(List.of(put(0, "a"), put(1, "b")));

    assertThat(recorder.snapshot().written()).isEqualTo(2);
    assertThat(outcomes.finished).containsExactly(0L, 1L);
  }

  @Test
  void aRejectedRecordIsWrittenToTheRejectsCountedAndFinished() throws IOException {
    RecordingOutcomes outcomes = outcomes();

    outcomes.rejected(put(3, "a"), RejectReason.VALIDATION, "refused");

    assertThat(recorder.snapshot().rejected()).isEqualTo(1);
    assertThat(outcomes.finished).containsExactly(3L);
    rejects.close();
    assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).singleElement().asString().contains("VALIDATION");
  }

  @Test
  void anAbortedRecordIsRejectedButNotFinishedSoAResumeSendsItAgain() {
    RecordingOutcomes outcomes = outcomes();

    outcomes.rejected(put(4, "a"), RejectReason.ABORTED, "the load stopped");

    assertThat(recorder.snapshot().rejected()).isEqualTo(1);
    assertThat(outcomes.finished).isEmpty();
  }

  @Test
  void aSupersededRecordIsCountedAndFinished() {
    RecordingOutcomes outcomes = outcomes();

    outcomes.superseded(put(5, "a"));

    assertThat(recorder.snapshot().superseded()).isEqualTo(1);
    assertThat(outcomes.finished).containsExactly(5L);
  }

  private static WriteItem update(long index, String pk, String attribute) {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(pk));
    SourceRecord record = new SourceRecord(new Origin("in", index + 1, index, 0), key, () -> "{}");
    SingleWrite write = new SingleWrite(SingleWrite.Op.UPDATE, key, Map.of(attribute, AttributeValue.fromN("1")),
        Set.of(), false, null, null);
    return WriteItem.single(record, write, 10);
  }

  /** Two updates of one key parked together, made one write carried by the later. */
  private static WriteItem mergedUpdates() {
    WriteItem earlier = update(6, "a", "x");
    WriteItem later = update(7, "a", "y");
    SingleWrite.Succession merged = SingleWrite.follow(earlier.single(), later.single());
    assertThat(merged.kind()).isEqualTo(SingleWrite.Succession.Kind.MERGE);
    return later.carrying(merged.merged(), earlier);
  }

  @Test
  void aRecordMergedIntoALaterWriteIsFinishedOnlyWhenThatWriteIs() {
    RecordingOutcomes outcomes = outcomes();
    WriteItem carrier = mergedUpdates();
    assertThat(outcomes.finished).as("a checkpoint now must not count the earlier update done").isEmpty();

    outcomes.written(List.of(carrier));

    assertThat(outcomes.finished).containsExactlyInAnyOrder(6L, 7L);
    assertThat(recorder.snapshot().written()).isEqualTo(1);
    assertThat(recorder.snapshot().superseded()).isEqualTo(1);
  }

  @Test
  void aMergedWriteAbortedLeavesEveryRecordItCarriesForTheResume() {
    RecordingOutcomes outcomes = outcomes();

    outcomes.rejected(mergedUpdates(), RejectReason.ABORTED, "the load stopped");

    assertThat(outcomes.finished).isEmpty();
    assertThat(recorder.snapshot().superseded()).isZero();
  }
}
