package dev.ddbload.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What a local file looked like at one moment: its size, modification time and file key (device
 * and inode on POSIX; null where the file system has none). Two snapshots that differ mean the
 * file was written to, truncated, grown or replaced in between.
 *
 * @param size bytes
 * @param modified last modification time
 * @param fileKey the file system's identity of the file, or null
 */
public record FileSnapshot(long size, FileTime modified, Object fileKey) {

  /** Checks presence. */
  public FileSnapshot {
    Objects.requireNonNull(modified, "modified");
  }

  /** The file as it is now, links followed. */
  public static FileSnapshot of(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new FileSnapshot(a.size(), a.lastModifiedTime(), a.fileKey());
  }

  /**
   * How {@code now} differs from this snapshot, in a few words ("was replaced by another file",
   * "grew from 10 to 12 bytes"); null when it does not.
   */
  public String changeTo(FileSnapshot now) {
    if (fileKey != null && now.fileKey != null && !fileKey.equals(now.fileKey)) {
      return "was replaced by another file";
    }
    if (now.size < size) {
      return String.format(java.util.Locale.ROOT, "was truncated from %,d to %,d bytes", size, now.size);
    }
    if (now.size > size) {
      return String.format(java.util.Locale.ROOT, "grew from %,d to %,d bytes", size, now.size);
    }
    if (!modified.equals(now.modified)) {
      return "was rewritten (its modification time changed)";
    }
    return null;
  }
}
