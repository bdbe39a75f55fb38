package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ClientSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses bad values at once, with one sentence naming the setting. */
class LoadOptionsTest {

  @Test
  void defaults() {
    LoadOptions o = LoadOptions.builder().table("Books").build();
    assertThat(o.concurrency()).isEqualTo(LoadOptions.DEFAULT_CONCURRENCY);
    assertThat(o.maxAttempts()).isEqualTo(15);
    assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(25));
    assertThat(o.backoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.mode()).isEqualTo(WriteMode.PUT);
    assertThat(o.format()).isEmpty();
    assertThat(o.rejectsFile()).isEmpty();
    assertThat(o.maxErrors()).isZero();
  }

  @Test
  void aTableIsRequiredAndMustBeAValidName() {
    assertThatThrownBy(() -> LoadOptions.builder().build()).hasMessage("LoadOptions.table is required");
    assertThatThrownBy(() -> LoadOptions.builder().table("ab")).hasMessageContaining("3 to 255 characters");
    assertThatThrownBy(() -> LoadOptions.builder().table("has space")).hasMessageContaining("'has space'");
    assertThat(LoadOptions.builder().table("a.b-c_D9").build().table()).isEqualTo("a.b-c_D9");
  }

  @Test
  void numbersOutOfRangeAreRefused() {
    LoadOptionsBuilder b = LoadOptions.builder();
    assertThatThrownBy(() -> b.concurrency(0)).hasMessageContaining("concurrency must be 1 to 1024, not 0");
    assertThatThrownBy(() -> b.concurrency(1025)).hasMessageContaining("not 1025");
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("LoadOptions.maxAttempts must be 1 to 100, not 0");
    assertThatThrownBy(() -> b.maxErrors(-1)).hasMessageContaining("LoadOptions.maxErrors must be 0 or more, not -1");
    assertThatThrownBy(() -> b.maxRecordBytes(10)).hasMessageContaining("LoadOptions.maxRecordBytes must be 1024 to 1073741824, not 10");
    assertThatThrownBy(() -> b.setDelimiter("")).hasMessageContaining("must not be empty");
  }

  @Test
  void backoffMustBePositiveAndMaxAtLeastBase() {
    LoadOptionsBuilder b = LoadOptions.builder().table("Books");
    assertThatThrownBy(() -> b.backoffBase(Duration.ZERO)).hasMessageContaining("LoadOptions.backoffBase must be positive, not 0ms");
    assertThatThrownBy(() -> b.backoffMax(Duration.ofMillis(-1))).hasMessageContaining("LoadOptions.backoffMax must be positive");
    assertThatThrownBy(() -> b.backoffBase(Duration.ofSeconds(2)).backoffMax(Duration.ofSeconds(1)).build())
        .hasMessageContaining("must be at least LoadOptions.backoffBase");
  }

  @Test
  void toBuilderKeepsEverySetting() {
    LoadOptions o = LoadOptions.builder().table("Books").concurrency(7).maxAttempts(3).maxErrors(9)
        .mode(WriteMode.DELETE).backoffBase(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(50)).build();
    LoadOptions copy = o.toBuilder().build();
    assertThat(copy.concurrency()).isEqualTo(dev.ddbload.write.Concurrency.pinned(7));
    assertThat(copy.maxAttempts()).isEqualTo(3);
    assertThat(copy.maxErrors()).isEqualTo(9);
    assertThat(copy.mode()).isEqualTo(WriteMode.DELETE);
    assertThat(copy.backoffBase()).isEqualTo(Duration.ofMillis(5));
    assertThat(copy.backoffMax()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void endpointsMustBeUrls() {
    assertThatThrownBy(() -> ClientSettings.builder().endpoint(java.net.URI.create("localhost")))
        .hasMessageContaining("is not a URL");
  }
}
