package dev.ddbload.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadStopTest {

  @Test
  void cancelRunsEveryListenerAndStaysSet() {
    LoadStop stop = new LoadStop();
    AtomicInteger runs = new AtomicInteger();
    stop.whenCancelled(runs::incrementAndGet);

    stop.cancel();

    assertThat(runs).hasValue(1);
    assertThat(stop.isCancelled()).isTrue();
    assertThat(stop.isPaused()).isFalse();
  }

  @Test
  void aListenerAddedAfterTheStopRunsAtOnce() {
    LoadStop stop = new LoadStop();
    stop.cancel();
    AtomicInteger runs = new AtomicInteger();

    stop.whenCancelled(runs::incrementAndGet);

    assertThat(runs).hasValue(1);
  }

  @Test
  void aForgottenListenerIsNotRun() {
    LoadStop stop = new LoadStop();
    AtomicInteger runs = new AtomicInteger();
    Runnable listener = runs::incrementAndGet;
    stop.whenCancelled(listener);
    stop.forget(listener);

    stop.cancel();

    assertThat(runs).hasValue(0);
  }

  @Test
  void pauseIsACancelThatKeepsCapacityRaised() {
    LoadStop stop = new LoadStop();

    stop.pause();

    assertThat(stop.isCancelled()).isTrue();
    assertThat(stop.isPaused()).isTrue();
  }
}
