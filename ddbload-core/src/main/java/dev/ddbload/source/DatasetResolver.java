package dev.ddbload.source;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a dataset location into the files to load, through a {@link Storage}, so local
 * directories and S3 prefixes resolve alike:
 * <ul>
 *   <li>a DynamoDB export ({@code manifest-files.json}, or a directory holding it, or its
 *       {@code manifest-summary.json}): exactly the data files the manifest lists, with the
 *       format the summary's {@code outputFormat} declares ({@code ddb-changes} for an
 *       {@code exportType} of {@code INCREMENTAL_EXPORT}); an incremental export's files lie in
 *       the {@code AWSDynamoDB/data/} folder its exports share, beside the export's directory,
 *       and that folder is never read as a plain directory;
 *   <li>a Spark / Databricks commit marker {@code _committed_<id>}, or a directory holding
 *       such markers: exactly the files they list as added (less those listed as removed), never
 *       uncommitted files beside them;
 *   <li>a table of a {@link TableFormat} the options name (Delta Lake, Iceberg): the files of its
 *       current (or chosen) version;
 *   <li>any other directory (as Spark and Hadoop write them): every file in it, skipping hidden
 *       and {@code _}-prefixed files ({@code _SUCCESS}, {@code _started_*}) and {@code .crc}
 *       checksums; subdirectories (partitions) likewise, each on its own terms, each directory
 *       once (links that lead back up the tree are not followed again); a subdirectory named
 *       {@code key=value} gives the files below it that partition column
 *       ({@link PartitionedSource}) unless the options turn partition columns off;
 *   <li>any other file: itself.
 * </ul>
 * Every listed file must exist, so an incomplete copy of a dataset is one clear error before
 * anything is written. Thread-safe.
 */
public final class DatasetResolver {

  /** A DynamoDB export's list of data files. */
  public static final String EXPORT_FILES = "manifest-files.json";
  /** A DynamoDB export's summary. */
  public static final String EXPORT_SUMMARY = "manifest-summary.json";
  /** Prefix of a Spark / Databricks commit marker. */
  public static final String COMMITTED = "_committed_";
  private static final String EXPORT_DIR = "AWSDynamoDB/";
  /** Where incremental exports write their data files, shared by the exports under one prefix. */
  private static final String SHARED_DATA = EXPORT_DIR + "data/";

  private final Storage storage;
  private final DatasetOptions options;

  /** A resolver over this store, with partition columns and no table formats. */
  public DatasetResolver(Storage storage) {
    this(storage, DatasetOptions.defaults());
  }

  /** A resolver over this store, recognizing these table formats. */
  public DatasetResolver(Storage storage, DatasetOptions options) {
    this.storage = storage;
    this.options = options;
  }

  /**
   * The files a location stands for, in load order.
   *
   * @throws ConfigurationException when the location, or a file a manifest lists, does not
   *     exist, a manifest is invalid, or a directory holds no input files
   */
  public List<Source> resolve(String location) {
    try {
      Storage.Entry entry = storage.stat(location).orElseThrow(() ->
          new ConfigurationException("Input " + location + " does not exist."));
      for (TableFormat table : options.tables()) {
        Optional<List<Source>> files = table.resolve(storage, entry);
        if (files.isPresent()) {
          return files.get();
        }
      }
      if (!entry.directory()) {
        return file(entry);
      }
      List<Source> sources = directory(entry, List.of(), new HashSet<>());
      if (sources.isEmpty()) {
        throw new ConfigurationException("Directory " + location + " holds no input files.");
      }
      return sources;
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigurationException("Input " + location + " cannot be listed: " + e.getMessage() + ".", e);
    }
  }

