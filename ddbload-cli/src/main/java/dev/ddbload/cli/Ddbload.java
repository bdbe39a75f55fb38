package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddbload} command: bulk-loads files into Amazon DynamoDB. */
@Command(
    name = "ddbload",
    mixinStandardHelpOptions = true,
    versionProvider = Ddbload.Version.class,
    description = "Bulk-loads files into an Amazon DynamoDB table, and verifies the table holds what they say.",
    subcommands = {LoadCommand.class, VerifyCommand.class, RestoreCapacityCommand.class, JobsCommand.class, CommandLine.HelpCommand.class})
public final class Ddbload {

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command line in this JVM without exiting: what {@link #main} and tests use.
   *
   * @return the exit code
   */
  public static int execute(InputStream stdin, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(() -> stdin, out, err).execute(args);
  }

  /** The configured picocli command line. */
  static CommandLine commandLine(Supplier<InputStream> stdin, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Ddbload(), new Factory(stdin));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter w = commandLine.getErr();
      if (e instanceof ConfigurationException) {
        w.println("ddbload: " + e.getMessage());
        w.flush();
        return ExitCode.USAGE;
      }
      w.println("ddbload: unexpected error: " + e);
      if (Boolean.getBoolean("ddbload.debug")) {
        e.printStackTrace(w);
      }
      w.flush();
      return ExitCode.FATAL;
    });
    return cl;
  }

  /** Gives commands the process's standard input. */
  private static final class Factory implements CommandLine.IFactory {
    private final Supplier<InputStream> stdin;

    Factory(Supplier<InputStream> stdin) {
      this.stdin = stdin;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == LoadCommand.class) {
        return cls.cast(new LoadCommand(stdin));
      }
      if (cls == VerifyCommand.class) {
        return cls.cast(new VerifyCommand(stdin));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Ddbload.class.getPackage().getImplementationVersion();
      return new String[] {"ddbload " + (v == null ? "(development build)" : v),
          "Java " + System.getProperty("java.version")};
    }
  }
}
