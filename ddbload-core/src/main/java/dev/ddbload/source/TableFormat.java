package dev.ddbload.source;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A kind of table kept as data files plus metadata that says which files make up the table now
 * (Delta Lake, Iceberg): {@link DatasetResolver} asks each known kind before treating a location
 * as a plain directory or file. Implementations are thread-safe.
 */
public interface TableFormat {

  /**
   * The data files of the table at this location, or empty when the location is not a table of
   * this kind.
   *
   * @throws dev.ddbload.config.ConfigurationException when it is such a table but cannot be loaded (a
   *     version that does not exist, a feature ddbload cannot apply), in one sentence
   * @throws IOException when its metadata cannot be read
   */
  Optional<List<Source>> resolve(Storage storage, Storage.Entry location) throws IOException;
}
