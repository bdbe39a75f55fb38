package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Where each option's value comes from: the command line, then the job file ({@code --job}),
 * then {@code DDBLOAD_<OPTION>} environment variables, then the option's own default (which may
 * name an older variable such as {@code THREAD_COUNT}). Works on any command's options by their
 * long names, so an option added later is read from a job file and the environment with nothing
 * written for it.
 *
 * <p>It parses the command line once to learn the command and which options it gives, then adds
 * {@code --name=value} arguments for the options it does not give (and the inputs, when it gives
 * none): the command line that runs is the one a user could have typed, so every value goes
 * through the option's own parsing, lists and flags included. Immutable.
 */
final class OptionSources {

  /** The prefix of the environment variables read. */
  static final String ENV_PREFIX = "DDBLOAD_";
  /** The launcher's own variable, not an option. */
  private static final String JAVA_OPTS = "DDBLOAD_JAVA_OPTS";

  /** Where a value came from. */
  enum Kind { COMMAND_LINE, JOB_FILE, ENVIRONMENT, DEFAULT }

  /**
   * The source of one option's value.
   *
   * @param kind the kind of source
   * @param where the file and line, or the variable's name; empty for the command line and defaults
   */
  record Origin(Kind kind, String where) {
    static final Origin COMMAND_LINE = new Origin(Kind.COMMAND_LINE, "");
    static final Origin DEFAULT = new Origin(Kind.DEFAULT, "");

    /** In a few words: {@code job file x.yaml, line 3}, {@code environment DDBLOAD_X}. */
    String describe() {
      return switch (kind) {
        case COMMAND_LINE -> "command line";
        case JOB_FILE -> "job file " + where;
        case ENVIRONMENT -> "environment " + where;
        case DEFAULT -> "default";
      };
    }
  }

  private final String[] arguments;
  private final Map<String, Origin> origins;
  private final Optional<Path> jobFile;

  private OptionSources(String[] arguments, Map<String, Origin> origins, Optional<Path> jobFile) {
    this.arguments = arguments;
    this.origins = Map.copyOf(origins);
    this.jobFile = jobFile;
  }

  /** The command line as given, with nothing added. */
  static OptionSources none(String... args) {
    return new OptionSources(args.clone(), Map.of(), Optional.empty());
  }

  /**
   * Reads the job file the command line names and the environment, for the command the
   * arguments run.
   *
   * @throws ConfigurationException for a job file that cannot be read, an unknown key, or a value
   *     of the wrong shape (naming the file, key and line, or the variable)
   */
  static OptionSources resolve(CommandLine root, String[] args, Map<String, String> env) {
    boolean asked = Arrays.stream(args).anyMatch(a -> a.startsWith(ConfigOptions.JOB)
        || a.equals(ConfigOptions.PRINT_CONFIG));
    boolean variables = env.keySet().stream().anyMatch(k -> k.startsWith(ENV_PREFIX) && !k.equals(JAVA_OPTS));
    if (!asked && !variables) {
      return none(args);
    }
    ParseResult leaf = firstParse(root, args);
    if (leaf == null || !leaf.commandSpec().mixins().containsKey(ConfigOptions.MIXIN)) {
      return none(args);
    }
    Path jobPath = leaf.matchedOptionValue(ConfigOptions.JOB, null);
    JobFile job = jobPath == null ? null : JobFile.read(jobPath);
    return new Builder(leaf, job, env).build(args);
  }

  /** The command line, parsed with errors collected rather than thrown; its last subcommand. */
  private static ParseResult firstParse(CommandLine root, String[] args) {
    collectErrors(root, true);
    try {
      ParseResult r = root.parseArgs(args);
      while (r.hasSubcommand()) {
        r = r.subcommand();
      }
      return r;
    } catch (CommandLine.ParameterException e) {
      return null;
    } finally {
      collectErrors(root, false);
    }
  }

  private static void collectErrors(CommandLine cl, boolean collect) {
    cl.getCommandSpec().parser().collectErrors(collect);
    for (CommandLine sub : new HashSet<>(cl.getSubcommands().values())) {
      collectErrors(sub, collect);
    }
  }

  /** The arguments to run: the command line's, then values from the job file and environment. */
  String[] arguments() {
    return arguments.clone();
  }

  /** The job file read, if any. */
  Optional<Path> jobFile() {
    return jobFile;
  }

  /**
   * Where an option's (or, as {@link JobFile#INPUTS}, the inputs') value came from when not from
   * the command line.
   */
  Optional<Origin> added(String longName) {
    return Optional.ofNullable(origins.get(longName));
  }

  /**
   * A picocli error about a value this added, prefixed with where the value came from; empty for
   * errors about the command line's own arguments.
   */
  Optional<String> explain(CommandLine.ParameterException e) {
    ArgSpec arg = e.getArgSpec();
    if (!(arg instanceof OptionSpec option)) {
      return Optional.empty();
    }
    return added(option.longestName()).map(o -> describe(o, option.longestName()) + ": " + e.getMessage());
  }

