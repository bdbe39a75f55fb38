package dev.ddbload.cli;

import dev.ddbload.LoadOptions;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.config.Durations;
import dev.ddbload.config.InvalidSettingException;
import dev.ddbload.decode.CsvDialect;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.source.s3.S3Settings;
import dev.ddbload.verify.VerifyOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Which library setting each option of {@code load}, {@code verify} and {@code restore-capacity}
 * sets, and its default read from the library itself: the options declare no default of their own
 * (only an older environment variable where they have one), so the library is the one source and
 * the help's {@code ${DEFAULT-VALUE}} shows what the library does. The same table names a setting
 * the library's messages mention ({@code LoadOptions.maxAttempts}) by its flag
 * ({@code --max-attempts}) when the CLI prints them. Immutable; thread-safe.
 */
final class LibrarySettings implements IDefaultValueProvider {

  private static final Pattern SETTING = Pattern.compile("\\b(?:LoadOptions|VerifyOptions|CapacityTargets|S3Settings|ClientSettings|CsvDialect|JobLedger)\\.[a-zA-Z]+\\b");
  /** Settings a message names that no single option sets, as the CLI says them. */
  private static final Map<String, String> SPOKEN = Map.of(
      "LoadOptions.createTableKey", "--create-table --key NAME:TYPE",
      "LoadOptions.shaping", "--exclude",
      "S3Settings.region", "--s3-region (or --region)",
      "JobLedger.create", "--create-table");

  /** One option: the library setting it sets, and its default as the option's text, if the library has one. */
  private record Entry(String setting, Function<Defaults, String> text) {}

  /** The library's defaults, read once from freshly built options. */
  private record Defaults(LoadOptions load, VerifyOptions verify, S3Settings s3) {
    static final Defaults LIBRARY = new Defaults(LoadOptions.builder().table("defaults").build(),
        VerifyOptions.builder().build(), S3Settings.defaults());
  }

