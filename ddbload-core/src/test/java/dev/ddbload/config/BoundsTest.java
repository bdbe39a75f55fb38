package dev.ddbload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundsTest {

  @Test
  void betweenIncludesBothEnds() {
    Bounds b = Bounds.between(1, 100);
    assertThat(b.check("s", 1)).isEqualTo(1);
    assertThat(b.check("s", 100)).isEqualTo(100);
    assertThatThrownBy(() -> b.check("LoadOptions.maxAttempts", 0)).isInstanceOf(InvalidSettingException.class)
        .hasMessage("LoadOptions.maxAttempts must be 1 to 100, not 0");
    assertThatThrownBy(() -> b.check("s", 101L)).hasMessage("s must be 1 to 100, not 101");
  }

  @Test
  void aboveRefusesItsLowerBound() {
    Bounds b = Bounds.above(0, 1);
    assertThat(b.check("f", 1.0)).isEqualTo(1.0);
    assertThatThrownBy(() -> b.check("f", 0.0)).hasMessage("f must be more than 0 and at most 1, not 0");
    assertThatThrownBy(() -> b.check("f", 1.5)).hasMessage("f must be more than 0 and at most 1, not 1.5");
  }

  @Test
  void atLeastHasNoUpperBoundButRefusesInfinityAndNaN() {
    Bounds b = Bounds.atLeast(0);
    assertThat(b.check("p", 1e300)).isEqualTo(1e300);
    assertThatThrownBy(() -> b.check("p", -1.0)).hasMessage("p must be 0 or more, not -1");
    assertThatThrownBy(() -> b.check("p", Double.POSITIVE_INFINITY)).isInstanceOf(InvalidSettingException.class);
    assertThatThrownBy(() -> b.check("p", Double.NaN)).isInstanceOf(InvalidSettingException.class);
  }

  @Test
  void theFrontEndCanNameTheSettingItsOwnWay() {
    InvalidSettingException e = new InvalidSettingException("LoadOptions.maxWcu", "must be 0 to 1000000000, not -1");
    assertThat(e.messageFor("--max-wcu")).isEqualTo("--max-wcu must be 0 to 1000000000, not -1");
    assertThat(e.setting()).isEqualTo("LoadOptions.maxWcu");
  }
}
