package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a job's write rate is split among the tasks that run at once. */
class TaskShareTest {

  @Test
  void tasksAtOnceAreThePartitionsAtMostTheTaskSlots() {
    assertThat(TaskShare.tasksAtOnce(8, 2, 1)).isEqualTo(2);
    assertThat(TaskShare.tasksAtOnce(3, 64, 1)).isEqualTo(3);
    assertThat(TaskShare.tasksAtOnce(100, 64, 4)).isEqualTo(16);
    assertThat(TaskShare.tasksAtOnce(100, 2, 4)).isEqualTo(1);
    assertThat(TaskShare.tasksAtOnce(1, 0, 1)).isEqualTo(1);
  }

  @Test
  void eachTaskGetsAnEqualShareAndNoLimitStaysNoLimit() {
    assertThat(TaskShare.perTask(1000, 4)).isEqualTo(250);
    assertThat(TaskShare.perTask(Double.POSITIVE_INFINITY, 4)).isInfinite();
  }
}
