package dev.ddbload.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.decode.Origin;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.item.ItemJson;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A task's ambiguous keys as lines of the differences file: {@code kind} {@code ambiguous}, the
 * first row's origin ({@code source} {@code partition N}, {@code line} 0, {@code index}), the
 * {@code key} and the number of {@code rows} with the key. Created, readable by its owner only,
 * at the first key. Not thread-safe.
 */
final class AmbiguousKeys implements Closeable {

  private final Path path;
  private final JsonFactory json = new JsonFactory();
  private OutputStream out;
  private long lines;

  AmbiguousKeys(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Lines written. */
  long lines() {
    return lines;
  }

  void write(Origin first, Map<String, AttributeValue> key, long rows) throws IOException {
    if (out == null) {
      out = new BufferedOutputStream(Channels.newOutputStream(PrivateFiles.openForWriting(path, false)), 64 * 1024);
    }
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      g.writeStartObject();
      g.writeStringField("kind", "ambiguous");
      g.writeStringField("source", first.source());
      g.writeNumberField("line", first.line());
      g.writeNumberField("index", first.index());
      g.writeFieldName("key");
      ItemJson.write(g, key);
      g.writeNumberField("rows", rows);
      g.writeEndObject();
    }
    out.write('\n');
    lines++;
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