  /**
   * A configuration error's message, followed by where the value it names came from when that
   * was a job file or a variable.
   */
  String explain(String message) {
    for (Map.Entry<String, Origin> e : origins.entrySet()) {
      String name = e.getKey();
      String words = name.replaceFirst("^-+", "").replace('-', ' ');
      boolean named = message.matches("(?s).*" + java.util.regex.Pattern.quote(name) + "(?![\\w-]).*")
          || message.startsWith("Invalid option: " + words) || message.startsWith("Invalid option: --" + words);
      if (named) {
        return message + " (" + describe(e.getValue(), name) + ")";
      }
    }
    return message;
  }

  private static String describe(Origin origin, String longName) {
    String key = longName.replaceFirst("^-+", "");
    return origin.kind() == Kind.JOB_FILE ? "Job file " + origin.where() + ", " + key : origin.describe();
  }

  /** The environment variable of an option's long name: {@code --max-wcu} → {@code DDBLOAD_MAX_WCU}. */
  static String variable(String key) {
    return ENV_PREFIX + key.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Works out the added arguments for one command. */
  private static final class Builder {
    private final ParseResult leaf;
    private final JobFile job;
    private final Map<String, String> env;
    private final Map<String, Origin> origins = new HashMap<>();

    Builder(ParseResult leaf, JobFile job, Map<String, String> env) {
      this.leaf = leaf;
      this.job = job;
      this.env = env;
    }

    OptionSources build(String[] args) {
      CommandSpec spec = leaf.commandSpec();
      Set<String> known = new HashSet<>();
      List<String> options = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        if (o.usageHelp() || o.versionHelp() || ConfigOptions.isOwn(o.longestName())) {
          continue;
        }
        String key = o.longestName().replaceFirst("^-+", "");
        known.add(key);
        if (!leaf.hasMatchedOption(o)) {
          value(key, o.isMultiValue() && o.splitRegex().isEmpty()).ifPresent(v -> {
            origins.put(o.longestName(), v.origin());
            options.addAll(tokens(o, key, v));
          });
        }
      }
      List<String> inputs = new ArrayList<>();
      if (!spec.positionalParameters().isEmpty()) {
        known.add(JobFile.INPUTS);
        if (leaf.matchedPositionals().isEmpty()) {
          value(JobFile.INPUTS, true).ifPresent(v -> {
            origins.put(JobFile.INPUTS, v.origin());
            inputs.addAll(v.values());
          });
        }
      }
      if (job != null) {
        for (JobFile.Entry e : job.entries()) {
          if (!known.contains(e.key())) {
            throw new ConfigurationException("Job file " + job.path() + ", line " + e.line() + ": " + e.key()
                + " is not an option of " + spec.qualifiedName() + " (keys are long option names without"
                + " the dashes, and inputs).");
          }
        }
      }
      List<String> all = new ArrayList<>(Arrays.asList(args));
      int end = all.indexOf("--");
      all.addAll(end < 0 ? all.size() : end, options);
      if (!inputs.isEmpty()) {
        if (!all.contains("--")) {
          all.add("--");
        }
        all.addAll(inputs);
      }
      return new OptionSources(all.toArray(String[]::new), origins,
          Optional.ofNullable(job).map(JobFile::path));
    }

    /** A key's values from the job file, else the environment. */
    private Optional<Values> value(String key, boolean commaList) {
      if (job != null) {
        Optional<JobFile.Entry> e = job.get(key);
        if (e.isPresent()) {
          return Optional.of(new Values(e.get().values(), e.get().list(),
              new Origin(Kind.JOB_FILE, job.path() + ", line " + e.get().line())));
        }
      }
      String name = variable(key);
      String v = env.get(name);
      if (v == null) {
        return Optional.empty();
      }
      List<String> values = commaList ? Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .toList() : List.of(v);
      return Optional.of(new Values(values, commaList, new Origin(Kind.ENVIRONMENT, name)));
    }

    /** The arguments that give an option these values, as a user would type them. */
    private static List<String> tokens(OptionSpec o, String key, Values v) {
      String name = o.longestName();
      if (v.list() && !o.isMultiValue() && v.values().size() != 1) {
        throw v.problem(key, "takes one value, not a list");
      }
      if (o.arity().max() == 0) {
        return truth(key, v) ? List.of(name) : List.of();
      }
      List<String> out = new ArrayList<>();
      for (String value : v.values()) {
        if (o.arity().min() == 0 && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
          if (value.equalsIgnoreCase("true")) {
            out.add(name);
          }
        } else {
          out.add(name + "=" + value);
        }
      }
      return out;
    }

    private static boolean truth(String key, Values v) {
      String value = v.values().size() == 1 ? v.values().get(0).trim() : "";
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return value.equalsIgnoreCase("true");
      }
      throw v.problem(key, "must be true or false, not '" + String.join(",", v.values()) + "'");
    }
  }

  /** Values for one key and where they came from. */
  private record Values(List<String> values, boolean list, Origin origin) {
    ConfigurationException problem(String key, String what) {
      return new ConfigurationException(origin.kind() == Kind.JOB_FILE
          ? "Job file " + origin.where() + ": " + key + " " + what + "."
          : "Environment variable " + origin.where() + " " + what + ".");
    }
  }
}
