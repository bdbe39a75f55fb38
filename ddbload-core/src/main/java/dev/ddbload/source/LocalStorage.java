package dev.ddbload.source;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Local files, named by paths or {@code file:} URIs. Stateless and thread-safe. */
public final class LocalStorage implements Storage {

  @Override
  public boolean handles(String location) {
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    // A scheme is letters before "://"; "C:\x" and "a:b" are local names.
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash) && location.startsWith("://", colon);
    return !hasScheme || location.toLowerCase(Locale.ROOT).startsWith("file:");
  }

  @Override
  public Optional<Entry> stat(String location) throws IOException {
    Path p = path(location);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    boolean dir = Files.isDirectory(p);
    return Optional.of(new Entry(location, name(p), dir, dir ? -1 : Files.size(p)));
  }

  @Override
  public List<Entry> list(String directory) throws IOException {
    Path dir = path(directory);
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : (Iterable<Path>) children.sorted(Comparator.comparing(LocalStorage::name))::iterator) {
        boolean isDir = Files.isDirectory(p);
        if (isDir || Files.isRegularFile(p)) {
          entries.add(new Entry(p.toString(), name(p), isDir, isDir ? -1 : Files.size(p)));
        }
      }
    }
    return entries;
  }

  @Override
  public InputStream open(String file) throws IOException {
    return Files.newInputStream(path(file));
  }

  @Override
  public String resolve(String directory, String relative) {
    if (!handles(relative)) {
      return relative;
    }
    if (relative.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return Paths.get(URI.create(relative)).toString();
    }
    Path r = Paths.get(relative);
    return r.isAbsolute() ? r.toString() : path(directory).resolve(r).normalize().toString();
  }

  @Override
  public String canonical(String location) {
    Path p = path(location);
    try {
      return p.toRealPath().toString();
    } catch (IOException | SecurityException e) {
      return p.toAbsolutePath().normalize().toString();
    }
  }

  @Override
  public String parent(String location) {
    Path parent = path(location).toAbsolutePath().getParent();
    Path given = path(location).getParent();
    return (given != null ? given : parent).toString();
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConfigurationException when the file is not readable
   */
  @Override
  public Source source(Entry file, Format declaredFormat) {
    Path p = path(file.location());
    if (!Files.isReadable(p)) {
      throw new ConfigurationException("Input " + file.location() + " is not readable (check its permissions).");
    }
    return new LocalFileSource(p, declaredFormat);
  }

  private static Path path(String location) {
    if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return Paths.get(URI.create(location));
    }
    return Paths.get(location);
  }

  private static String name(Path p) {
    Path name = p.getFileName();
    return name == null ? p.toString() : name.toString();
  }
}
