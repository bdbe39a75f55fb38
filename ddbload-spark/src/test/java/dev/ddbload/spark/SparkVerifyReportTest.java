package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verification's report: the tasks' counts summed, its status, and the sentence a failure carries. */
class SparkVerifyReportTest {

  private static final TaskCounts ONE = new TaskCounts(1, 10, 1, 2, 1, 2, 5, 5, 0, 0, 0, 0, 2.5, 0);
  private static final TaskCounts OTHER = new TaskCounts(1, 6, 0, 0, 0, 0, 5, 3, 1, 1, 0, 1, 3, 4);

  @Test
  void theTasksCountsAreSummed() {
    TaskCounts sum = TaskCounts.NONE.plus(ONE).plus(OTHER);

    assertThat(sum).isEqualTo(new TaskCounts(2, 16, 1, 2, 1, 2, 10, 8, 1, 1, 0, 1, 5.5, 4));
  }

  @Test
  void ambiguousKeysDoNotMakeItDifferent() {
    SparkVerifyReport report = SparkVerifyReport.of("Books", ONE, Optional.of("d.jsonl"));

    assertThat(report.status()).isEqualTo("MATCHED");
    assertThat(report.matched()).isTrue();
    assertThat(report.sentence()).isEqualTo("Table Books holds what the DataFrame says: 5 keys checked, all matching"
        + " (0 missing, 0 different, 0 unexpected, 0 unverified; 1 keys ambiguous, 1 rows not checkable).");
  }

  @Test
  void anUnverifiedKeyIsADifference() {
    SparkVerifyReport report = SparkVerifyReport.of("Books", OTHER, Optional.of("d.jsonl"));

    assertThat(report.status()).isEqualTo("DIFFERENT");
    assertThat(report.differences()).isEqualTo(3);
    assertThat(report.sentence()).isEqualTo("Table Books differs from the DataFrame: 3 of 6 keys checked are not as"
        + " the rows say (1 missing, 1 different, 0 unexpected, 1 unverified; 0 keys ambiguous, 0 rows not"
        + " checkable); see d.jsonl.");
    assertThat(report.toJson()).contains("\"unverified\" : 1");
  }
}
