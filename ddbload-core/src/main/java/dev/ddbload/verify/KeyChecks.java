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
  public boolean judge(PendingKey p, Map<String, AttributeValue> actual, boolean mayReadAgain) {
    ExpectedRecord e = p.expected.decode(inputNames);
    boolean several = p.expected.severalInputs();
    if (e.expectsAbsence()) {
      if (actual == null) {
        recorder.matching.increment();
      } else if (mayReadAgain) {
        return false;
      } else {
        recorder.unexpected.increment();
        differences.unexpected(e.origin(), e.key(), actual, several);
      }
      return true;
    }
    if (actual == null) {
      if (mayReadAgain) {
        return false;
      }
      recorder.missing.increment();
      differences.missing(e.origin(), e.key(), e.item(), several);
      return true;
    }
    List<String> names = ItemComparison.differences(e.item(), actual);
    if (names.isEmpty()) {
      recorder.matching.increment();
    } else if (mayReadAgain) {
      return false;
    } else {
      recorder.different.increment();
      differences.different(e.origin(), e.key(), names, e.item(), actual, several);
    }
    return true;
  }

  @Override
  public void unverified(PendingKey p, String error) {
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
