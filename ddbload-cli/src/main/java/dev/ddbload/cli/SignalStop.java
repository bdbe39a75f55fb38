package dev.ddbload.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM while a command runs: stop the work, wait (up to {@link #GRACE}) for the
 * command to finish what stopping leaves to do (calls out, capacity, checkpoint, summary), then
 * end the JVM with {@link ExitCode#INTERRUPTED}. Installed for the run, removed by {@link #close()}.
 */
final class SignalStop implements AutoCloseable {

  /** How long a stopped command may take to finish before the JVM exits. */
  static final Duration GRACE = Duration.ofSeconds(30);

  private final Thread hook;

  private SignalStop(Thread hook) {
    this.hook = hook;
  }

  /**
   * Installs the hook.
   *
   * @param stop asks the work to stop
   * @param finished counted down when the command is done
   */
  static SignalStop install(Runnable stop, CountDownLatch finished, PrintWriter out, PrintWriter err) {
    Thread hook = new Thread(() -> {
      stop.run();
      try {
        finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.flush();
      err.flush();
      // SIGINT and SIGTERM alike end with the documented exit code.
      Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
    }, "ddbload-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return new SignalStop(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it waits for this command to finish.
    }
  }
}
