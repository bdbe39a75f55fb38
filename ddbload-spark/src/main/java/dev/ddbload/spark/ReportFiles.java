package dev.ddbload.spark;

import dev.ddbload.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The driver's report files (job and verify reports): one JSON line, readable by its owner only. */
final class ReportFiles {

  private ReportFiles() {}

  /**
   * Writes {@code json} and a line end to {@code file}, replacing it; its directory is created if missing.
   *
   * @param what the report's name, for the message
   * @throws UncheckedIOException when the file cannot be written
   */
  static void write(Path file, String json, String what) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer w = Channels.newWriter(PrivateFiles.openForWriting(file, false), StandardCharsets.UTF_8)) {
        w.write(json);
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
    }
  }
}
