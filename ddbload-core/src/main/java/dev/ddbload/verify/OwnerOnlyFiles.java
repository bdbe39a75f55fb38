package dev.ddbload.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files and directories that hold records (the spill, the differences file), readable by their
 * owner only: modes 0700 and 0600 where the file system has POSIX permissions, else what
 * {@link java.io.File} can restrict. Stateless.
 */
final class OwnerOnlyFiles {

  private OwnerOnlyFiles() {}

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** A new directory under {@code parent} (created if missing), named from {@code prefix}. */
  static Path createTempDirectory(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    if (posix()) {
      return Files.createTempDirectory(parent, prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path dir = Files.createTempDirectory(parent, prefix);
    restrict(dir);
    return dir;
  }

  /**
   * Opens a file for writing, created readable by its owner only; an existing file is
   * restricted and replaced.
   */
  static OutputStream create(Path file) throws IOException {
    if (Files.exists(file)) {
      restrict(file);
    } else if (posix()) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
      restrict(file);
    }
    return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static void restrict(Path path) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------"
          : "rw-------"));
      return;
    }
    java.io.File f = path.toFile();
    f.setReadable(false, false);
    f.setWritable(false, false);
    f.setReadable(true, true);
    f.setWritable(true, true);
  }
}
