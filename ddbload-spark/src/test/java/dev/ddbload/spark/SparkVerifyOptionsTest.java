package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.verify.VerifyOptions;
import dev.ddbload.write.Concurrency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verification's options: the writer's map serves, its own have defaults and one message per mistake. */
class SparkVerifyOptionsTest {

  @Test
  void defaultsNeedOnlyTheTable() {
    SparkVerifyOptions o = SparkVerifyOptions.parse(Map.of("table", "books"));

    assertThat(o.write().table()).isEqualTo("books");
    assertThat(o.maxRcu()).isZero();
    assertThat(o.consistentRead()).isFalse();
    assertThat(o.differences()).isEmpty();
    assertThat(o.failOnDifference()).isTrue();
    assertThat(o.memoryBytes()).isEqualTo(VerifyOptions.DEFAULT_MEMORY_BYTES);
    VerifyOptions v = o.verifyOptions(Path.of("/tmp"));
    assertThat(v.concurrency()).isEqualTo(VerifyOptions.DEFAULT_CONCURRENCY);
    assertThat(v.maxAttempts()).isEqualTo(15);
  }

  @Test
  void ownOptionsInAnyCaseAndTheWritersRetries() {
    SparkVerifyOptions o = SparkVerifyOptions.parse(Map.of("table", "books", "MAXRCU", "250", "consistentRead",
        "TRUE", "differences", "out/d.jsonl", "failOnDifference", "false", "memory", "16", "concurrency", "4",
        "maxAttempts", "3", "backoffMax", "2s"));

    assertThat(o.maxRcu()).isEqualTo(250);
    assertThat(o.consistentRead()).isTrue();
    assertThat(o.differences()).isEqualTo(Optional.of("out/d.jsonl"));
    assertThat(o.failOnDifference()).isFalse();
    assertThat(o.memoryBytes()).isEqualTo(16L << 20);
    VerifyOptions v = o.verifyOptions(Path.of("/tmp"));
    assertThat(v.concurrency()).isEqualTo(Concurrency.pinned(4));
    assertThat(v.consistentRead()).isTrue();
    assertThat(v.maxAttempts()).isEqualTo(3);
    assertThat(v.backoffMax()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theWritersOptionsAreKnownAndOthersAreNamed() {
    assertThat(SparkVerifyOptions.unknown(Map.of("table", "b", "maxWcu", "5", "rejects", "r", "maxRcu", "1",
        "colour", "red"))).containsExactly("colour");
  }

  @Test
  void mistakesAreOneSentenceNamingTheOption() {
    assertThatThrownBy(() -> SparkVerifyOptions.parse(Map.of("table", "books", "failOnDifference", "yes")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Option failOnDifference must be true or false, not 'yes'.");
    assertThatThrownBy(() -> SparkVerifyOptions.parse(Map.of("table", "books", "maxRcu", "-1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Option maxRcu must be 0 to 1000000000, not -1.");
    assertThatThrownBy(() -> SparkVerifyOptions.parse(Map.of("maxRcu", "1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs the table");
  }
}
