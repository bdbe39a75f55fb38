package dev.ddbload.verify;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Judges each key read against the last record of its key and records the outcome: counted
 * (matching, missing, different, unexpected, unverified) and, when not as expected, written to
 * the differences file with the record's origin. Thread-safe (completion threads).
 */
final class KeyChecks implements TableReader.Outcomes {

  private final VerifyRecorder recorder;
  private final DifferenceLog differences;
  private final List<String> inputNames;

  /**
   * @param inputNames each input's name by its position, for origins
   */
  KeyChecks(VerifyRecorder recorder, DifferenceLog differences, List<String> inputNames) {
    this.recorder = recorder;
    this.differences = differences;
    this.inputNames = List.copyOf(inputNames);
  }

  @Override
  public boolean matches(TableReader.Pending p, Map<String, AttributeValue> actual) {
    ExpectedRecord e = p.expected.decode(inputNames);
    if (e.expectsAbsence() || actual == null) {
      return e.expectsAbsence() == (actual == null);
    }
    return ItemComparison.differences(e.item(), actual).isEmpty();
  }

  @Override
  public void record(TableReader.Pending p, Map<String, AttributeValue> actual) {
    ExpectedRecord e = p.expected.decode(inputNames);
    boolean several = p.expected.severalInputs();
    if (e.expectsAbsence()) {
      if (actual == null) {
        recorder.matching.increment();
      } else {
        recorder.unexpected.increment();
        differences.unexpected(e.origin(), e.key(), actual, several);
      }
      return;
    }
    if (actual == null) {
      recorder.missing.increment();
      differences.missing(e.origin(), e.key(), e.item(), several);
      return;
    }
    List<String> names = ItemComparison.differences(e.item(), actual);
    if (names.isEmpty()) {
      recorder.matching.increment();
    } else {
      recorder.different.increment();
      differences.different(e.origin(), e.key(), names, e.item(), actual, several);
    }
  }

  @Override
  public void unverified(TableReader.Pending p, String error) {
    ExpectedRecord e = p.expected.decode(inputNames);
    recorder.unverified.increment();
    differences.unverified(e.origin(), e.key(), error, p.expected.severalInputs());
  }

  /** An item in the table that no input record accounts for. */
  void extra(Map<String, AttributeValue> key) {
    recorder.extra.increment();
    differences.extra(key);
  }
}
