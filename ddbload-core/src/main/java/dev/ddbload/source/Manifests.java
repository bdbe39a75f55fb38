package dev.ddbload.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the manifests that name a dataset's files: a Spark / Databricks commit marker
 * ({@code _committed_<id>}, JSON with {@code added} and {@code removed} file names), a DynamoDB
 * export's {@code manifest-files.json} (one JSON object per line with {@code dataFileS3Key}) and
 * {@code manifest-summary.json} ({@code outputFormat}, {@code exportType}, {@code manifestFilesS3Key}), and a plain
 * list (one path or URI per line, blank lines and {@code #} comments skipped). Stateless and
 * thread-safe; every parse error is a {@link ConfigurationException} naming the manifest.
 */
public final class Manifests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  /** What a commit marker lists, names relative to its directory. */
  public record Commit(List<String> added, List<String> removed) {}

  /**
   * What a DynamoDB export's summary says: its data format ({@link Format#DDB_CHANGES} for an
   * incremental export, whose lines are changes) and where its file manifest was written.
   */
  public record ExportSummary(Optional<Format> format, Optional<String> manifestFilesKey) {}

  /** Parses a {@code _committed_<id>} marker. */
  public static Commit commit(InputStream in, String name) {
    JsonNode root = readJson(in, name);
    if (!root.isObject() || !root.path("added").isArray()) {
      throw new ConfigurationException("Commit manifest " + name + " has no \"added\" list of files.");
    }
    return new Commit(strings(root.get("added"), name), root.path("removed").isArray()
        ? strings(root.get("removed"), name) : List.of());
  }

  /** Parses {@code manifest-summary.json}. */
  public static ExportSummary exportSummary(InputStream in, String name) {
    JsonNode root = readJson(in, name);
    Optional<Format> format = Optional.empty();
    String output = root.path("outputFormat").asText("");
    if (output.equals("DYNAMODB_JSON")) {
      format = Optional.of(Format.DDB_JSON);
    } else if (output.equals("ION")) {
      format = Optional.of(Format.ION);
    } else if (!output.isEmpty()) {
      throw new ConfigurationException("Export summary " + name + " names output format " + output
          + ", which is neither DYNAMODB_JSON nor ION.");
    }
    String type = root.path("exportType").asText("");
    if (type.equals("INCREMENTAL_EXPORT")) {
      // Both outputs hold change lines; the decoder tells DynamoDB JSON from Ion by its first bytes.
      format = Optional.of(Format.DDB_CHANGES);
    } else if (!type.isEmpty() && !type.equals("FULL_EXPORT")) {
      throw new ConfigurationException("Export summary " + name + " names export type " + type
          + ", which is neither FULL_EXPORT nor INCREMENTAL_EXPORT.");
    }
    String key = root.path("manifestFilesS3Key").asText("");
    return new ExportSummary(format, key.isEmpty() ? Optional.empty() : Optional.of(key));
  }

  /** The {@code dataFileS3Key} of every line of {@code manifest-files.json}, in order. */
  public static List<String> exportDataKeys(InputStream in, String name) {
    List<String> keys = new ArrayList<>();
    int lineNumber = 0;
    for (String line : lines(in, name)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (IOException e) {
        throw new ConfigurationException("Line " + lineNumber + " of export manifest " + name + " is not JSON.", e);
      }
      String key = entry.path("dataFileS3Key").asText("");
      if (key.isEmpty()) {
        throw new ConfigurationException("Line " + lineNumber + " of export manifest " + name
            + " has no dataFileS3Key.");
      }
      keys.add(key);
    }
    return keys;
  }

  /** The paths or URIs of a plain list manifest, without blank lines and {@code #} comments. */
  public static List<String> list(InputStream in, String name) {
    Set<String> entries = new LinkedHashSet<>();
    for (String line : lines(in, name)) {
      String entry = line.strip();
      if (!entry.isEmpty() && !entry.startsWith("#")) {
        entries.add(entry);
      }
    }
    return new ArrayList<>(entries);
  }

  private static JsonNode readJson(InputStream in, String name) {
    try (in) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new ConfigurationException("Manifest " + name + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (!n.isTextual() || n.asText().isEmpty()) {
        throw new ConfigurationException("Manifest " + name + " lists " + n + ", which is not a file name.");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static List<String> lines(InputStream in, String name) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().toList();
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException("Manifest " + name + " cannot be read: " + e.getMessage(), e);
    }
  }
}