  /**
   * The files a list manifest names (one path or URI per line; relative paths are relative to
   * the manifest's directory), each resolved as by {@link #resolve}.
   */
  public List<Source> resolveList(String manifest) {
    List<String> entries;
    try {
      entries = Manifests.list(storage.open(manifest), manifest);
    } catch (IOException e) {
      throw new ConfigurationException("Manifest " + manifest + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (entries.isEmpty()) {
      throw new ConfigurationException("Manifest " + manifest + " lists no inputs.");
    }
    String dir = storage.parent(manifest);
    List<Source> sources = new ArrayList<>();
    for (String entry : entries) {
      String location = storage.resolve(dir, entry);
      if (!storage.handles(location)) {
        throw new ConfigurationException("Manifest " + manifest + " names " + entry
            + ", which no store can read (ddbload reads local paths and, given an S3 store, s3:// URIs).");
      }
      sources.addAll(resolve(location));
    }
    return sources;
  }

  private List<Source> file(Storage.Entry file) throws IOException {
    String dir = storage.parent(file.location());
    if (file.name().equals(EXPORT_FILES) || file.name().equals(EXPORT_SUMMARY)) {
      return export(storage.stat(dir).orElseThrow());
    }
    if (file.name().startsWith(COMMITTED)) {
      return committed(dir, List.of(file));
    }
    return List.of(storage.source(file, null));
  }

  /**
   * The files of a directory and its subdirectories. Each directory is listed once, by its
   * canonical location, so a link back up the tree ({@code ln -s . dir/x}) ends the descent.
   *
   * @param partition the partition columns of {@code key=value} directories above this one
   * @param visited the canonical locations of the directories listed so far
   */
  private List<Source> directory(Storage.Entry dir, List<PartitionedSource.Column> partition, Set<String> visited)
      throws IOException {
    if (!visited.add(storage.canonical(dir.location()))) {
      return List.of();
    }
    List<Storage.Entry> children = storage.list(dir.location());
    List<Storage.Entry> commits = new ArrayList<>();
    List<Storage.Entry> files = new ArrayList<>();
    List<Storage.Entry> subdirectories = new ArrayList<>();
    for (Storage.Entry child : children) {
      if (child.name().equals(EXPORT_FILES) && !child.directory()) {
        return export(dir);
      }
      if (child.name().startsWith(COMMITTED) && !child.directory()) {
        commits.add(child);
      } else if (!isHidden(child.name())) {
        (child.directory() ? subdirectories : files).add(child);
      }
    }
    List<Source> sources = new ArrayList<>();
    if (commits.isEmpty()) {
      for (Storage.Entry f : files) {
        sources.add(partitioned(storage.source(f, null), partition));
      }
    } else {
      for (Source s : committed(dir.location(), commits)) {
        sources.add(partitioned(s, partition));
      }
    }
    for (Storage.Entry sub : subdirectories) {
      if (isSharedExportData(dir, sub)) {
        // Incremental exports' data files: each export's manifest names its own, in its order.
        continue;
      }
      sources.addAll(directory(sub, Partitions.below(partition, sub.name()), visited));
    }
    return sources;
  }

  private Source partitioned(Source file, List<PartitionedSource.Column> partition) {
    return partition.isEmpty() || !options.partitionColumns() ? file : new PartitionedSource(file, partition);
  }

  /** The {@code data} folder that incremental exports share, under {@code AWSDynamoDB}. */
  private static boolean isSharedExportData(Storage.Entry dir, Storage.Entry sub) {
    return dir.name().equals(EXPORT_DIR.substring(0, EXPORT_DIR.length() - 1)) && sub.name().equals("data");
  }

  /** Hidden, marker ({@code _SUCCESS}, {@code _started_*}, {@code _temporary}) or checksum. */
  private static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_") || name.endsWith(".crc");
  }

  private List<Source> committed(String dir, List<Storage.Entry> commits) throws IOException {
    Set<String> added = new LinkedHashSet<>();
    Set<String> removed = new LinkedHashSet<>();
    for (Storage.Entry commit : commits) {
      Manifests.Commit c = Manifests.commit(storage.open(commit.location()), commit.location());
      added.addAll(c.added());
      removed.addAll(c.removed());
    }
    added.removeAll(removed);
    List<Source> sources = new ArrayList<>();
    for (String name : added) {
      sources.add(listed(storage.resolve(dir, name), "commit manifest in " + dir, null));
    }
    return sources;
  }

  private List<Source> export(Storage.Entry dir) throws IOException {
    String summaryLocation = storage.resolve(dir.location(), EXPORT_SUMMARY);
    Manifests.ExportSummary summary = storage.stat(summaryLocation).isPresent()
        ? Manifests.exportSummary(storage.open(summaryLocation), summaryLocation)
        : new Manifests.ExportSummary(Optional.empty(), Optional.empty());
    String filesLocation = storage.resolve(dir.location(), EXPORT_FILES);
    List<String> keys = Manifests.exportDataKeys(storage.open(filesLocation), filesLocation);
    Format format = summary.format().orElse(null);
    List<Source> sources = new ArrayList<>();
    for (String key : keys) {
      int shared = sharedDataAt(key);
      String location = shared >= 0
          ? storage.resolve(storage.parent(dir.location()), key.substring(shared + EXPORT_DIR.length()))
          : storage.resolve(dir.location(), relativeKey(key, dir, summary));
      sources.add(listed(location, filesLocation, format));
    }
    return sources;
  }

  /**
   * Where {@code AWSDynamoDB/data/} starts in an incremental export's data key (the folder beside
   * the export's directory), or -1 for a key under the export's own directory.
   */
  static int sharedDataAt(String key) {
    int at = key.indexOf(SHARED_DATA);
    return at == 0 || (at > 0 && key.charAt(at - 1) == '/') ? at : -1;
  }

  /**
   * A data file's key relative to the export's directory: after the key prefix of the manifest
   * (from the summary), else after {@code AWSDynamoDB/<exportId>/}, else as it is.
   */
  static String relativeKey(String key, Storage.Entry exportDir, Manifests.ExportSummary summary) {
    Optional<String> manifestKey = summary.manifestFilesKey();
    if (manifestKey.isPresent()) {
      String prefix = manifestKey.get().substring(0, manifestKey.get().lastIndexOf('/') + 1);
      if (!prefix.isEmpty() && key.startsWith(prefix)) {
        return key.substring(prefix.length());
      }
    }
    String marker = EXPORT_DIR + exportDir.name() + "/";
    int at = key.indexOf(marker);
    if (at == 0 || (at > 0 && key.charAt(at - 1) == '/')) {
      return key.substring(at + marker.length());
    }
    return key;
  }

  private Source listed(String location, String manifest, Format format) throws IOException {
    Storage.Entry entry = storage.stat(location).orElseThrow(() -> new ConfigurationException("File " + location
        + ", listed in " + manifest + ", does not exist."));
    if (entry.directory()) {
      throw new ConfigurationException(location + ", listed in " + manifest + ", is a directory, not a file.");
    }
    return storage.source(entry, format);
  }
}
