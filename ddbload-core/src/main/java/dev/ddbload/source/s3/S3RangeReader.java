package dev.ddbload.source.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Reads one S3 object from a byte offset to its end as sequential ranged GETs of
 * {@code chunkBytes}, each copied whole into memory as fast as it arrives. At most
 * {@code prefetchChunks} ranges are asked for ahead of the one being read, and none before the
 * first is read (so opening an object to look at its header costs one GET): while the reader is
 * blocked, nothing more is fetched and no connection is held open, so a reader paused for
 * minutes by a throttled table never meets a server's idle timeout. Every GET carries
 * {@code If-Match} with the ETag first seen, so a replaced object fails with
 * {@link ObjectChangedException} instead of mixing two versions. A failed range (5xx, throttling,
 * a cut or stalled connection) is asked again after a full-jitter backoff, up to
 * {@code maxAttempts} times; retries run on their own, while the reader is busy with earlier
 * chunks. Memory: at most {@code prefetchChunks + 1} chunk arrays, reused.
 *
 * <p>Not thread-safe: one reader thread. {@link #close()} cancels the GETs under way.
 */
final class S3RangeReader extends InputStream {

  private static final Logger log = LoggerFactory.getLogger(S3RangeReader.class);

  private final RangeReads reads;
  private final S3Location object;
  private final String etag;
  private final long size;
  private final ArrayDeque<Chunk> ahead = new ArrayDeque<>();
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private long nextStart;
  private byte[] current;
  private int pos;
  private int end;
  private volatile boolean closed;

  /**
   * @param etag the ETag every GET must match (with its quotes, as S3 gives it); null: none
   * @param offset the first byte to read, 0 to {@code size}
   */
  S3RangeReader(RangeReads reads, S3Location object, String etag, long size, long offset) {
    if (offset < 0 || offset > size) {
      throw new IllegalArgumentException("offset " + offset + " is outside " + object + " (" + size + " bytes)");
    }
    this.reads = reads;
    this.object = object;
    this.etag = etag;
    this.size = size;
    this.nextStart = offset;
    if (nextStart < size) {
      request();
    }
  }

  @Override
  public int read() throws IOException {
    if (pos == end && !advance()) {
      return -1;
    }
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == end && !advance()) {
      return -1;
    }
    int n = Math.min(len, end - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  /** The bytes of the chunk in hand; more may follow. */
  @Override
  public int available() {
    return end - pos;
  }

  /** Cancels the GETs under way; reading afterwards fails. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Chunk c : ahead) {
      c.cancel();
    }
    ahead.clear();
    spare.clear();
    current = null;
    pos = 0;
    end = 0;
  }

  /** Moves to the next chunk, waiting for it; false at the end of the object. */
  private boolean advance() throws IOException {
    if (closed) {
      throw new IOException(object + " is closed");
    }
    if (current != null) {
      spare.add(current);
      current = null;
      pos = 0;
      end = 0;
    }
    if (ahead.isEmpty() && nextStart < size) {
      request(); // nothing fetched ahead: ask for the next range now
    }
    Chunk next = ahead.poll();
    if (next == null) {
      return false;
    }
    current = await(next);
    end = next.length;
    while (ahead.size() < reads.prefetchChunks() && nextStart < size) {
      request();
    }
    return true;
  }

  private byte[] await(Chunk chunk) throws IOException {
    try {
      return chunk.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted while reading " + object);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    }
  }

  private void request() {
    int length = (int) Math.min(reads.chunkBytes(), size - nextStart);
    Chunk c = new Chunk(nextStart, length);
    nextStart += length;
    ahead.add(c);
    byte[] buffer = spare.poll();
    attempt(c, buffer != null && buffer.length >= length ? buffer : new byte[length]);
  }

  /** One GET of the chunk's range; on failure, schedules the next one or fails the chunk. */
  private void attempt(Chunk c, byte[] buffer) {
    if (closed) {
      c.result.cancel(false);
      return;
    }
    c.attempts++;
    GetObjectRequest.Builder request = GetObjectRequest.builder()
        .bucket(object.bucket())
        .key(object.key())
        .range("bytes=" + c.range());
    if (etag != null) {
      request.ifMatch(etag);
    }
    CompletableFuture<byte[]> call = reads.client().getObject(request.build(), new RangeBodyTransformer(buffer, c.length));
    c.call = call;
    call.whenComplete((data, failure) -> {
      if (failure == null) {
        c.result.complete(data);
      } else if (!closed && c.attempts < reads.maxAttempts() && RangeFailures.isRetryable(failure)) {
        Duration delay = reads.backoff().delay(c.attempts);
        log.info("Reading bytes {} of {} failed ({}); retry {} in {} ms", c.range(), object,
            RangeFailures.describe(failure), c.attempts, delay.toMillis());
        // A fresh array: the failed GET may still be writing into the old one.
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)
            .execute(() -> attempt(c, new byte[c.length]));
      } else {
        c.result.completeExceptionally(RangeFailures.toIOException(failure, object, etag, c.range(), c.attempts));
      }
    });
  }

  /** One range: its GETs so far and its bytes once in. */
  private static final class Chunk {
    final long start;
    final int length;
    final CompletableFuture<byte[]> result = new CompletableFuture<>();
    volatile int attempts;
    volatile CompletableFuture<byte[]> call;

    Chunk(long start, int length) {
      this.start = start;
      this.length = length;
    }

    /** The HTTP range, both ends included. */
    String range() {
      return start + "-" + (start + length - 1);
    }

    void cancel() {
      result.cancel(false);
      CompletableFuture<byte[]> c = call;
      if (c != null) {
        c.cancel(true);
      }
    }
  }
}
