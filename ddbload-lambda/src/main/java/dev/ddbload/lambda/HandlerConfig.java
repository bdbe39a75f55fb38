package dev.ddbload.lambda;

import dev.ddbload.jobs.JobLedger;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.config.InvalidSettingException;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadOptionsBuilder;
import dev.ddbload.OnConflict;
import dev.ddbload.WriteMode;
import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.decode.Format;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.TimeEncoding;
import dev.ddbload.source.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The function's configuration, from its environment variables (README, "Serverless loads"):
 * the load's options as the CLI's (table, format, key and mapping, write mode, {@code THREAD_COUNT},
 * capacity), which objects are sentinels, the jobs table, and where rejects and finished inputs
 * go. Immutable.
 *
 * @param load the load's options (DynamoDB client included)
 * @param s3 how S3 is reached
 * @param jobsTable the job ledger's table
 * @param createTables whether a missing target table (with {@code KEY}) and jobs table are created
 * @param sentinels which objects start a load
 * @param rejectsPrefix where rejects go: {@code s3://bucket/prefix/}, or a prefix in the input's bucket
 * @param completePrefix where inputs go after a job that loaded every record or some with rejects
 * @param errorPrefix where inputs go after a job that failed
 * @param staleAfter a running job whose heartbeat is older is taken over
 * @param stopMargin how long before the function's deadline a run stops (at most a quarter of
 *     the time it has)
 * @param workDir where the local rejects file of a run is kept
 */
