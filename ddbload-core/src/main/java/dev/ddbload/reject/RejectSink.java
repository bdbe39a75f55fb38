package dev.ddbload.reject;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RawText;
import dev.ddbload.item.RejectReason;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rejects file: one JSON object per line with the record's source, line, index (0-based
 * position in its source), byte offset (when known), reason code, message, attempts and the
 * record as read; when the record's bytes are not valid UTF-8 ({@link RawText} carries them),
 * {@code record} shows each bad byte as U+FFFD and {@code recordBase64} holds the exact bytes.
 * The file is created on the first reject, so a clean load leaves none behind. Thread-safe.
 */
public final class RejectSink implements Closeable {

  private final Path path;
  private final JsonFactory json = new JsonFactory();
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
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
      }
      try (JsonGenerator g = json.createGenerator(new NonClosing(out), JsonEncoding.UTF8)) {
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

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
