package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML job file: one mapping of option long names (without the dashes) to a value or a list of
 * values, plus {@code inputs}. Each entry keeps its line, so a bad value can be named by file,
 * key and line. Immutable once read.
 *
 * <pre>
 * table: Events
 * format: jsonl
 * concurrency: 64
 * checkpoint-interval: 10s
 * exclude: [debug, trace]
 * inputs:
 *   - s3://lake/events/
 * </pre>
 */
final class JobFile {

  /** The key holding the command's positional parameters. */
  static final String INPUTS = "inputs";

  /**
   * One key's values.
   *
   * @param key the option's long name without dashes, or {@code inputs}
   * @param values the values as written (one for a scalar)
   * @param list whether they were written as a YAML list
   * @param line the key's 1-based line
   */
  record Entry(String key, List<String> values, boolean list, int line) {}

  private final Path path;
  private final Map<String, Entry> entries;

  private JobFile(Path path, Map<String, Entry> entries) {
    this.path = path;
    this.entries = Collections.unmodifiableMap(entries);
  }

  /**
   * Reads a job file.
   *
   * @throws ConfigurationException naming the file (and the line) when it cannot be read or is not
   *     a mapping of options to scalars or lists of scalars
   */
  static JobFile read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException("The job file " + path + " does not exist or is not a file.");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(path.toFile())) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new JobFile(path, entries);
      }
      if (t != JsonToken.START_OBJECT) {
        throw bad(path, line(p), "it must be a mapping of option names to values (key: value lines)");
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int line = line(p);
        if (entries.containsKey(key)) {
          throw bad(path, line, key + " is given twice (first on line " + entries.get(key).line() + ")");
        }
        entries.put(key, entry(path, p, key, line));
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw bad(path, line, "it is not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read the job file " + path + ": " + e.getMessage(), e);
    }
    return new JobFile(path, entries);
  }

  private static Entry entry(Path path, JsonParser p, String key, int line) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.START_ARRAY) {
      List<String> values = new ArrayList<>();
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
          throw bad(path, line(p), key + ": a list may hold only plain values");
        }
        values.add(p.getText());
      }
      return new Entry(key, List.copyOf(values), true, line);
    }
    if (t == JsonToken.VALUE_NULL) {
      throw bad(path, line, key + " has no value");
    }
    if (!t.isScalarValue()) {
      throw bad(path, line, key + ": the value must be a plain value or a list, not a mapping");
    }
    return new Entry(key, List.of(p.getText()), false, line);
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static ConfigurationException bad(Path path, int line, String what) {
    return new ConfigurationException("Job file " + path + ", line " + line + ": " + what + ".");
  }

  /** The file it was read from. */
  Path path() {
    return path;
  }

  /** The entry of a key, if the file has it. */
  Optional<Entry> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Every entry, in file order. */
  List<Entry> entries() {
    return List.copyOf(entries.values());
  }
}
