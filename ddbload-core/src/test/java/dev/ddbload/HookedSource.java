package dev.ddbload;

import dev.ddbload.decode.Format;
import dev.ddbload.source.Source;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A source whose stream runs a hook once, on the reader's thread, when the reader has read
 * {@code afterBytes} bytes: to pause the reader, or to change the object under it, at a known
 * point of a real load.
 */
final class HookedSource implements Source {

  /** What the hook does; may block or throw. */
  interface Hook {
    void run() throws Exception;
  }

  private final Source source;
  private final long afterBytes;
  private final Hook hook;
  private final AtomicBoolean ran = new AtomicBoolean();

  HookedSource(Source source, long afterBytes, Hook hook) {
    this.source = source;
    this.afterBytes = afterBytes;
    this.hook = hook;
  }

  /** Whether the hook has run. */
  boolean ran() {
    return ran.get();
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public OptionalLong size() {
    return source.size();
  }

  @Override
  public Optional<Format> declaredFormat() {
    return source.declaredFormat();
  }

  @Override
  public InputStream open() throws IOException {
    return new FilterInputStream(source.open()) {
      private long read;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= afterBytes && ran.compareAndSet(false, true)) {
          try {
            hook.run();
          } catch (Exception e) {
            throw new IOException("the test's hook failed", e);
          }
        }
        int n = super.read(b, off, len);
        if (n > 0) {
          read += n;
        }
        return n;
      }
    };
  }
}