record HandlerConfig(LoadOptions load, S3Settings s3, String jobsTable, boolean createTables, Sentinels sentinels,
    String rejectsPrefix, Optional<String> completePrefix, Optional<String> errorPrefix, Duration staleAfter,
    Duration stopMargin, Path workDir) {

  /** Every variable the function reads. */
  static final Set<String> VARIABLES = Set.of("TABLE", "JOBS_TABLE", "CREATE_TABLE", "KEY", "FORMAT", "SCHEMA",
      "COLUMNS", "DELIMITER", "INFER_TYPES", "RENAME", "EXCLUDE", "EMPTY", "SET_DELIMITER", "TIMESTAMPS", "MODE",
      "ON_CONFLICT", "REMOVE_NULLS", "IF_NEWER", "OP_FIELD", "MAX_ERRORS", "THREAD_COUNT", "PARALLEL_FILES",
      "SHUFFLE_WINDOW", "MAX_WRITE_CAPACITY", "MIN_WRITE_CAPACITY",
      "GSI_WRITE_CAPACITY", "MAX_WCU", "CAPACITY_FRACTION", "CHECKPOINT_INTERVAL", "SENTINELS", "REJECTS_PREFIX",
      "COMPLETE_PREFIX", "ERROR_PREFIX", "STALE_AFTER", "STOP_MARGIN", "WORK_DIR", "AWS_REGION",
      "DYNAMODB_ENDPOINT", "S3_ENDPOINT", "S3_PATH_STYLE");

  static final Duration DEFAULT_STALE_AFTER = JobLedger.DEFAULT_STALE_AFTER;
  static final Duration DEFAULT_STOP_MARGIN = Duration.ofSeconds(30);
  static final String DEFAULT_REJECTS_PREFIX = "ddbload-rejects/";

  /**
   * The configuration the variables give.
   *
   * @throws ConfigurationException naming the variable that is missing or wrong
   */
  static HandlerConfig from(Map<String, String> variables) {
    Env env = new Env(variables);
    ClientSettings.Builder dynamo = ClientSettings.builder().region(env.get("AWS_REGION").orElse(null));
    env.get("DYNAMODB_ENDPOINT").ifPresent(e -> dynamo.endpoint(URI.create(e)));
    ClientSettings.Builder s3Client = ClientSettings.builder().region(env.get("AWS_REGION").orElse(null));
    env.get("S3_ENDPOINT").ifPresent(e -> s3Client.endpoint(URI.create(e)));
    try {
      LoadOptions load = loadOptions(env, dynamo.build());
      S3Settings s3 = S3Settings.builder().client(s3Client.build()).pathStyle(env.flag("S3_PATH_STYLE")).build();
      return new HandlerConfig(load, s3, env.required("JOBS_TABLE"), env.flag("CREATE_TABLE"),
          new Sentinels(env.list("SENTINELS")), env.get("REJECTS_PREFIX", DEFAULT_REJECTS_PREFIX),
          env.get("COMPLETE_PREFIX"), env.get("ERROR_PREFIX"), env.duration("STALE_AFTER", DEFAULT_STALE_AFTER),
          env.duration("STOP_MARGIN", DEFAULT_STOP_MARGIN),
          Path.of(env.get("WORK_DIR", Path.of(System.getProperty("java.io.tmpdir"), "ddbload").toString())));
    } catch (InvalidSettingException e) {
      throw new ConfigurationException("Invalid configuration: the environment variable " + variable(e.setting()) + " "
          + variables(e.requirement()) + ".", e);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Invalid configuration: " + e.getMessage() + ".", e);
    }
  }

  /** The variable of a library setting: {@code LoadOptions.maxAttempts} → {@code MAX_ATTEMPTS}. */
  static String variable(String setting) {
    String named = RENAMED.get(setting);
    if (named != null) {
      return named;
    }
    String name = setting.substring(setting.lastIndexOf('.') + 1);
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** A library message in variable names: {@code LoadOptions.ifNewer} → {@code IF_NEWER}. */
  static String variables(String message) {
    return Pattern.compile("\\b(?:LoadOptions|CapacityTargets)\\.\\w+").matcher(message)
        .replaceAll(m -> variable(m.group()));
  }

  /** The variables not named after their setting. */
  private static final Map<String, String> RENAMED = Map.of("LoadOptions.concurrency", "THREAD_COUNT",
      "CapacityTargets.indexWrite", "GSI_WRITE_CAPACITY", "CapacityTargets.maxWrite", "MAX_WRITE_CAPACITY",
      "CapacityTargets.minWrite", "MIN_WRITE_CAPACITY", "LoadOptions.emptyCells", "EMPTY");

  private static LoadOptions loadOptions(Env env, ClientSettings dynamo) {
    LoadOptionsBuilder b = LoadOptions.builder()
        .table(env.required("TABLE"))
        .client(dynamo)
        .schema(ItemSchema.parse(env.get("SCHEMA").orElse(null)))
        .columns(env.list("COLUMNS"))
        .delimiter(env.get("DELIMITER").orElse(null))
        .inferTypes(env.flag("INFER_TYPES"))
        .shaping(AttributeShaping.of(AttributeShaping.parseRenames(env.list("RENAME")),
            new LinkedHashSet<>(env.list("EXCLUDE"))))
        .emptyCells(EmptyCellPolicy.valueOf(env.get("EMPTY", LoadOptions.DEFAULT_EMPTY_CELLS.name()).toUpperCase(Locale.ROOT)))
        .setDelimiter(env.get("SET_DELIMITER", LoadOptions.DEFAULT_SET_DELIMITER))
        .timestamps(TimeEncoding.parse(env.get("TIMESTAMPS", LoadOptions.DEFAULT_TIMESTAMPS.toString())))
        .mode(env.choice("MODE", WriteMode::parse, LoadOptions.DEFAULT_MODE, "put, delete, insert or update"))
        .onConflict(env.choice("ON_CONFLICT", OnConflict::parse, OnConflict.SKIP, "skip or reject"))
        .removeNulls(env.flag("REMOVE_NULLS"))
        .ifNewer(env.get("IF_NEWER").orElse(null))
        .opField(env.get("OP_FIELD").orElse(null))
        .maxErrors(env.number("MAX_ERRORS", 0))
        .parallelFiles((int) env.number("PARALLEL_FILES", LoadOptions.DEFAULT_PARALLEL_FILES))
        .shuffleWindow((int) env.number("SHUFFLE_WINDOW", LoadOptions.DEFAULT_SHUFFLE_WINDOW))
        .capacity(new CapacityTargets(env.number("MAX_WRITE_CAPACITY", 0), env.number("MIN_WRITE_CAPACITY", 0),
            env.number("GSI_WRITE_CAPACITY", 0)))
        .maxWcu(env.decimal("MAX_WCU", 0))
        .capacityFraction(env.decimal("CAPACITY_FRACTION", LoadOptions.DEFAULT_CAPACITY_FRACTION))
        .checkpointInterval(env.duration("CHECKPOINT_INTERVAL", LoadOptions.DEFAULT_CHECKPOINT_INTERVAL));
    Optional<String> format = env.get("FORMAT");
    if (format.isPresent()) {
      b.format(Format.parse(format.get()));
    }
    // THREAD_COUNT pins the calls in flight, as the CLI's; unset or 0, they follow latency.
    long threads = env.number("THREAD_COUNT", 0);
    if (threads != 0) {
      b.concurrency((int) threads);
    }
    if (env.flag("CREATE_TABLE")) {
      b.createTableKey(KeySchema.parse(env.required("KEY")));
    }
    return b.build();
  }

  /** How long before the deadline a run with {@code remaining} time stops. */
  Duration stopMarginFor(Duration remaining) {
    Duration quarter = remaining.dividedBy(4);
    return quarter.compareTo(stopMargin) < 0 ? quarter : stopMargin;
  }
}
