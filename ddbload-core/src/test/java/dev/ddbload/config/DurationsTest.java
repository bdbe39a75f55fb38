package dev.ddbload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsEveryUnitTheCliSparkAndLambdaAccept() {
    assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parse("25ms")).isEqualTo(Duration.ofMillis(25));
    assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("3m")).isEqualTo(Duration.ofMinutes(3));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse(" 10 S ")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aBareNumberIsMilliseconds() {
    assertThat(Durations.parse("500")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void readsIso8601InAnyCase() {
    assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void refusesAnythingElseNamingTheText() {
    assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'soon' is not a duration like 25ms, 2s or 1m");
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("'-5s'");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("is not a duration");
  }

  @Test
  void formatsInTheLargestWholeUnitSoThatParseReadsItBack() {
    assertThat(Durations.format(Duration.ofMillis(25))).isEqualTo("25ms");
    assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
    for (Duration d : new Duration[] {Duration.ofNanos(250_000), Duration.ofMillis(1500), Duration.ofMinutes(90)}) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }

  @Test
  void checksNameTheSetting() {
    assertThatThrownBy(() -> Durations.checkPositive("LoadOptions.backoffBase", Duration.ZERO))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("LoadOptions.backoffBase must be positive, not 0ms")
        .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("LoadOptions.backoffBase");
    assertThatThrownBy(() -> Durations.checkBetween("x", Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofHours(1))).hasMessage("x must be 100ms to 1h, not 50ms");
    assertThat(Durations.checkBetween("x", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofHours(1)))
        .isEqualTo(Duration.ofSeconds(5));
  }
}