  /** Options by command name, then long option name. */
  private static final Map<String, Map<String, Entry>> OPTIONS = Map.of(
      "load", load(),
      "verify", verify(),
      "restore-capacity", restoreCapacity());
  /** Flags by the setting's library name. */
  private static final Map<String, String> FLAGS = flags();

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || arg.command() == null) {
      return null;
    }
    Entry e = OPTIONS.getOrDefault(arg.command().name(), Map.of()).get(option.longestName());
    return e == null || e.text() == null ? null : e.text().apply(Defaults.LIBRARY);
  }

  /** The library setting an option of {@code command} sets, if any ({@code LoadOptions.maxAttempts}). */
  static Optional<String> setting(String command, String longName) {
    return Optional.ofNullable(OPTIONS.getOrDefault(command, Map.of()).get(longName)).map(Entry::setting);
  }

  /** The long option names of {@code command} whose default the library gives. */
  static Set<String> withLibraryDefault(String command) {
    Set<String> names = new TreeSet<>();
    OPTIONS.getOrDefault(command, Map.of()).forEach((name, e) -> {
      if (e.text() != null) {
        names.add(name);
      }
    });
    return names;
  }

  /** A library message with each setting it names ({@code LoadOptions.maxAttempts}) said as the CLI's flag. */
  static String speak(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = SETTING.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(FLAGS.getOrDefault(m.group(), m.group())));
    }
    return m.appendTail(out).toString();
  }

  /** A value the library refused, as the one sentence the CLI prints: {@code Invalid option: --x must be ...}. */
  static ConfigurationException invalid(IllegalArgumentException e) {
    String message = e instanceof InvalidSettingException s
        ? s.messageFor(FLAGS.getOrDefault(s.setting(), s.setting())) : speak(e.getMessage());
    return new ConfigurationException("Invalid option: " + speak(message) + ".", e);
  }

  /** {@code 4194304} as {@code 4MB}, {@code 524288} as {@code 512KB}: how sizes are written. */
  static String size(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return bytes / (1L << 30) + "GB";
    }
    if (bytes % (1L << 20) == 0) {
      return bytes / (1L << 20) + "MB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + "KB" : Long.toString(bytes);
  }

  private static String lower(Object value) {
    return value.toString().toLowerCase(Locale.ROOT);
  }

  private static String character(int c) {
    return c == CsvDialect.NONE ? "none" : Character.toString(c);
  }

  /** The inputs and mapping ({@code InputOptions}, {@code LakeOptions}, {@code S3Options}), as load and verify read them. */
  private static Map<String, Entry> input() {
    Map<String, Entry> m = new HashMap<>();
    m.put("--table", new Entry("LoadOptions.table", null));
    m.put("--format", new Entry("LoadOptions.format", null));
    m.put("--columns", new Entry("LoadOptions.columns", null));
    m.put("--delimiter", new Entry("LoadOptions.delimiter", null));
    m.put("--csv-quote", new Entry("LoadOptions.csvDialect", d -> character(d.load().csvDialect().quote())));
    m.put("--csv-escape", new Entry("CsvDialect.escape", null));
    m.put("--csv-comment", new Entry("CsvDialect.comment", null));
    m.put("--infer-types", new Entry("LoadOptions.inferTypes", null));
    m.put("--exclude", new Entry("LoadOptions.shaping", null));
    m.put("--max-record-bytes", new Entry("LoadOptions.maxRecordBytes", d -> size(d.load().maxRecordBytes())));
    m.put("--parallel-files", new Entry("LoadOptions.parallelFiles", d -> Integer.toString(d.load().parallelFiles())));
    m.put("--schema", new Entry("LoadOptions.schema", null));
    m.put("--empty", new Entry("LoadOptions.emptyCells", d -> lower(d.load().emptyCells())));
    m.put("--set-delimiter", new Entry("LoadOptions.setDelimiter", d -> d.load().setDelimiter()));
    m.put("--mode", new Entry("LoadOptions.mode", d -> lower(d.load().mode())));
    m.put("--timestamps", new Entry("LoadOptions.timestamps", d -> d.load().timestamps().toString()));
    m.put("--s3-chunk-size", new Entry("S3Settings.chunkBytes", d -> size(d.s3().chunkBytes())));
    m.putAll(client());
    return m;
  }

  private static Map<String, Entry> load() {
    Map<String, Entry> m = input();
    m.put("--max-errors", new Entry("LoadOptions.maxErrors", d -> Long.toString(d.load().maxErrors())));
    m.put("--rejects", new Entry("LoadOptions.rejectsFile", null));
    m.put("--create-table", new Entry("LoadOptions.createTableKey", null));
    m.put("--concurrency", new Entry("LoadOptions.concurrency", null));
    m.put("--max-attempts", new Entry("LoadOptions.maxAttempts", d -> Integer.toString(d.load().maxAttempts())));
    m.put("--backoff-base", new Entry("LoadOptions.backoffBase", d -> Durations.format(d.load().backoffBase())));
    m.put("--backoff-max", new Entry("LoadOptions.backoffMax", d -> Durations.format(d.load().backoffMax())));
    m.put("--max-write-capacity", new Entry("CapacityTargets.maxWrite",
        d -> "${env:MAX_WRITE_CAPACITY:-" + d.load().capacity().maxWrite() + "}"));
    m.put("--min-write-capacity", new Entry("CapacityTargets.minWrite",
        d -> "${env:MIN_WRITE_CAPACITY:-" + d.load().capacity().minWrite() + "}"));
    m.put("--gsi-write-capacity", new Entry("CapacityTargets.indexWrite",
        d -> Long.toString(d.load().capacity().indexWrite())));
    m.put("--max-wcu", new Entry("LoadOptions.maxWcu", d -> number(d.load().maxWcu())));
    m.put("--capacity-fraction", new Entry("LoadOptions.capacityFraction",
        d -> number(d.load().capacityFraction())));
    m.put("--shuffle-window", new Entry("LoadOptions.shuffleWindow", d -> Integer.toString(d.load().shuffleWindow())));
    m.put("--on-conflict", new Entry("LoadOptions.onConflict", d -> lower(d.load().onConflict())));
    m.put("--remove-nulls", new Entry("LoadOptions.removeNulls", null));
    m.put("--if-newer", new Entry("LoadOptions.ifNewer", null));
    m.put("--op-field", new Entry("LoadOptions.opField", null));
    m.put("--dry-run", new Entry("LoadOptions.dryRun", null));
    m.put("--price-per-million-wru", new Entry("LoadOptions.pricePerMillionWriteUnits",
        d -> number(d.load().pricePerMillionWriteUnits())));
    m.put("--state-dir", new Entry("LoadOptions.stateDirectory", d -> d.load().stateDirectory().toString()));
    m.put("--checkpoint", new Entry("LoadOptions.checkpointStore", null));
    m.put("--checkpoint-interval", new Entry("LoadOptions.checkpointInterval",
        d -> Durations.format(d.load().checkpointInterval())));
    m.put("--restart", new Entry("LoadOptions.restart", null));
    m.put("--no-checkpoint", new Entry("LoadOptions.checkpointing", null));
    m.put("--stale-after", new Entry("JobLedger.staleAfter", d -> Durations.format(JobLedger.DEFAULT_STALE_AFTER)));
    return Map.copyOf(m);
  }

  private static Map<String, Entry> verify() {
    Map<String, Entry> m = input();
    m.put("--table", new Entry("LoadOptions.table", null));
    m.put("--sample", new Entry("VerifyOptions.sample", d -> number(d.verify().sample())));
    m.put("--extra", new Entry("VerifyOptions.extra", null));
    m.put("--scan-segments", new Entry("VerifyOptions.scanSegments",
        d -> Integer.toString(d.verify().scanSegments())));
    m.put("--consistent-read", new Entry("VerifyOptions.consistentRead", null));
    m.put("--max-rcu", new Entry("VerifyOptions.maxRcu", d -> number(d.verify().maxRcu())));
    m.put("--capacity-fraction", new Entry("VerifyOptions.capacityFraction",
        d -> number(d.verify().capacityFraction())));
    m.put("--concurrency", new Entry("VerifyOptions.concurrency", null));
    m.put("--max-attempts", new Entry("VerifyOptions.maxAttempts", d -> Integer.toString(d.verify().maxAttempts())));
    m.put("--backoff-base", new Entry("VerifyOptions.backoffBase", d -> Durations.format(d.verify().backoffBase())));
    m.put("--backoff-max", new Entry("VerifyOptions.backoffMax", d -> Durations.format(d.verify().backoffMax())));
    m.put("--differences", new Entry("VerifyOptions.differencesFile", null));
    m.put("--spill-dir", new Entry("VerifyOptions.spillDirectory", null));
    m.put("--memory", new Entry("VerifyOptions.memoryBytes", d -> size(d.verify().memoryBytes())));
    return Map.copyOf(m);
  }

  /** Where DynamoDB is ({@code ClientOptions}). */
  private static Map<String, Entry> client() {
    return Map.of(
        "--endpoint-url", new Entry("ClientSettings.endpoint", null),
        "--region", new Entry("ClientSettings.region", null),
        "--profile", new Entry("ClientSettings.profile", null));
  }

  private static Map<String, Entry> restoreCapacity() {
    Map<String, Entry> m = new HashMap<>(client());
    m.putAll(Map.of(
        "--min-write-capacity", new Entry("CapacityTargets.minWrite",
            d -> "${env:MIN_WRITE_CAPACITY:-" + d.load().capacity().minWrite() + "}"),
        "--state-dir", new Entry("LoadOptions.stateDirectory", d -> d.load().stateDirectory().toString())));
    return Map.copyOf(m);
  }

  private static Map<String, String> flags() {
    Map<String, String> flags = new HashMap<>(SPOKEN);
    OPTIONS.values().forEach(options -> options.forEach((flag, e) -> flags.putIfAbsent(e.setting(), flag)));
    return Map.copyOf(flags);
  }

  private static String number(double n) {
    return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : Double.toString(n);
  }
}
