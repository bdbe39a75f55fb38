package dev.ddbload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rejects file in brief: records per reason and a few short examples of each (where, why,
 * and at most the first {@value #RECORD_CHARS} characters of the record as the rejects file holds
 * it). Reads the file once, line by line; memory holds only the examples. Immutable.
 */
final class RejectDigest {

  static final int EXAMPLES = 3;
  static final int RECORD_CHARS = 80;

  /** One reason: how many records, and up to {@link #EXAMPLES} examples. */
  record Reason(String reason, long records, List<String> examples) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Reason> reasons;
  private final long unreadable;

  private RejectDigest(List<Reason> reasons, long unreadable) {
    this.reasons = List.copyOf(reasons);
    this.unreadable = unreadable;
  }

  /** The digest of a rejects file; empty when there is none. */
  static RejectDigest of(Path file) throws IOException {
    if (file == null || !Files.isRegularFile(file)) {
      return new RejectDigest(List.of(), 0);
    }
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    long unreadable = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode r;
        try {
          r = JSON.readTree(line);
        } catch (IOException e) {
          unreadable++;
          continue;
        }
        String reason = r.path("reason").asText("UNKNOWN");
        counts.computeIfAbsent(reason, k -> new long[1])[0]++;
        List<String> mine = examples.computeIfAbsent(reason, k -> new ArrayList<>());
        if (mine.size() < EXAMPLES) {
          mine.add(example(r));
        }
      }
    }
    List<Reason> reasons = new ArrayList<>();
    counts.forEach((reason, n) -> reasons.add(new Reason(reason, n[0], examples.get(reason))));
    reasons.sort((a, b) -> Long.compare(b.records(), a.records()));
    return new RejectDigest(reasons, unreadable);
  }

  /** {@code source:line (index i): message; record: first characters…}. */
  private static String example(JsonNode r) {
    StringBuilder sb = new StringBuilder(r.path("source").asText("?"));
    if (r.path("line").asLong(0) > 0) {
      sb.append(':').append(r.path("line").asLong());
    }
    if (r.has("index")) {
      sb.append(" (record ").append(r.path("index").asLong()).append(')');
    }
    sb.append(": ").append(r.path("message").asText(""));
    String record = r.path("record").asText("");
    if (!record.isEmpty()) {
      sb.append("; record: ").append(record.length() <= RECORD_CHARS ? record
          : record.substring(0, RECORD_CHARS) + "…");
    }
    return sb.toString();
  }

  /** The reasons, the most frequent first. */
  List<Reason> reasons() {
    return Collections.unmodifiableList(reasons);
  }

  /** Lines of the rejects file that were not JSON. */
  long unreadable() {
    return unreadable;
  }
}
