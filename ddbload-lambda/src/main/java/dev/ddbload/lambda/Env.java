package dev.ddbload.lambda;

import dev.ddbload.config.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function's environment variables, read with their types; a bad value is one
 * {@link ConfigurationException} sentence naming the variable. Immutable.
 */
final class Env {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private final Map<String, String> vars;

  Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** A set, non-blank variable. */
  Optional<String> get(String name) {
    String v = vars.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  String required(String name) {
    return get(name).orElseThrow(() -> new ConfigurationException("The environment variable " + name
        + " must be set."));
  }

  String get(String name, String otherwise) {
    return get(name).orElse(otherwise);
  }

  long number(String name, long otherwise) {
    try {
      return get(name).map(Long::parseLong).orElse(otherwise);
    } catch (NumberFormatException e) {
      throw bad(name, "a whole number");
    }
  }

  double decimal(String name, double otherwise) {
    try {
      return get(name).map(Double::parseDouble).orElse(otherwise);
    } catch (NumberFormatException e) {
      throw bad(name, "a number");
    }
  }

  boolean flag(String name) {
    String v = get(name, "false").toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw bad(name, "true or false");
    }
    return v.equals("true");
  }

  /** Comma-separated values, trimmed, empty ones dropped. */
  List<String> list(String name) {
    return get(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** A duration written like {@code 500ms}, {@code 30s}, {@code 2m}, or ISO-8601. */
  Duration duration(String name, Duration otherwise) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return otherwise;
    }
    Matcher m = DURATION.matcher(v.get().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      long unitMillis = switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      return Duration.ofMillis(Math.round(amount * unitMillis));
    }
    try {
      return Duration.parse(v.get().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw bad(name, "a duration like 500ms, 30s or 2m");
    }
  }

  static ConfigurationException bad(String name, String what) {
    return new ConfigurationException("The environment variable " + name + " must be " + what + ".");
  }
}
