package dev.ddbload.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.files.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Pending capacity restores, one small JSON file per table and target under
 * {@code <state dir>/capacity/}, written atomically: the default {@link RestoreStore}.
 * Thread-safe.
 */
public final class RestoreLedger implements RestoreStore {

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
  @Override
  public synchronized Optional<PendingRestore> find(String table, String target) {
    Path file = fileFor(table, target);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PendingRestore.fromJson(JSON.readTree(file.toFile()), table, target));
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("the pending capacity restore " + file + " cannot be read: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** Records (or replaces) a pending restore. */
  @Override
  public synchronized void save(PendingRestore restore) {
    ObjectNode n = JSON.createObjectNode();
    restore.writeTo(n);
    Path file = fileFor(restore.table(), restore.target());
    try {
      AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException("the pending capacity restore " + file + " cannot be written: "
          + e.getMessage(), e);
    }
  }

  /** Forgets the pending restore of this table. */
  @Override
  public synchronized void clear(String table, String target) {
    try {
      Files.deleteIfExists(fileFor(table, target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
