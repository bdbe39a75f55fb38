package dev.ddbload.source;

import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where input files live, seen through locations written as the user writes them (a local path;
 * {@code s3://bucket/key} for the S3 store). Lists, opens and names files, so that datasets
 * and manifests ({@link DatasetResolver}) resolve the same way wherever they are stored.
 * Implementations are thread-safe.
 */
public interface Storage {

  /**
   * A file or directory. {@code size} is -1 for directories; {@code version} tells this version
   * of a file from another with the same name where the store says (an S3 object's ETag), else
   * null.
   */
  record Entry(String location, String name, boolean directory, long size, String version) {

    /** An entry whose store tells no versions apart. */
    public Entry(String location, String name, boolean directory, long size) {
      this(location, name, directory, size, null);
    }
  }

  /** Whether this store holds locations written like this one. */
  boolean handles(String location);

  /** The file or directory at a location, if there is one. */
  Optional<Entry> stat(String location) throws IOException;

  /** The files and directories directly inside a directory, sorted by name. */
  List<Entry> list(String directory) throws IOException;

  /** Opens a file for reading. */
  InputStream open(String file) throws IOException;

  /** A location relative to a directory; an absolute path or a URI stays as it is. */
  String resolve(String directory, String relative);

  /**
   * The one name of a location, whatever way it was written: for local paths the real path
   * (links resolved), so that a directory is listed once even when links lead back into it.
   * The location itself where a store has no such aliases.
   */
  default String canonical(String location) {
    return location;
  }

  /** The directory holding a location. */
  String parent(String location);

  /** A file as a source to load, with the format its dataset declares (null: none). */
  Source source(Entry file, Format declaredFormat);
}
