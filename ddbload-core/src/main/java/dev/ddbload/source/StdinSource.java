package dev.ddbload.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/** Standard input (or any stream that can be read once), named {@code -}. */
public final class StdinSource implements Source {

  /** The name standard input goes by. */
  public static final String NAME = "-";

  private final InputStream in;
  private final AtomicBoolean opened = new AtomicBoolean();

  /** Wraps a stream that is read once; closing what {@link #open()} returns does not close it. */
  public StdinSource(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OptionalLong size() {
    return OptionalLong.empty();
  }

  @Override
  public InputStream open() throws IOException {
    if (!opened.compareAndSet(false, true)) {
      throw new IOException("standard input can be read only once");
    }
    return new FilterInputStream(in) {
      @Override
      public void close() {
        // the process owns standard input
      }
    };
  }

  @Override
  public boolean isReopenable() {
    return false;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
