package dev.ddbload.cli;

import dev.ddbload.cli.OptionSources.Origin;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code --print-config}: a command's effective settings as YAML (usable as a job file), each with
 * where it came from. Prints option values only, never the environment: credentials stay in the
 * SDK's chain and are never options. Values that may hold a secret are masked: a URL's user
 * information, and any option picocli reads without echo.
 */
final class ConfigPrinter {

  private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(\\w+)");
  private static final Pattern PLAIN = Pattern.compile("-?\\d+(\\.\\d+)?|true|false");

  private ConfigPrinter() {}

  /** Prints the settings of the command {@code leaf} ran (after defaults were applied). */
  static void print(PrintWriter out, ParseResult leaf, OptionSources sources, Map<String, String> env) {
    out.println("# Effective settings of " + leaf.commandSpec().qualifiedName() + " and where each comes from");
    out.println("# (command line > job file > DDBLOAD_<OPTION> variables > default).");
    sources.jobFile().ifPresent(p -> out.println("# Job file: " + p.toAbsolutePath()));
    for (OptionSpec o : leaf.commandSpec().options()) {
      if (o.usageHelp() || o.versionHelp() || ConfigOptions.isOwn(o.longestName())) {
        continue;
      }
      String key = o.longestName().replaceFirst("^-+", "");
      Origin origin = origin(leaf, o, o.longestName(), sources, env);
      print(out, key, o, values(leaf, o), origin);
    }
    List<PositionalParamSpec> positionals = leaf.commandSpec().positionalParameters();
    if (!positionals.isEmpty()) {
      List<String> inputs = new ArrayList<>();
      for (PositionalParamSpec p : positionals) {
        inputs.addAll(values(leaf, p));
      }
      Origin origin = leaf.matchedPositionals().isEmpty() ? Origin.DEFAULT
          : sources.added(JobFile.INPUTS).orElse(Origin.COMMAND_LINE);
      printList(out, JobFile.INPUTS, inputs, origin);
    }
    out.flush();
  }

  private static Origin origin(ParseResult leaf, ArgSpec arg, String name, OptionSources sources,
      Map<String, String> env) {
    Optional<Origin> added = sources.added(name);
    if (added.isPresent()) {
      return added.get();
    }
    if (arg instanceof OptionSpec o && leaf.hasMatchedOption(o)) {
      return Origin.COMMAND_LINE;
    }
    String declared = arg.defaultValueString(false);
    Matcher m = ENV_DEFAULT.matcher(declared == null ? "" : declared);
    if (m.find() && env.get(m.group(1)) != null) {
      return new Origin(OptionSources.Kind.ENVIRONMENT, m.group(1));
    }
    return Origin.DEFAULT;
  }

  /** The value as text, as it was written where it was given (or the default's text). */
  private static List<String> values(ParseResult leaf, ArgSpec arg) {
    List<String> written = new ArrayList<>();
    if (arg.isMultiValue() && arg.getValue() instanceof Collection<?> c) {
      c.forEach(v -> written.add(String.valueOf(v)));
      return written;
    }
    if (arg instanceof OptionSpec o && leaf.hasMatchedOption(o)) {
      written.addAll(leaf.matchedOption(o.longestName()).originalStringValues());
    } else if (arg instanceof PositionalParamSpec p && leaf.hasMatchedPositional(p.index().min())) {
      written.addAll(p.originalStringValues());
    }
    if (!written.isEmpty()) {
      return written;
    }
    Object value = arg.getValue();
    String declared = arg.defaultValueString(true);
    boolean matched = arg instanceof OptionSpec o && leaf.hasMatchedOption(o);
    if (!matched && declared != null && !declared.equals("null")) {
      written.add(declared);
    } else if (value != null) {
      written.add(String.valueOf(value));
    }
    return written;
  }

  private static void print(PrintWriter out, String key, OptionSpec o, List<String> values, Origin origin) {
    if (o.isMultiValue()) {
      printList(out, key, values, origin);
    } else if (values.isEmpty()) {
      out.println("# " + key + ": (not set)");
    } else {
      out.println(key + ": " + scalar(mask(o, values.get(0))) + "  # " + origin.describe());
    }
  }

  private static void printList(PrintWriter out, String key, List<String> values, Origin origin) {
    if (values.isEmpty()) {
      out.println(key + ": []  # " + origin.describe());
      return;
    }
    out.println(key + ":  # " + origin.describe());
    for (String v : values) {
      out.println("  - " + scalar(mask(null, v)));
    }
  }

  private static String mask(OptionSpec o, String value) {
    if (o != null && o.interactive() && !o.echo()) {
      return "***";
    }
    return USER_INFO.matcher(value).replaceFirst("$1***@");
  }

  /** A YAML scalar: numbers and booleans plain, everything else single-quoted. */
  private static String scalar(String value) {
    return PLAIN.matcher(value).matches() ? value : "'" + value.replace("'", "''") + "'";
  }
}
