package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.OnConflict;
import dev.ddbload.WriteMode;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("TABLE", "Books");
    env.put("JOBS_TABLE", "ddbload-jobs");
    env.put("AWS_REGION", "eu-west-1");
    return env;
  }

  @Test
  void theDefaultsLoadSparkAndExportSentinelsWithTheCliDefaults() {
    HandlerConfig c = HandlerConfig.from(minimal());

    assertThat(c.load().table()).isEqualTo("Books");
    assertThat(c.load().concurrency()).isEqualTo(dev.ddbload.write.Concurrency.ADAPTIVE);
    assertThat(c.load().format()).isEmpty();
    assertThat(c.jobsTable()).isEqualTo("ddbload-jobs");
    assertThat(c.sentinels().patterns()).containsExactly("_SUCCESS", "_committed_*", "manifest-summary.json");
    assertThat(c.rejectsPrefix()).isEqualTo("ddbload-rejects/");
    assertThat(c.completePrefix()).isEmpty();
    assertThat(c.staleAfter()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theVariablesSetTheLoadsOptions() {
    Map<String, String> env = minimal();
    env.put("FORMAT", "csv");
    env.put("THREAD_COUNT", "64");
    env.put("MAX_WRITE_CAPACITY", "1000");
    env.put("MIN_WRITE_CAPACITY", "10");
    env.put("MAX_WCU", "800");
    env.put("SCHEMA", "year:N");
    env.put("SENTINELS", "*");
    env.put("COMPLETE_PREFIX", "done/");
    env.put("STALE_AFTER", "90s");

    HandlerConfig c = HandlerConfig.from(env);

    assertThat(c.load().format()).contains(Format.CSV);
    assertThat(c.load().concurrency()).isEqualTo(dev.ddbload.write.Concurrency.pinned(64));
    assertThat(c.load().capacity().maxWrite()).isEqualTo(1000);
    assertThat(c.load().capacity().minWrite()).isEqualTo(10);
    assertThat(c.load().maxWcu()).isEqualTo(800);
    assertThat(c.sentinels().patterns()).containsExactly("*");
    assertThat(c.completePrefix()).contains("done/");
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void theWriteModeVariablesSetTheLoadsModeAsTheCliFlagsDo() {
    HandlerConfig defaults = HandlerConfig.from(minimal());
    assertThat(defaults.load().mode()).isEqualTo(WriteMode.PUT);
    assertThat(defaults.load().onConflict()).isEqualTo(OnConflict.SKIP);
    assertThat(defaults.load().removeNulls()).isFalse();
    assertThat(defaults.load().ifNewer()).isEmpty();
    assertThat(defaults.load().opField()).isEmpty();

    Map<String, String> env = minimal();
    env.put("MODE", "update");
    env.put("ON_CONFLICT", "Reject");
    env.put("REMOVE_NULLS", "true");
    env.put("IF_NEWER", "updatedAt");
    env.put("OP_FIELD", "op");
    HandlerConfig c = HandlerConfig.from(env);

    assertThat(c.load().mode()).isEqualTo(WriteMode.UPDATE);
    assertThat(c.load().onConflict()).isEqualTo(OnConflict.REJECT);
    assertThat(c.load().removeNulls()).isTrue();
    assertThat(c.load().ifNewer()).contains("updatedAt");
    assertThat(c.load().opField()).contains("op");
  }

  @Test
  void aBadWriteModeVariableIsOneSentenceNamingIt() {
    Map<String, String> env = minimal();
    env.put("MODE", "upsert");
    assertThatThrownBy(() -> HandlerConfig.from(env)).isInstanceOf(ConfigurationException.class)
        .hasMessage("The environment variable MODE must be put, delete, insert or update, not 'upsert'.");
    env.put("MODE", "insert");
    env.put("ON_CONFLICT", "ignore");
    assertThatThrownBy(() -> HandlerConfig.from(env))
        .hasMessage("The environment variable ON_CONFLICT must be skip or reject, not 'ignore'.");
    env.remove("ON_CONFLICT");
    env.put("REMOVE_NULLS", "yes");
    assertThatThrownBy(() -> HandlerConfig.from(env))
        .hasMessage("The environment variable REMOVE_NULLS must be true or false.");
    env.remove("REMOVE_NULLS");
    env.put("IF_NEWER", "version");
    assertThatThrownBy(() -> HandlerConfig.from(env)).hasMessage("Invalid configuration: the environment variable"
        + " MODE INSERT takes neither IF_NEWER nor OP_FIELD: an insert never overwrites.");
    env.put("MODE", "put");
    env.put("OP_FIELD", "version");
    assertThatThrownBy(() -> HandlerConfig.from(env)).hasMessage("Invalid configuration: the environment variable"
        + " IF_NEWER and OP_FIELD must name different attributes.");
  }

  @Test
  void aMissingOrBadVariableIsOneSentenceNamingIt() {
    Map<String, String> env = minimal();
    env.remove("JOBS_TABLE");
    assertThatThrownBy(() -> HandlerConfig.from(env)).isInstanceOf(ConfigurationException.class)
        .hasMessage("The environment variable JOBS_TABLE must be set.");
    env.put("JOBS_TABLE", "j");
    env.put("THREAD_COUNT", "many");
    assertThatThrownBy(() -> HandlerConfig.from(env)).hasMessage("The environment variable THREAD_COUNT must be a whole number.");
    env.put("THREAD_COUNT", "-1");
    assertThatThrownBy(() -> HandlerConfig.from(env)).hasMessage("Invalid configuration: the environment variable THREAD_COUNT must be 1 to 1024, not -1.");
  }

  @Test
  void aRunStopsAtMostTheMarginAndAtMostAQuarterOfItsTimeBeforeTheDeadline() {
    HandlerConfig c = HandlerConfig.from(minimal());
    assertThat(c.stopMarginFor(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.stopMarginFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
  }
}
