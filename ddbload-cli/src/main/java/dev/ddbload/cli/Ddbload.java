package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The {@code ddbload} command: bulk-loads files into Amazon DynamoDB. */
@Command(
    name = "ddbload",
    mixinStandardHelpOptions = true,
    versionProvider = Ddbload.Version.class,
    modelTransformer = ConfigOptions.Installer.class,
    description = "Bulk-loads files into an Amazon DynamoDB table, and verifies the table holds what they say.",
    subcommands = {LoadCommand.class, VerifyCommand.class, RestoreCapacityCommand.class, JobsCommand.class,
        CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class Ddbload {

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    WarmUp.start(args);
    System.exit(execute(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command line in this JVM without exiting: what {@link #main} and tests use. Options
   * not on the command line come from {@code --job FILE}, then the process's {@code DDBLOAD_*}
   * variables.
   *
   * @return the exit code
   */
  public static int execute(InputStream stdin, PrintWriter out, PrintWriter err, String... args) {
    return execute(stdin, out, err, System.getenv(), args);
  }

  /** As {@link #execute(InputStream, PrintWriter, PrintWriter, String...)}, with this environment. */
  static int execute(InputStream stdin, PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    AtomicReference<OptionSources> sources = new AtomicReference<>(OptionSources.none());
    CommandLine cl = commandLine(() -> stdin, out, err, sources, env);
    try {
      sources.set(OptionSources.resolve(cl, args, env));
    } catch (ConfigurationException e) {
      err.println("ddbload: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    return cl.execute(sources.get().arguments());
  }

  /** The configured picocli command line. */
  static CommandLine commandLine(Supplier<InputStream> stdin, PrintWriter out, PrintWriter err) {
    return commandLine(stdin, out, err, new AtomicReference<>(OptionSources.none()), Map.of());
  }

  /**
   * The command line with the one place mapping errors to exit codes, and {@code --print-config}
   * answered before a command runs.
   */
  private static CommandLine commandLine(Supplier<InputStream> stdin, PrintWriter out, PrintWriter err,
      AtomicReference<OptionSources> sources, Map<String, String> env) {
    CommandLine cl = new CommandLine(new Ddbload(), new Factory(stdin));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter w = commandLine.getErr();
      if (e instanceof ConfigurationException) {
        w.println("ddbload: " + sources.get().explain(LibrarySettings.speak(e.getMessage())));
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
    CommandLine.IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((e, args) -> {
      Optional<String> from = sources.get().explain(e);
      if (from.isPresent()) {
        e.getCommandLine().getErr().println("ddbload: " + from.get());
        e.getCommandLine().getErr().flush();
        return ExitCode.USAGE;
      }
      return standard.handleParseException(e, args);
    });
    cl.setExecutionStrategy(parseResult -> {
      Integer help = CommandLine.executeHelpRequest(parseResult);
      if (help != null) {
        return help;
      }
      ParseResult leaf = parseResult;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      CommandLine.Model.CommandSpec config = leaf.commandSpec().mixins().get(ConfigOptions.MIXIN);
      if (config != null && ((ConfigOptions) config.userObject()).printConfig) {
        ConfigPrinter.print(leaf.commandSpec().commandLine().getOut(), leaf, sources.get(), env);
        return ExitCode.OK;
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cl;
  }

  /**
   * Creates the commands: {@code load} gets the process's standard input. Public, with a no-argument
   * constructor, for picocli's build-time tools (man pages).
   */
  public static final class Factory implements CommandLine.IFactory {
    private final Supplier<InputStream> stdin;

    /** A factory giving {@code load} the process's standard input. */
    public Factory() {
      this(() -> System.in);
    }

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

  /** The version and commit this was built from ({@code ddbload-build.properties}, written by the build). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties build = new Properties();
      try (InputStream in = Ddbload.class.getResourceAsStream("/dev/ddbload/cli/ddbload-build.properties")) {
        if (in != null) {
          build.load(in);
        }
      } catch (IOException e) {
        // no build information: a development build
      }
      String version = known(build.getProperty("version")).orElse("(development build)");
      String commit = known(build.getProperty("commit")).map(c -> c + (Boolean.parseBoolean(build.getProperty("dirty"))
          ? ", with uncommitted changes" : "")).orElse("unknown");
      String date = known(build.getProperty("commitTime")).map(t -> ", " + t).orElse("");
      return new String[] {"ddbload " + version + " (commit " + commit + date + ")",
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    private static Optional<String> known(String value) {
      return value == null || value.isBlank() || value.contains("${") ? Optional.empty() : Optional.of(value.trim());
    }
  }
}
