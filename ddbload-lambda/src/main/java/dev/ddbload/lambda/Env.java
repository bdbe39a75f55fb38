package dev.ddbload.lambda;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The function's environment variables, read with their types; a bad value is one
 * {@link ConfigurationException} sentence naming the variable. Immutable.
 */
final class Env {


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

  /** One of a few words, as {@code parse} reads them; {@code what} lists them for the message. */
  <T> T choice(String name, Function<String, T> parse, T otherwise, String what) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return otherwise;
    }
    try {
      return parse.apply(v.get());
    } catch (IllegalArgumentException e) {
      throw bad(name, what + ", not '" + v.get() + "'");
    }
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
    try {
      return Durations.parse(v.get());
    } catch (IllegalArgumentException e) {
      throw bad(name, "a duration like 500ms, 30s or 2m");
    }
  }

  static ConfigurationException bad(String name, String what) {
    return new ConfigurationException("The environment variable " + name + " must be " + what + ".");
  }
}
