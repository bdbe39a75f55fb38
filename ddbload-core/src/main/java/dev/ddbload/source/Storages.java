package dev.ddbload.source;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Several stores seen as one, so a dataset or manifest in one store may name files in another
 * (a local list of {@code s3://} URIs): each location goes to the first store that handles it; a
 * relative location goes to the store of the directory it is relative to. Thread-safe as its
 * stores are.
 */
public final class Storages implements Storage {

  private final List<Storage> stores;

  /** The stores, asked in this order. */
  public Storages(List<Storage> stores) {
    this.stores = List.copyOf(stores);
  }

  @Override
  public boolean handles(String location) {
    for (Storage s : stores) {
      if (s.handles(location)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Entry> stat(String location) throws IOException {
    return storeOf(location).stat(location);
  }

  @Override
  public List<Entry> list(String directory) throws IOException {
    return storeOf(directory).list(directory);
  }

  @Override
  public InputStream open(String file) throws IOException {
    return storeOf(file).open(file);
  }

  @Override
  public String resolve(String directory, String relative) {
    return storeOf(directory).resolve(directory, relative);
  }

  @Override
  public String canonical(String location) {
    return storeOf(location).canonical(location);
  }

  @Override
  public String parent(String location) {
    return storeOf(location).parent(location);
  }

  @Override
  public Source source(Entry file, Format declaredFormat) {
    return storeOf(file.location()).source(file, declaredFormat);
  }

  /**
   * The store for a location.
   *
   * @throws ConfigurationException when no store handles it
   */
  private Storage storeOf(String location) {
    for (Storage s : stores) {
      if (s.handles(location)) {
        return s;
      }
    }
    throw new ConfigurationException("No store can read " + location
        + ": ddbload reads local paths and, given an S3 store, s3:// URIs.");
  }
}
