package dev.ddbload.verify;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.ddbload.decode.Origin;
import dev.ddbload.item.ItemJson;
import dev.ddbload.files.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The differences file: one JSON object per line for each key or item that is not as the inputs
 * say, with {@code kind} ({@code missing}, {@code different}, {@code unexpected}: present where a
 * delete expects none, {@code extra}, {@code unverified}), the origin of the record checked
 * ({@code source}, {@code line}, {@code index}, {@code offset} when known), the {@code key} in
 * DynamoDB JSON, and the values: for {@code different} the names of the {@code attributes} that
 * differ and, as partial items of just those attributes, the {@code expected} and {@code actual}
 * values (an attribute absent on one side is absent from that partial item); the whole
 * {@code expected} item of a missing key; the whole {@code actual} item of an unexpected one; the
 * {@code error} of an unverified one. {@code severalInputs} is true for a key whose records come
 * from more than one input. Created, readable by its owner only, at the first difference.
 * Thread-safe.
 */
final class DifferenceLog implements Closeable {

  private final Path path;
  /** Closing a line's generator flushes it into the file but leaves the file open. */
  private final JsonFactory json = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  private OutputStream out;
  private long lines;
  private boolean closed;

  DifferenceLog(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The file, if anything was written to it. */
  synchronized Optional<Path> writtenFile() {
    return lines == 0 ? Optional.empty() : Optional.of(path);
  }

  void missing(Origin origin, Map<String, AttributeValue> key, Map<String, AttributeValue> expected,
      boolean severalInputs) {
    write("missing", origin, key, severalInputs, g -> {
      g.writeFieldName("expected");
      ItemJson.write(g, expected);
    });
  }

  void different(Origin origin, Map<String, AttributeValue> key, List<String> names,
      Map<String, AttributeValue> expected, Map<String, AttributeValue> actual, boolean severalInputs) {
    write("different", origin, key, severalInputs, g -> {
      g.writeArrayFieldStart("attributes");
      for (String name : names) {
        g.writeString(name);
      }
      g.writeEndArray();
      g.writeFieldName("expected");
      ItemJson.write(g, only(expected, names));
      g.writeFieldName("actual");
      ItemJson.write(g, only(actual, names));
    });
  }

  void unexpected(Origin origin, Map<String, AttributeValue> key, Map<String, AttributeValue> actual,
      boolean severalInputs) {
    write("unexpected", origin, key, severalInputs, g -> {
      g.writeFieldName("actual");
      ItemJson.write(g, actual);
    });
  }

  void extra(Map<String, AttributeValue> key) {
    write("extra", null, key, false, g -> { });
  }

  void unverified(Origin origin, Map<String, AttributeValue> key, String error, boolean severalInputs) {
    write("unverified", origin, key, severalInputs, g -> g.writeStringField("error", error));
  }

  /** Writes the rest of a line. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private synchronized void write(String kind, Origin origin, Map<String, AttributeValue> key,
      boolean severalInputs, Fields fields) {
    if (closed) {
      throw new IllegalStateException("the differences file is closed");
    }
    try {
      if (out == null) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        out = new BufferedOutputStream(Channels.newOutputStream(PrivateFiles.openForWriting(path, false)), 64 * 1024);
      }
      try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeStringField("kind", kind);
        if (origin != null) {
          g.writeStringField("source", origin.source());
          g.writeNumberField("line", origin.line());
          g.writeNumberField("index", origin.index());
          if (origin.offset() >= 0) {
            g.writeNumberField("offset", origin.offset());
          }
        }
        g.writeFieldName("key");
        ItemJson.write(g, key);
        if (severalInputs) {
          g.writeBooleanField("severalInputs", true);
        }
        fields.write(g);
        g.writeEndObject();
      }
      out.write('\n');
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the differences file " + path + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, AttributeValue> only(Map<String, AttributeValue> item, List<String> names) {
    Map<String, AttributeValue> part = new LinkedHashMap<>();
    for (String name : names) {
      AttributeValue v = item.get(name);
      if (v != null) {
        part.put(name, v);
      }
    }
    return part;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (out != null) {
      out.close();
    }
  }

}
