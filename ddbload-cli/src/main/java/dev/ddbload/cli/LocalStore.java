package dev.ddbload.cli;

import dev.ddbload.files.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database file of {@code --local} in a directory ({@code shared-local-instance.db}, DynamoDB
 * Local's with {@code -sharedDb}), made ready before DynamoDB Local opens it:
 *
 * <ul>
 *   <li>created readable by its owner only, as every file of ddbload that holds records (SQLite
 *       gives its {@code -wal} and {@code -shm} files the same mode);
 *   <li>in SQLite's write-ahead-log mode, which the file keeps: DynamoDB Local opens it with
 *       SQLite's default rollback journal, which creates, syncs and deletes a journal file for every
 *       write; in WAL mode a load's writes cost about 40 % less (docs/BENCHMARKS.md, "Short loads").
 *       A database of an earlier run is switched too.
 * </ul>
 *
 * SQLite is DynamoDB Local's own (sqlite4java, with the native library DynamoDB Local unpacks),
 * reached through DynamoDB Local's class loader. A failure costs the speed only: DynamoDB Local
 * opens the file as it finds it.
 */
final class LocalStore {

  private static final Logger log = LoggerFactory.getLogger(LocalStore.class);
  /** sqlite4java's logger (java.util.logging), which says at INFO that a connection opened and closed. */
  private static final java.util.logging.Logger SQLITE = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

  /** The file DynamoDB Local keeps its tables in with {@code -sharedDb}. */
  static final String DATABASE = "shared-local-instance.db";

  private LocalStore() {}

  /** Creates the database in {@code dir} if missing, owner-only, and puts it in WAL mode. */
  static void prepare(Path dir, ClassLoader dynamoLocal) {
    Path db = dir.resolve(DATABASE);
    try {
      if (!Files.exists(db)) {
        PrivateFiles.create(db);
      } else if (writeAheadLog(db)) {
        return;
      }
      SQLITE.setLevel(Level.WARNING);
      Class.forName("com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader", true,
          dynamoLocal).getMethod("initialize").invoke(null);
      Class<?> connection = Class.forName("com.almworks.sqlite4java.SQLiteConnection", true, dynamoLocal);
      Object c = connection.getConstructor(File.class).newInstance(db.toFile());
      try {
        connection.getMethod("open", boolean.class).invoke(c, true);
        connection.getMethod("exec", String.class).invoke(c, "PRAGMA journal_mode=WAL");
      } finally {
        connection.getMethod("dispose").invoke(c);
      }
    } catch (InvocationTargetException e) {
      log.debug("DynamoDB Local's database {} stays in its journal mode: {}", db, e.getCause().toString());
    } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.debug("DynamoDB Local's database {} stays in its journal mode: {}", db, e.toString());
    }
  }

  /**
   * Whether the SQLite database is in WAL mode: its header's read and write versions (bytes 18
   * and 19) are 2, where a rollback journal's are 1.
   */
  static boolean writeAheadLog(Path db) throws IOException {
    try (InputStream in = Files.newInputStream(db)) {
      byte[] header = in.readNBytes(20);
      return header.length == 20 && header[18] == 2 && header[19] == 2;
    }
  }
}
