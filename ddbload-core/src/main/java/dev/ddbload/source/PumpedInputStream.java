package dev.ddbload.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stream that may block for ever (standard input, a pipe, a device) read by its own daemon
 * thread ({@code ddbload-pump}), which opens it and hands its bytes over through a small queue, so
 * that the reader never blocks where it cannot be stopped: while it waits, it asks every
 * {@value #POLL_MILLIS} ms whether the load stopped (then it fails with
 * {@link InterruptedIOException}), and once input has stalled for the stall time it runs the stall
 * action, once per stall (the reader sends what it holds, so records from a slow pipe are written
 * while the pipe stays open). The pump thread may stay blocked in a read nobody can interrupt;
 * it exits at the stream's end, or at its next read after {@link #close()}. The reader's side is
 * not thread-safe: one reader.
 */
public final class PumpedInputStream extends InputStream {

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int CHUNKS = 4;
  private static final long POLL_MILLIS = 50;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(CHUNKS);
  private final BooleanSupplier stopped;
  private final Runnable onStall;
  private final long stallNanos;
  private final Thread pump;
  private volatile boolean closed;
  private byte[] chunk = new byte[0];
  private int pos;
  private boolean ended;
  private IOException failure;

  /**
   * Starts pumping.
   *
   * @param opener opens the stream, on the pump thread (opening a named pipe waits for a writer)
   * @param name for the thread's name
   * @param stopped asked while waiting: true ends reading with {@link InterruptedIOException}
   * @param onStall run on the reader's thread when no byte came for {@code stallAfter}
   */
  public PumpedInputStream(Callable<InputStream> opener, String name, BooleanSupplier stopped, Runnable onStall,
      Duration stallAfter) {
    this.stopped = stopped;
    this.onStall = onStall;
    this.stallNanos = stallAfter.toNanos();
    this.pump = new Thread(() -> pump(opener), "ddbload-pump-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  private void pump(Callable<InputStream> opener) {
    Object last = END;
    try (InputStream in = opener.call()) {
      while (!closed) {
        byte[] buf = new byte[CHUNK_BYTES];
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        if (n > 0 && !hand(n == buf.length ? buf : Arrays.copyOf(buf, n))) {
          return;
        }
      }
    } catch (IOException e) {
      last = e;
    } catch (Exception e) {
      last = new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    hand(last);
  }

  /** Queues a chunk, an error or the end; false once the reader is gone. */
  private boolean hand(Object item) {
    try {
      while (!closed) {
        if (chunks.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == chunk.length) {
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return -1;
      }
      take();
    }
    int n = Math.min(len, chunk.length - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Waits for the next chunk, watching for a stop and running the stall action once per stall. */
  private void take() throws IOException {
    long waitingSince = System.nanoTime();
    boolean stallReported = false;
    while (true) {
      if (stopped.getAsBoolean()) {
        throw new InterruptedIOException("the load was stopped");
      }
      Object item;
      try {
        item = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for input");
      }
      if (item == END) {
        ended = true;
        return;
      }
      if (item instanceof IOException e) {
        failure = e;
        return;
      }
      if (item instanceof byte[] data) {
        chunk = data;
        pos = 0;
        return;
      }
      if (!stallReported && System.nanoTime() - waitingSince >= stallNanos) {
        stallReported = true;
        onStall.run();
      }
    }
  }

  /** Bytes that can be read without waiting. */
  @Override
  public int available() {
    return chunk.length - pos;
  }

  /** Stops taking bytes; the pump thread ends at its next read or hand-over. */
  @Override
  public void close() {
    closed = true;
    chunks.clear();
  }
}
