package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.config.InvalidSettingException;
import dev.ddbload.decode.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsGroupsTest {

  @Test
  void aDefaultLoadHoldsEachGroupsDefaults() {
    LoadOptions o = LoadOptions.builder().table("Books").build();

    assertThat(o.input()).isEqualTo(InputSettings.DEFAULTS);
    assertThat(o.writing()).isEqualTo(WriteSettings.DEFAULTS);
    assertThat(o.capacitySettings()).isEqualTo(CapacitySettings.DEFAULTS);
    assertThat(o.state()).isEqualTo(StateSettings.DEFAULTS);
  }

  @Test
  void theBuildersSettingsLandInTheirGroupAndTheAccessorsReadThem() {
    LoadOptions o = LoadOptions.builder().table("Books").format(Format.CSV).columns(List.of("a", "b"))
        .maxAttempts(3).backoffBase(Duration.ofMillis(5)).capacityFraction(0.5).maxWcu(100)
        .stateDirectory(Path.of("/tmp/s")).restart(true).build();

    assertThat(o.input().format()).isEqualTo(Format.CSV);
    assertThat(o.input().columns()).containsExactly("a", "b");
    assertThat(o.writing().maxAttempts()).isEqualTo(3).isEqualTo(o.maxAttempts());
    assertThat(o.writing().backoffBase()).isEqualTo(Duration.ofMillis(5));
    assertThat(o.capacitySettings().capacityFraction()).isEqualTo(0.5);
    assertThat(o.capacitySettings().maxWcu()).isEqualTo(100);
    assertThat(o.state().directory()).isEqualTo(Path.of("/tmp/s"));
    assertThat(o.state().restart()).isTrue();
  }

  @Test
  void toBuilderKeepsEveryGroup() {
    LoadOptions o = LoadOptions.builder().table("Books").delimiter("|").shuffleWindow(0)
        .capacity(new CapacityTargets(10, 5, 0)).checkpointing(false).build();
    LoadOptions copy = o.toBuilder().build();

    assertThat(copy.input()).isEqualTo(o.input());
    assertThat(copy.writing()).isEqualTo(o.writing());
    assertThat(copy.capacitySettings()).isEqualTo(o.capacitySettings());
    assertThat(copy.state()).isEqualTo(o.state());
  }

  @Test
  void aGroupMadeDirectlyChecksItsValuesAsTheBuilderDoes() {
    assertThatThrownBy(() -> new WriteSettings(WriteMode.PUT, WriteSettings.DEFAULTS.concurrency(), 0,
        Duration.ofMillis(25), Duration.ofSeconds(10), 0, null, null, 0, OnConflict.SKIP, false, null, null)).isInstanceOf(InvalidSettingException.class)
        .hasMessage("LoadOptions.maxAttempts must be 1 to 100, not 0");
    assertThatThrownBy(() -> new CapacitySettings(CapacityTargets.NONE, 1.5, 0, 0))
        .hasMessage("LoadOptions.capacityFraction must be more than 0 and at most 1, not 1.5");
    assertThatThrownBy(() -> new StateSettings(Path.of("."), null, null, true, Duration.ofMillis(1), false))
        .hasMessage("LoadOptions.checkpointInterval must be 100ms to 1h, not 1ms");
    assertThatThrownBy(() -> LoadOptions.builder().table("Books").backoffBase(Duration.ofSeconds(20)).build())
        .hasMessage("LoadOptions.backoffMax (10s) must be at least LoadOptions.backoffBase (20s)");
  }
}
