package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.WriteMode;
import dev.ddbload.capacity.CapacityTargets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.Test;

/** The writer's options: defaults, names in any case, and one clear message per mistake. */
class SparkWriteOptionsTest {

  @Test
  void defaultsNeedOnlyTheTable() {
    SparkWriteOptions o = SparkWriteOptions.parse(Map.of("table", "books"));

    assertThat(o.table()).isEqualTo("books");
    assertThat(o.concurrency()).isEqualTo(SparkWriteOptions.DEFAULT_CONCURRENCY);
    assertThat(o.maxAttempts()).isEqualTo(15);
    assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(25));
    assertThat(o.backoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.maxWcu()).isZero();
    assertThat(o.capacity()).isEqualTo(CapacityTargets.NONE);
    assertThat(o.mode()).isEqualTo(WriteMode.PUT);
    assertThat(o.nulls()).isEqualTo(SparkWriteOptions.Nulls.OMIT);
    assertThat(o.timestamps()).isEqualTo(SparkWriteOptions.Timestamps.ISO);
    assertThat(o.rejects()).isEqualTo("ddbload-rejects-books");
    assertThat(o.report()).isEmpty();
    assertThat(o.client().endpoint()).isEmpty();
  }

  @Test
  void everyOptionInAnyCase() {
    SparkWriteOptions o = SparkWriteOptions.parse(Map.ofEntries(Map.entry("TABLE", "books"),
        Map.entry("endpoint", "http://localhost:8000"), Map.entry("region", "eu-west-1"), Map.entry("profile", "p"),
        Map.entry("Concurrency", "4"), Map.entry("maxattempts", "3"), Map.entry("backoffBase", "10ms"),
        Map.entry("backoffMax", "2s"), Map.entry("maxWcu", "1500.5"), Map.entry("maxWriteCapacity", "2000"),
        Map.entry("minWriteCapacity", "10"), Map.entry("rejects", "/shared/rejects"), Map.entry("mode", "Delete"),
        Map.entry("setColumns", "tags, scores"), Map.entry("nulls", "null"), Map.entry("timestamps", "epochMillis"),
        Map.entry("report", "/tmp/r.json")));

    assertThat(o.client().endpoint()).hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("http://localhost:8000"));
    assertThat(o.client().region()).contains("eu-west-1");
    assertThat(o.client().profile()).contains("p");
    assertThat(o.concurrency()).isEqualTo(dev.ddbload.write.Concurrency.pinned(4));
    assertThat(o.maxAttempts()).isEqualTo(3);
    assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(10));
    assertThat(o.backoffMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.maxWcu()).isEqualTo(1500.5);
    assertThat(o.capacity()).isEqualTo(new CapacityTargets(2000, 10, 0));
    assertThat(o.rejects()).isEqualTo("/shared/rejects");
    assertThat(o.mode()).isEqualTo(WriteMode.DELETE);
    assertThat(o.setColumns()).containsExactlyInAnyOrder("tags", "scores");
    assertThat(o.nulls()).isEqualTo(SparkWriteOptions.Nulls.NULL);
    assertThat(o.timestamps()).isEqualTo(SparkWriteOptions.Timestamps.EPOCH_MILLIS);
    assertThat(o.report()).contains("/tmp/r.json");
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs the table");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "x")))
        .hasMessageContaining("'x' is not a DynamoDB table name");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "concurrency", "0")))
        .hasMessage("Option concurrency must be 1 to 1024, not 0.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "maxWcu", "lots")))
        .hasMessage("Option maxWcu must be a number, not 'lots'.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "backoffBase", "soon")))
        .hasMessage("Option backoffBase must be a duration like 25ms, 2s or 1m, not 'soon'.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "backoffBase", "2s", "backoffMax", "1s")))
        .hasMessage("Option backoffMax must be at least backoffBase.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "timestamps", "unix")))
        .hasMessage("Option timestamps must be one of iso, epochSeconds, epochMillis, not 'unix'.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "endpoint", "localhost")))
        .hasMessageContaining("Option endpoint 'localhost' is not a URL");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "rejects", "s3://bucket/rejects")))
        .hasMessageContaining("an s3:// location comes with ddbload's S3 support");
  }

  @Test
  void unknownOptionsAreListed() {
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(Map.of("table", "books", "maxWcus", "5"));
    assertThat(SparkWriteOptions.unknown(options)).isEqualTo(Set.of("maxwcus"));
  }
}
