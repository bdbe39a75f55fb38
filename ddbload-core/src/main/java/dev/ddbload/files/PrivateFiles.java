package dev.ddbload.files;

import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files that hold records (rejects, reports, differences, a verification's spill) or the state of a job (checkpoints) are readable
 * and writable by their owner only: mode 0600 where the file system has POSIX permissions, else
 * an access list granting the owner alone (Windows), else whatever {@link java.io.File} can
 * restrict. A file that already exists is restricted too before it is written. Stateless.
 */
public final class PrivateFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);

  private PrivateFiles() {}

  /** Whether the default file system has POSIX permissions. */
  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Opens a file for writing, creating it readable by its owner only.
   *
   * @param append whether to add to an existing file rather than replace its content
   */
  public static FileChannel openForWriting(Path file, boolean append) throws IOException {
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    if (Files.exists(file)) {
      restrict(file);
    }
    FileChannel channel = posix()
        ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : FileChannel.open(file, options);
    if (!posix()) {
      restrict(file);
    }
    return channel;
  }

  /** Creates an empty file, readable by its owner only, that must not exist yet. */
  public static void create(Path file) throws IOException {
    if (posix()) {
      Files.createFile(file, ownerOnly());
    } else {
      Files.createFile(file);
      restrict(file);
    }
  }

  /**
   * Creates a new directory under {@code parent} (made if missing), named from {@code prefix},
   * readable, writable and searchable by its owner only (mode 0700), for files that hold records
   * while a command runs.
   */
  public static Path createDirectory(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    if (posix()) {
      return Files.createTempDirectory(parent, prefix,
          PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
    }
    Path dir = Files.createTempDirectory(parent, prefix);
    restrict(dir);
    return dir;
  }

  /** The attribute that creates a POSIX file with mode 0600. */
  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  }

  /** Makes an existing file readable and writable by its owner only, as far as the file system allows. */
  public static void restrict(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      return;
    }
    AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
    if (acl != null) {
      UserPrincipal owner = Files.getOwner(file);
      acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
          .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
      return;
    }
    java.io.File f = file.toFile();
    f.setReadable(false, false);
    f.setWritable(false, false);
    f.setReadable(true, true);
    f.setWritable(true, true);
  }

  /**
   * Checks that {@code file} can be created: its directory is created if missing and must be
   * writable, and the path must not be a directory.
   *
   * @param what the file's role, for the message (e.g. "differences file")
   * @throws ConfigurationException when it cannot be
   */
  public static void checkWritable(Path file, String what) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create the directory for the " + what + " " + file + ".", e);
    }
    if (!Files.isWritable(dir) || Files.isDirectory(file)) {
      throw new ConfigurationException("Cannot write the " + what + " " + file + ".");
    }
  }
}
