package dev.ddbload.cli;

import dev.ddbload.report.LoadStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows a load's (or a verification's) progress on stderr: a bar redrawn in place on a terminal,
 * a plain line every ten seconds otherwise (logs, CI), nothing with {@code --quiet}. Never shows
 * item contents.
 */
final class Progress implements AutoCloseable {

  private static final Duration TERMINAL_PERIOD = Duration.ofMillis(500);
  private static final Duration LOG_PERIOD = Duration.ofSeconds(10);
  private static final int BAR_WIDTH = 24;

  private final Supplier<String> lines;
  private final PrintWriter err;
  private final boolean terminal;
  private final ScheduledExecutorService ticker;

  private Progress(Supplier<String> lines, PrintWriter err, boolean terminal, ScheduledExecutorService ticker) {
    this.lines = lines;
    this.err = err;
    this.terminal = terminal;
    this.ticker = ticker;
  }

  /** Starts showing a load's progress unless {@code quiet}. */
  static Progress start(Supplier<LoadStats> stats, PrintWriter err, boolean quiet) {
    return startLines(() -> line(stats.get()), err, quiet);
  }

  /** Starts showing the lines {@code lines} gives, unless {@code quiet}. */
  static Progress startLines(Supplier<String> lines, PrintWriter err, boolean quiet) {
    if (quiet) {
      return new Progress(lines, err, false, null);
    }
    boolean terminal = System.console() != null;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ddbload-progress");
      t.setDaemon(true);
      return t;
    });
    Progress p = new Progress(lines, err, terminal, ticker);
    long period = (terminal ? TERMINAL_PERIOD : LOG_PERIOD).toMillis();
    ticker.scheduleAtFixedRate(p::show, period, period, TimeUnit.MILLISECONDS);
    return p;
  }

  private void show() {
    String line = lines.get();
    if (terminal) {
      err.print("\r" + line + "\u001b[K");
    } else {
      err.println("progress: " + line);
    }
    err.flush();
  }

  /**
   * One progress line: records, rate, bytes, the write rate with its limit, the calls allowed in
   * flight and the throttled share, elapsed and, when the input size is known, ETA.
   */
  static String line(LoadStats s) {
    double seconds = Math.max(1e-9, s.elapsed().toNanos() / 1e9);
    StringBuilder sb = new StringBuilder();
    if (s.bytesTotal() > 0) {
      double fraction = Math.min(1.0, (double) s.bytesRead() / s.bytesTotal());
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)));
    }
    sb.append(String.format(Locale.ROOT, "%,d records  %,.0f rec/s  %.1f MB", s.recordsRead(),
        s.recordsRead() / seconds, s.bytesRead() / 1e6));
    if (s.bytesTotal() > 0) {
      sb.append(String.format(Locale.ROOT, " / %.1f MB", s.bytesTotal() / 1e6));
    }
    sb.append(String.format(Locale.ROOT, "  %,.0f WCU/s", s.wcuPerSecond()));
    if (!Double.isInfinite(s.allowedWcuPerSecond())) {
      sb.append(String.format(Locale.ROOT, " (limit %,.0f)", s.allowedWcuPerSecond()));
    }
    if (s.inFlightLimit() > 0) {
      sb.append(String.format(Locale.ROOT, "  %d in flight", s.inFlightLimit()));
    }
    sb.append(String.format(Locale.ROOT, "  %.1f%% throttled", s.throttledShare() * 100));
    sb.append("  ").append(clock(s.elapsed()));
    if (s.bytesTotal() > 0 && s.bytesRead() > 0 && s.bytesRead() < s.bytesTotal()) {
      double remaining = seconds * (s.bytesTotal() - s.bytesRead()) / s.bytesRead();
      sb.append("  ETA ").append(clock(Duration.ofSeconds(Math.round(remaining))));
    }
    if (s.rejected() > 0) {
      sb.append(String.format(Locale.ROOT, "  %,d rejected", s.rejected()));
    }
    return sb.toString();
  }

  static String clock(Duration d) {
    long secs = d.getSeconds();
    return String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, (secs / 60) % 60, secs % 60);
  }

  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    if (terminal) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
