package dev.ddbload.reject;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RawText;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.item.RejectReason;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rejects file: one JSON object per line with the record's source, line, index (0-based
 * position in its source), byte offset (when known), reason code, message, attempts and the
 * record as read; when the record's bytes are not valid UTF-8 ({@link RawText} carries them),
 * {@code record} shows each bad byte as U+FFFD and {@code recordBase64} holds the exact bytes.
 * The file is created on the first reject, so a clean load leaves none behind, and readable by
 * its owner only ({@link PrivateFiles}). Thread-safe.
 */
public final class RejectSink implements Closeable {

  private final Path path;
  /** Closing a line's generator flushes it into the file but leaves the file open. */
  private final JsonFactory json = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  private final LongAdder count = new LongAdder();
  private final boolean append;
  private FileChannel channel;
  private OutputStream out;
  private boolean closed;

  /** A sink that will write to {@code path}, replacing an older file there. */
  public RejectSink(Path path) {
    this(path, false);
  }

  /**
   * A sink that will write to {@code path}.
   *
   * @param append whether to add to an existing file (a resumed load) rather than replace it
   */
  public RejectSink(Path path, boolean append) {
    this.path = path;
    this.append = append;
  }

  /** Where rejects go. */
  public Path path() {
    return path;
  }

  /** The file, if at least one record was rejected. */
  public synchronized Optional<Path> writtenFile() {
    return out == null ? Optional.empty() : Optional.of(path);
  }

  /** Rejects written so far. */
  public long count() {
    return count.sum();
  }

  /**
   * Writes one reject.
   *
   * @param origin where the record came from
   * @param raw the record as read ({@link RawText}: bytes that are not UTF-8 carried exactly)
   * @param reason reject code
   * @param message one sentence
   * @param attempts write attempts made (0 when it never reached DynamoDB)
   * @throws UncheckedIOException when the rejects file cannot be written: the load must stop,
   *     since a reject that cannot be recorded would be a lost record
   */
  public synchronized void reject(Origin origin, String raw, RejectReason reason, String message, int attempts) {
    if (closed) {
      throw new IllegalStateException("the rejects file is closed");
    }
    try {
      if (out == null) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        channel = PrivateFiles.openForWriting(path, append);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
      }
      try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeStringField("source", origin.source());
        g.writeNumberField("line", origin.line());
        g.writeNumberField("index", origin.index());
        if (origin.offset() >= 0) {
          g.writeNumberField("offset", origin.offset());
        }
        g.writeStringField("reason", reason.name());
        g.writeStringField("message", message);
        g.writeNumberField("attempts", attempts);
        if (RawText.hasEscapedBytes(raw)) {
          g.writeStringField("record", RawText.readable(raw));
          g.writeStringField("recordBase64", Base64.getEncoder().encodeToString(RawText.bytes(raw)));
        } else {
          g.writeStringField("record", raw);
        }
        g.writeEndObject();
      }
      out.write('\n');
      count.increment();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rejects file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Flushes written rejects to the file and forces them to disk (before a checkpoint moves past
   * them).
   *
   * @return the file's length now: every reject written so far, and nothing else
   */
  public synchronized long flush() throws IOException {
    if (out != null && !closed) {
      out.flush();
      channel.force(false);
      return channel.size();
    }
    if (out == null) {
      return append && Files.exists(path) ? Files.size(path) : 0;
    }
    return Files.size(path);
  }

  /**
   * Cuts a resumed job's rejects file back to its length at the checkpoint: what was written
   * after it is of records the resume reads again, and would be rejected twice.
   *
   * @param path the rejects file
   * @param bytes its length at the checkpoint
   * @return bytes dropped (0 when the file is missing or not longer)
   */
  public static long resumeAt(Path path, long bytes) throws IOException {
    if (bytes < 0 || !Files.exists(path)) {
      return 0;
    }
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
      long size = file.size();
      if (size <= bytes) {
        return 0;
      }
      file.truncate(bytes);
      file.force(false);
      return size - bytes;
    }
  }

  /**
   * What a resumed job's rejects file keeps of its earlier runs.
   *
   * @param lines rejects kept
   * @param bytes the file's length
   * @param dropped {@code ABORTED} rejects dropped
   */
  public record Kept(long lines, long bytes, long dropped) {}

  /**
   * Drops from a resumed job's rejects file the rejects of records aborted by a fatal error or
   * {@code --max-errors} ({@code ABORTED}): such a record was never finished, so the resume reads
   * it again and it ends written, rejected for its own reason, or aborted again; left in the file,
   * it would look rejected, or be listed twice. The file is rewritten (a temporary file beside it,
   * forced to disk, renamed over it) only when it holds such lines.
   *
   * @return what the file keeps; all zero when it does not exist
   */
  public static Kept dropAborted(Path path) throws IOException {
    if (!Files.exists(path)) {
      return new Kept(0, 0, 0);
    }
    long[] counts = new long[2];
    forEachLine(path, (line, length) -> counts[isAborted(line, length) ? 1 : 0]++);
    if (counts[1] == 0) {
      return new Kept(counts[0], Files.size(path), 0);
    }
    Path temp = path.toAbsolutePath().getParent().resolve("." + path.getFileName() + ".resumed.tmp");
    Files.deleteIfExists(temp);
    PrivateFiles.create(temp);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(out), 64 * 1024)) {
        forEachLine(path, (line, length) -> {
          if (!isAborted(line, length)) {
            buffered.write(line, 0, length);
            buffered.write('\n');
          }
        });
        buffered.flush();
        out.force(true);
      }
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return new Kept(counts[0], Files.size(path), counts[1]);
  }

  /** What to do with one line of a file (its bytes, without the newline). */
  private interface LineAction {
    void accept(byte[] line, int length) throws IOException;
  }

  /** Runs an action on each complete line of a file, one line in memory at a time. */
  private static void forEachLine(Path file, LineAction action) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      byte[] line = new byte[4096];
      int length = 0;
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          action.accept(line, length);
          length = 0;
        } else {
          if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
          }
          line[length++] = (byte) b;
        }
      }
    }
  }

  /** Whether a line's top-level {@code reason} is {@code ABORTED}. */
  private static boolean isAborted(byte[] line, int length) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(line, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("reason")) {
          return RejectReason.ABORTED.name().equals(p.getText());
        }
        p.skipChildren();
      }
      return false;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  /** Flushes and closes the file. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (out != null) {
      try {
        out.flush();
        channel.force(false);
      } finally {
        out.close();
      }
    }
  }
}
