package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.OnConflict;
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
    assertThat(o.onConflict()).isEqualTo(OnConflict.SKIP);
    assertThat(o.removeNulls()).isFalse();
    assertThat(o.ifNewer()).isEmpty();
    assertThat(o.opField()).isEmpty();
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
  void writeModesAsTheLibraryHasThem() {
    SparkWriteOptions update = SparkWriteOptions.parse(Map.of("table", "books", "MODE", "Update", "removeNulls",
        "TRUE", "ifnewer", "version", "onConflict", "reject"));
    assertThat(update.mode()).isEqualTo(WriteMode.UPDATE);
    assertThat(update.removeNulls()).isTrue();
    assertThat(update.nulls()).as("null values reach the update as NULL, which it removes")
        .isEqualTo(SparkWriteOptions.Nulls.NULL);
    assertThat(update.ifNewer()).contains("version");
    assertThat(update.onConflict()).isEqualTo(OnConflict.REJECT);

    assertThat(SparkWriteOptions.parse(Map.of("table", "books", "mode", "insert")).mode()).isEqualTo(WriteMode.INSERT);
    SparkWriteOptions ops = SparkWriteOptions.parse(Map.of("table", "books", "opField", "op", "ifNewer", "v"));
    assertThat(ops.opField()).contains("op");
    assertThat(ops.mode()).isEqualTo(WriteMode.PUT);
  }

  @Test
  void writeModeMistakesAreNamedInOptionWords() {
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "mode", "upsert")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Option mode must be one of put, delete, insert, update, not 'upsert'.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "onConflict", "ignore")))
        .hasMessage("Option onConflict must be one of skip, reject, not 'ignore'.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "removeNulls", "yes")))
        .hasMessage("Option removeNulls must be true or false, not 'yes'.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "mode", "insert", "ifNewer", "v")))
        .hasMessage("Option mode insert takes neither ifNewer nor opField: an insert never overwrites.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "mode", "insert", "opField", "op")))
        .hasMessage("Option mode insert takes neither ifNewer nor opField: an insert never overwrites.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "ifNewer", "v", "opField", "v")))
        .hasMessage("Option ifNewer and opField must name different attributes.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "ifNewer", " ")))
        .hasMessage("Option ifNewer must name a column.");
    assertThatThrownBy(() -> SparkWriteOptions.parse(Map.of("table", "books", "mode", "update", "removeNulls", "true",
        "nulls", "omit"))).hasMessageStartingWith("Option removeNulls removes the attributes whose value is null");
  }

  @Test
  void verificationRefusesWritesWhoseResultDependsOnTheTable() {
    assertThatThrownBy(() -> SparkVerifyOptions.parse(Map.of("table", "books", "mode", "update")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ddbload verify compares the table with the rows' whole items, so it checks writes in put or"
            + " delete mode only, not with option mode update.");
    assertThatThrownBy(() -> SparkVerifyOptions.parse(Map.of("table", "books", "ifNewer", "v")))
        .hasMessageEndingWith("not with option mode put, ifNewer.");
    assertThatThrownBy(() -> SparkVerifyOptions.parse(Map.of("table", "books", "mode", "insert")))
        .hasMessageEndingWith("not with option mode insert.");
    assertThat(SparkVerifyOptions.parse(Map.of("table", "books", "mode", "delete")).write().mode())
        .isEqualTo(WriteMode.DELETE);
  }

  @Test
  void unknownOptionsAreListed() {
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(Map.of("table", "books", "maxWcus", "5"));
    assertThat(SparkWriteOptions.unknown(options)).isEqualTo(Set.of("maxwcus"));
  }
}
