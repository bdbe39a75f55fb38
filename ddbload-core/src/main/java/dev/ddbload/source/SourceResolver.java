package dev.ddbload.source;

import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the inputs a user names into sources, in order: a file; a directory or a manifest
 * (resolved by {@link DatasetResolver}: Spark and Hadoop output, commit markers, DynamoDB
 * exports); a glob ({@code data/*.csv}, {@code logs/**.jsonl}); {@code -} for standard input;
 * and the entries of {@code --manifest} lists. Locations in other stores ({@code s3://bucket/key}
 * and {@code s3://bucket/prefix/} with an S3 store) resolve the same way as local ones. Every
 * named input must exist and be readable, so that a typo is one clear error before anything is
 * written. An input named more than once is read once ({@link DistinctSources}). Thread-safe.
 */
public final class SourceResolver {

  private static final Logger log = LoggerFactory.getLogger(SourceResolver.class);

  private final Supplier<InputStream> stdin;
  private final LocalStorage local = new LocalStorage();
  private final Storages storage;
  private final DatasetResolver datasets;

  /** A resolver of local inputs whose {@code -} reads from the given stream. */
  public SourceResolver(Supplier<InputStream> stdin) {
    this(stdin, List.of());
  }

  /**
   * A resolver whose {@code -} reads from the given stream, reading locations these stores
   * handle (such as an {@code S3Storage}) from them and everything else as local paths.
   */
  public SourceResolver(Supplier<InputStream> stdin, List<Storage> stores) {
    this(stdin, stores, DatasetOptions.defaults());
  }

  /**
   * As {@link #SourceResolver(Supplier, List)}, resolving datasets with these options (partition
   * columns, table formats).
   */
  public SourceResolver(Supplier<InputStream> stdin, List<Storage> stores, DatasetOptions options) {
    this.stdin = stdin;
    List<Storage> all = new ArrayList<>(stores);
    all.add(local);
    this.storage = new Storages(all);
    this.datasets = new DatasetResolver(storage, options);
  }

  /**
   * Resolves the inputs.
   *
   * @throws ConfigurationException naming the first input that is missing, unreadable, matches
   *     nothing or is standard input named twice
   */
  public List<Source> resolve(List<String> inputs) {
    return resolve(inputs, List.of());
  }

  /**
   * Resolves the inputs, then the entries of each list manifest (one path or URI per line);
   * an input named more than once is kept once (logged).
   *
   * @throws ConfigurationException as {@link #resolve(List)}, or for an unreadable manifest
   */
  public List<Source> resolve(List<String> inputs, List<String> manifests) {
    DistinctSources resolved = resolveDistinct(inputs, manifests);
    resolved.notes().forEach(note -> log.info("{}", note));
    return resolved.sources();
  }

  /**
   * Resolves the inputs, then the entries of each list manifest, and keeps every input once
   * ({@link DistinctSources}): the notes say which inputs were named more than once.
   *
   * @throws ConfigurationException as {@link #resolve(List, List)}
   */
  public DistinctSources resolveDistinct(List<String> inputs, List<String> manifests) {
    return DistinctSources.of(resolveAll(inputs, manifests));
  }

  private List<Source> resolveAll(List<String> inputs, List<String> manifests) {
    if (inputs.isEmpty() && manifests.isEmpty()) {
      throw new ConfigurationException("No input given: name files, directories, globs or - for standard input.");
    }
    List<Source> sources = new ArrayList<>();
    boolean stdinUsed = false;
    for (String input : inputs) {
      if (input.equals(StdinSource.NAME)) {
        if (stdinUsed) {
          throw new ConfigurationException("Standard input (-) is named more than once.");
        }
        stdinUsed = true;
        sources.add(new StdinSource(stdin.get()));
      } else if (!local.handles(input)) {
        if (!storage.handles(input)) {
          throw new ConfigurationException("Input " + input
              + " is not a location ddbload can read: name a local path or an s3:// URI.");
        }
        sources.addAll(datasets.resolve(input));
      } else if (isGlob(input)) {
        sources.addAll(glob(input));
      } else {
        sources.addAll(datasets.resolve(input));
      }
    }
    for (String manifest : manifests) {
      if (!isFile(manifest)) {
        throw new ConfigurationException("Manifest " + manifest + " does not exist or is not a file.");
      }
      sources.addAll(datasets.resolveList(manifest));
    }
    return sources;
  }

  private boolean isFile(String location) {
    if (!storage.handles(location)) {
      return false;
    }
    try {
      return storage.stat(location).map(e -> !e.directory()).orElse(false);
    } catch (IOException e) {
      throw new ConfigurationException("Manifest " + location + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  private static List<Source> glob(String input) {
    Path base = globBase(input);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + input);
    List<Source> files = new ArrayList<>();
    if (Files.isDirectory(base)) {
      try (Stream<Path> walk = Files.walk(base)) {
        walk.filter(Files::isRegularFile)
            .filter(matcher::matches)
            .filter(p -> !isHiddenBelow(base, p))
            .sorted()
            .forEach(p -> files.add(new LocalFileSource(p)));
      } catch (IOException | UncheckedIOException e) {
        throw new ConfigurationException("Pattern " + input + " cannot be expanded: " + e.getMessage());
      }
    }
    if (files.isEmpty()) {
      throw new ConfigurationException("Pattern " + input + " matches no files.");
    }
    return files;
  }

  /** The longest leading directory of a glob that holds no pattern characters. */
  private static Path globBase(String glob) {
    int firstMeta = 0;
    while (firstMeta < glob.length() && "*?[{".indexOf(glob.charAt(firstMeta)) < 0) {
      firstMeta++;
    }
    int slash = glob.lastIndexOf('/', firstMeta);
    if (slash < 0) {
      return Paths.get("");
    }
    return Paths.get(slash == 0 ? "/" : glob.substring(0, slash));
  }

  private static boolean isGlob(String input) {
    for (int i = 0; i < input.length(); i++) {
      if ("*?[{".indexOf(input.charAt(i)) >= 0) {
        return !Files.exists(Paths.get(input));
      }
    }
    return false;
  }

  /** Hidden, marker or checksum: any path element below {@code base} starting with '.' or '_'. */
  private static boolean isHiddenBelow(Path base, Path p) {
    Path rel = base.relativize(p);
    for (Path part : rel) {
      String s = part.toString();
      if (s.startsWith(".") || s.startsWith("_") || s.endsWith(".crc")) {
        return true;
      }
    }
    return false;
  }
}
