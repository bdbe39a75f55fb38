package dev.ddbload.source;

import dev.ddbload.ConfigurationException;
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

/**
 * Turns the inputs a user names into sources, in order: a file; a directory (every regular file
 * below it, sorted, skipping hidden and {@code _}-prefixed files and directories such as
 * {@code _SUCCESS} or {@code _temporary}); a glob ({@code data/*.csv}, {@code logs/**.jsonl});
 * {@code -} for standard input. Every named input must exist and be readable, so that a typo is
 * one clear error before anything is written. Thread-safe.
 */
public final class SourceResolver {

  private final Supplier<InputStream> stdin;

  /** A resolver whose {@code -} reads from the given stream. */
  public SourceResolver(Supplier<InputStream> stdin) {
    this.stdin = stdin;
  }

  /**
   * Resolves the inputs.
   *
   * @throws ConfigurationException naming the first input that is missing, unreadable, matches
   *     nothing or is standard input named twice
   */
  public List<Source> resolve(List<String> inputs) {
    if (inputs.isEmpty()) {
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
      } else if (isGlob(input)) {
        sources.addAll(glob(input));
      } else {
        Path path = Paths.get(input);
        if (Files.isDirectory(path)) {
          sources.addAll(directory(input, path));
        } else {
          sources.add(file(input, path));
        }
      }
    }
    return sources;
  }

  private static LocalFileSource file(String input, Path path) {
    if (!Files.exists(path)) {
      throw new ConfigurationException("Input " + input + " does not exist.");
    }
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException("Input " + input + " is not a regular file.");
    }
    if (!Files.isReadable(path)) {
      throw new ConfigurationException("Input " + input + " is not readable (check its permissions).");
    }
    return new LocalFileSource(path);
  }

  private static List<Source> directory(String input, Path dir) {
    List<Source> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> !p.equals(dir))
          .filter(p -> !isHiddenBelow(dir, p))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(p -> files.add(file(p.toString(), p)));
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigurationException("Directory " + input + " cannot be listed: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ConfigurationException("Directory " + input + " holds no input files.");
    }
    return files;
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
            .forEach(p -> files.add(file(p.toString(), p)));
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

  /** Hidden or marker: any path element below {@code base} starting with '.' or '_'. */
  private static boolean isHiddenBelow(Path base, Path p) {
    Path rel = base.relativize(p);
    for (Path part : rel) {
      String s = part.toString();
      if (s.startsWith(".") || s.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
