package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI's JSON report files: created with their directory, readable by their owner only, indented. */
final class JsonFiles {

  private JsonFiles() {}

  /** A generator writing {@code file} (replaced if it exists); closing it closes the file. */
  static JsonGenerator create(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JsonGenerator g = new JsonFactory().createGenerator(
        Channels.newOutputStream(PrivateFiles.openForWriting(file, false)), JsonEncoding.UTF8);
    g.useDefaultPrettyPrinter();
    return g;
  }
}
