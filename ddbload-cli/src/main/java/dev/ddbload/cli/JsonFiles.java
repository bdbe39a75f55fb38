package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.report.SuspectRecords;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  /**
   * The inputs not read in full, as the array {@code damage}: where each stopped (source, line,
   * record index), why, the bytes left unread (-1 when unknown) and the suspect records, if any.
   */
  static void writeDamage(JsonGenerator g, List<SourceDamage> damage) throws IOException {
    g.writeArrayFieldStart("damage");
    for (SourceDamage d : damage) {
      g.writeStartObject();
      g.writeStringField("source", d.source());
      g.writeNumberField("line", d.line());
      g.writeNumberField("index", d.index());
      g.writeStringField("reason", d.reason());
      g.writeNumberField("bytesUnread", d.bytesUnread());
      if (d.suspect().isPresent()) {
        SuspectRecords r = d.suspect().get();
        g.writeObjectFieldStart("suspect");
        g.writeNumberField("firstLine", r.firstLine());
        g.writeNumberField("firstIndex", r.firstIndex());
        g.writeNumberField("lastLine", r.lastLine());
        g.writeNumberField("lastIndex", r.lastIndex());
        g.writeNumberField("records", r.count());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
