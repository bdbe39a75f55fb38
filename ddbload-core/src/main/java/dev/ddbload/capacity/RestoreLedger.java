package dev.ddbload.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.checkpoint.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pending capacity restores, one small JSON file per table and target under
 * {@code <state dir>/capacity/}, written atomically. Thread-safe.
 */
public final class RestoreLedger {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  /** A ledger under {@code stateDir} (usually {@code ./.ddbload}). */
  public RestoreLedger(Path stateDir) {
    this.dir = stateDir.resolve("capacity");
  }

  /** The file a table's pending restore is kept in. */
  public Path fileFor(String table, String target) {
    return dir.resolve(table + "@" + target.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  /** The pending restore of this table, if a run left one. */
  public synchronized Optional<PendingRestore> find(String table, String target) {
    Path file = fileFor(table, target);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      Map<String, Long> indexes = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("indexWrites").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        indexes.put(e.getKey(), e.getValue().asLong());
      }
      return Optional.of(new PendingRestore(n.path("table").asText(table), n.path("target").asText(target),
          n.path("tableWrite").asLong(), indexes, Instant.parse(n.path("recordedAt").asText(Instant.EPOCH.toString()))));
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("the pending capacity restore " + file + " cannot be read: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** Records (or replaces) a pending restore. */
  public synchronized void save(PendingRestore restore) {
    ObjectNode n = JSON.createObjectNode();
    n.put("table", restore.table());
    n.put("target", restore.target());
    n.put("tableWrite", restore.tableWrite());
    ObjectNode indexes = n.putObject("indexWrites");
    restore.indexWrites().forEach(indexes::put);
    n.put("recordedAt", restore.recordedAt().toString());
    Path file = fileFor(restore.table(), restore.target());
    try {
      AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException("the pending capacity restore " + file + " cannot be written: "
          + e.getMessage(), e);
    }
  }

  /** Forgets the pending restore of this table. */
  public synchronized void clear(String table, String target) {
    try {
      Files.deleteIfExists(fileFor(table, target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
