package dev.ddbload.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small state file so that a crash at any moment leaves either the old or the new
 * content, never a mix: write a temporary file beside it (readable by its owner only), force it
 * to disk, rename it over the target, force the directory. A temporary file a process killed
 * mid-write left behind is removed by the next write or {@link #delete}. Stateless and
 * thread-safe (callers serialize writes to one file).
 */
public final class AtomicFile {

  private AtomicFile() {}

  /** Writes {@code content} to {@code file} atomically, creating parent directories. */
  public static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    deleteLeftovers(file);
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      PrivateFiles.restrict(temp); // 0600 already on POSIX; the owner's only elsewhere too
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Deletes the file, and any temporary file of it a killed process left behind. */
  public static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    deleteLeftovers(file);
  }

  /** The temporary files of {@code file} ({@code .NAME.*.tmp} beside it) left by a process killed mid-write. */
  private static void deleteLeftovers(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "." + file.getFileName() + ".*.tmp")) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot open a directory; the rename itself is still atomic there.
    }
  }
}
