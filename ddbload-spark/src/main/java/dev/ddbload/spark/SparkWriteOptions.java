package dev.ddbload.spark;

import dev.ddbload.config.Bounds;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.CommonSettings;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.config.Durations;
import dev.ddbload.config.InvalidSettingException;
import dev.ddbload.config.TableNames;
import dev.ddbload.LoadOptions;
import dev.ddbload.OnConflict;
import dev.ddbload.WriteMode;
import dev.ddbload.WriteSettings;
import dev.ddbload.capacity.CapacityTargets;
import dev.ddbload.write.Concurrency;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of {@code df.write.format("ddbload")}, named like the CLI's flags in camelCase
 * (Spark matches option names in any case). Parsed and checked on the driver at planning time;
 * carried to the executors. Immutable and serializable.
 */
public final class SparkWriteOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * BatchWriteItem calls in flight per task unless {@code concurrency} pins them: adaptive, 8 to
   * 64, starting at 8 (a task's share of the job is smaller than a whole load's).
   */
  public static final Concurrency DEFAULT_CONCURRENCY = Concurrency.adaptive(8, 8, 64);
  /** Sends per item before it is rejected: the library's default. */
  public static final int DEFAULT_MAX_ATTEMPTS = LoadOptions.DEFAULT_MAX_ATTEMPTS;
  /** Cap of the first retry's delay: the library's default. */
  public static final Duration DEFAULT_BACKOFF_BASE = LoadOptions.DEFAULT_BACKOFF_BASE;
  /** Cap of every retry's delay: the library's default. */
  public static final Duration DEFAULT_BACKOFF_MAX = LoadOptions.DEFAULT_BACKOFF_MAX;
  /** Share of a provisioned table's write capacity the job uses without {@code maxWcu}. */
  public static final double CAPACITY_FRACTION = LoadOptions.DEFAULT_CAPACITY_FRACTION;
  /** The default state directory: the library's. */
  public static final String DEFAULT_STATE_DIR = LoadOptions.DEFAULT_STATE_DIRECTORY.toString();
  static final Set<String> KNOWN = Set.of("table", "endpoint", "region", "profile", "concurrency",
      "maxattempts", "backoffbase", "backoffmax", "maxwcu", "maxwritecapacity", "minwritecapacity", "rejects",
      "report", "mode", "setcolumns", "nulls", "timestamps", "statedir", "path", "onconflict", "removenulls",
      "ifnewer", "opfield");

  /** What a null value becomes. */
  public enum Nulls {
    /** The attribute is left out of the item. */
    OMIT,
    /** The attribute is stored as {@code {"NULL": true}}. */
    NULL
  }

  /** What dates and timestamps become. */
  public enum Timestamps {
    /** ISO-8601 strings (S): {@code 2024-05-01}, {@code 2024-05-01T12:00:00.5Z}. */
    ISO,
    /** Seconds since 1970-01-01T00:00Z (N), with the exact fraction when there is one. */
    EPOCH_SECONDS,
    /** Milliseconds since 1970-01-01T00:00Z (N), with the exact fraction when there is one. */
    EPOCH_MILLIS
  }

  private final String table;
  private final URI endpoint;
  private final String region;
  private final String profile;
  /** Pinned calls in flight per task, or 0 for adaptive. */
  private final int concurrency;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final double maxWcu;
  private final long maxWriteCapacity;
  private final long minWriteCapacity;
  private final String rejects;
  private final String report;
  private final WriteMode mode;
  private final OnConflict onConflict;
  private final boolean removeNulls;
  private final String ifNewer;
  private final String opField;
  private final Set<String> setColumns;
  private final Nulls nulls;
  private final Timestamps timestamps;
  private final String stateDir;

  private SparkWriteOptions(CaseInsensitiveStringMap o) {
    table = o.get("table");
    if (table == null || table.isBlank()) {
      throw new ConfigurationException("The ddbload writer needs the table: .option(\"table\", \"NAME\").");
    }
    if (!TableNames.isValid(table)) {
      throw new ConfigurationException("Option table: '" + table + "' is not a DynamoDB table name (3 to 255 of a-z,"
          + " A-Z, 0-9, _ . -).");
    }
    endpoint = endpoint(o.get("endpoint"));
    region = blankToNull(o.get("region"));
    profile = blankToNull(o.get("profile"));
    concurrency = (int) number(o, "concurrency", 0, Concurrency.PINNED);
    maxAttempts = (int) number(o, "maxAttempts", DEFAULT_MAX_ATTEMPTS, CommonSettings.ATTEMPTS);
    backoffBase = duration(o, "backoffBase", DEFAULT_BACKOFF_BASE);
    backoffMax = duration(o, "backoffMax", DEFAULT_BACKOFF_MAX);
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new ConfigurationException("Option backoffMax must be at least backoffBase.");
    }
    maxWcu = number(o, "maxWcu", 0, CommonSettings.UNITS_PER_SECOND);
    maxWriteCapacity = (long) number(o, "maxWriteCapacity", 0, CommonSettings.WRITE_CAPACITY);
    minWriteCapacity = (long) number(o, "minWriteCapacity", 0, CommonSettings.WRITE_CAPACITY);
    rejects = o.getOrDefault("rejects", "ddbload-rejects-" + table);
    if (rejects.startsWith("s3://") || rejects.startsWith("s3a://")) {
      throw new ConfigurationException("Option rejects: an s3:// location comes with ddbload's S3 support; until then"
          + " give a local path, shared by every executor on a cluster.");
    }
    report = blankToNull(o.get("report"));
    mode = choice(o, "mode", LoadOptions.DEFAULT_MODE, WriteMode.class);
    onConflict = choice(o, "onConflict", OnConflict.SKIP, OnConflict.class);
    removeNulls = flag(o, "removeNulls", false);
    ifNewer = blankToNull(o.get("ifNewer"));
    opField = blankToNull(o.get("opField"));
    checkRule(o);
    // An update removes the attributes that reach it as NULL: with removeNulls, null values are NULL.
    nulls = choice(o, "nulls", removeNulls ? Nulls.NULL : Nulls.OMIT, Nulls.class);
    if (removeNulls && nulls == Nulls.OMIT) {
      throw new ConfigurationException("Option removeNulls removes the attributes whose value is null, so it does not"
          + " go with nulls omit, which leaves them out.");
    }
    timestamps = choice(o, "timestamps", Timestamps.ISO, Timestamps.class);
    setColumns = columns(o.getOrDefault("setColumns", ""));
    stateDir = o.getOrDefault("stateDir", DEFAULT_STATE_DIR);
  }

  /**
   * Reads and checks the options.
   *
   * @throws ConfigurationException naming the first option that is missing or wrong
   */
  public static SparkWriteOptions parse(CaseInsensitiveStringMap options) {
    return new SparkWriteOptions(options);
  }

  /** Reads and checks the options given as a map (any case). */
  public static SparkWriteOptions parse(Map<String, String> options) {
    return parse(new CaseInsensitiveStringMap(options));
  }

  /** Option names this writer does not know, lower-cased (Spark's own session options aside). */
  public static Set<String> unknown(CaseInsensitiveStringMap options) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String key : options.keySet()) {
      if (!KNOWN.contains(key.toLowerCase(Locale.ROOT))) {
        unknown.add(key);
      }
    }
    return unknown;
  }

  /** The table to write to; it must exist. */
  public String table() {
    return table;
  }

  /** Endpoint, region and profile; credentials always come from the SDK's default chain (or the profile). */
  public ClientSettings client() {
    return ClientSettings.builder().endpoint(endpoint).region(region).profile(profile).build();
  }

  /** BatchWriteItem calls in flight per task: pinned by {@code concurrency}, else {@link #DEFAULT_CONCURRENCY}. */
  public Concurrency concurrency() {
    return concurrency == 0 ? DEFAULT_CONCURRENCY : Concurrency.pinned(concurrency);
  }

  /** The calls in flight per task: pinned by {@code concurrency}, else {@code adaptive}. */
  Concurrency concurrencyOr(Concurrency adaptive) {
    return concurrency == 0 ? adaptive : Concurrency.pinned(concurrency);
  }

  /** Sends per item before it is rejected. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Cap of the first retry's delay (full jitter below it). */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** Cap of every retry's delay. */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** The whole job's write-rate ceiling in WCU per second, or 0 for none. */
  public double maxWcu() {
    return maxWcu;
  }

  /** Provisioned capacity to raise to before and restore after the job. */
  public CapacityTargets capacity() {
    return new CapacityTargets(maxWriteCapacity, minWriteCapacity, 0);
  }

  /** The rejects directory (a local path; on a cluster, one every executor and the driver see). */
  public String rejects() {
    return rejects;
  }

  /** Where the driver writes the job report as JSON, if anywhere. */
  public Optional<String> report() {
    return Optional.ofNullable(report);
  }

  /** Put each row, delete its key, insert it only if its key is new, or update the stored item. */
  public WriteMode mode() {
    return mode;
  }

  /** What a write refused on its condition becomes: skipped (the default) or rejected. */
  public OnConflict onConflict() {
    return onConflict;
  }

  /** Whether updates remove the attributes a row has as null (null values then become NULL). */
  public boolean removeNulls() {
    return removeNulls;
  }

  /** The version column writes compare (write only if newer), if any. */
  public Optional<String> ifNewer() {
    return Optional.ofNullable(ifNewer);
  }

  /** The column naming each row's operation (not stored), if any. */
  public Optional<String> opField() {
    return Optional.ofNullable(opField);
  }

  /** Top-level array columns written as DynamoDB sets (SS, NS or BS) rather than lists. */
  public Set<String> setColumns() {
    return setColumns;
  }

  /** What a null value becomes. */
  public Nulls nulls() {
    return nulls;
  }

  /** What dates and timestamps become. */
  public Timestamps timestamps() {
    return timestamps;
  }

  /** The driver's directory for pending capacity restores. */
  public String stateDir() {
    return stateDir;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static URI endpoint(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = URI.create(value.trim());
      ClientSettings.builder().endpoint(uri);
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Option endpoint '" + value + "' is not a URL like http://localhost:8000.", e);
    }
  }

  static double number(CaseInsensitiveStringMap o, String name, double fallback, Bounds bounds) {
    String value = o.get(name);
    if (value == null) {
      return fallback;
    }
    double n;
    try {
      n = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException("Option " + name + " must be a number, not '" + value + "'.", e);
    }
    try {
      return bounds.check(name, n);
    } catch (InvalidSettingException e) {
      throw new ConfigurationException("Option " + e.getMessage() + ".", e);
    }
  }

  /** A duration as the library reads it ({@link Durations#parse}), positive. */
  private static Duration duration(CaseInsensitiveStringMap o, String name, Duration fallback) {
    String value = o.get(name);
    if (value == null) {
      return fallback;
    }
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Option " + name + " must be a duration like 25ms, 2s or 1m, not '" + value
          + "'.", e);
    }
    try {
      return Durations.checkPositive(name, d);
    } catch (InvalidSettingException e) {
      throw new ConfigurationException("Option " + e.getMessage() + ".", e);
    }
  }

  /** The library's checks of the mode, {@code ifNewer} and {@code opField} together, in this module's words. */
  private void checkRule(CaseInsensitiveStringMap o) {
    if (o.get("ifNewer") != null && ifNewer == null) {
      throw new ConfigurationException("Option ifNewer must name a column.");
    }
    if (o.get("opField") != null && opField == null) {
      throw new ConfigurationException("Option opField must name a column.");
    }
    try {
      WriteSettings.rule(mode, onConflict, removeNulls, ifNewer, opField);
    } catch (InvalidSettingException e) {
      throw new ConfigurationException("Option " + optionWords(e.messageFor(e.setting())) + ".", e);
    }
  }

  /** A library message in option names: {@code LoadOptions.mode INSERT} → {@code mode insert}. */
  static String optionWords(String message) {
    String words = message.replace("LoadOptions.", "");
    for (WriteMode m : WriteMode.values()) {
      words = words.replace(m.name(), m.name().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** {@code true} or {@code false}, any case. */
  static boolean flag(CaseInsensitiveStringMap o, String name, boolean fallback) {
    String value = o.get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException("Option " + name + " must be true or false, not '" + value + "'.");
    };
  }

  private static <E extends Enum<E>> E choice(CaseInsensitiveStringMap o, String name, E fallback, Class<E> type) {
    String value = o.get(name);
    if (value == null) {
      return fallback;
    }
    String wanted = value.trim().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    StringBuilder names = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
      names.append(names.length() == 0 ? "" : ", ").append(camel(e.name()));
    }
    throw new ConfigurationException("Option " + name + " must be one of " + names + ", not '" + value + "'.");
  }

  /** {@code EPOCH_MILLIS} as users write it: {@code epochMillis}. */
  static String camel(String enumName) {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : enumName.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  private static Set<String> columns(String list) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    return Set.copyOf(names);
  }
}
