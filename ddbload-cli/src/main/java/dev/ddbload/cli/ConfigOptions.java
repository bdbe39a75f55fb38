package dev.ddbload.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --job FILE} and {@code --print-config}, which every command that runs gets (added by
 * {@link Installer}, so a command declares nothing for them). The values themselves are read by
 * {@link OptionSources} before the command line is parsed for real.
 */
final class ConfigOptions {

  /** The mixin's name in each command's spec. */
  static final String MIXIN = "config";
  static final String JOB = "--job";
  static final String PRINT_CONFIG = "--print-config";

  @Option(names = JOB, paramLabel = "FILE",
      description = "Read options from this YAML job file: the options' long names as keys (inputs: a list), "
          + "e.g. 'concurrency: 64'. The command line wins over the file, the file over DDBLOAD_<OPTION> variables.")
  Path job;

  @Option(names = PRINT_CONFIG,
      description = "Print the effective settings and where each comes from (command line, job file, environment,"
          + " default) as YAML, then exit without running.")
  boolean printConfig;

  /** Whether an option is one of these two (never read from a job file or the environment). */
  static boolean isOwn(String longName) {
    return JOB.equals(longName) || PRINT_CONFIG.equals(longName);
  }

  /**
   * Adds {@link ConfigOptions} to every ddbload command that runs something ({@code load},
   * {@code restore-capacity}, {@code jobs list|show}), so options added later need nothing to be
   * read from a job file or the environment.
   */
  static final class Installer implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      install(spec.subcommands().values().stream().map(c -> c.getCommandSpec()).toList());
      return spec;
    }

    private static void install(List<CommandSpec> specs) {
      for (CommandSpec sub : specs) {
        Object command = sub.userObject();
        boolean ours = command != null && command.getClass().getPackageName().equals(ConfigOptions.class.getPackageName());
        if (ours && (command instanceof Callable || command instanceof Runnable) && !sub.mixins().containsKey(MIXIN)) {
          sub.addMixin(MIXIN, CommandSpec.forAnnotatedObject(new ConfigOptions()));
        }
        install(sub.subcommands().values().stream().map(c -> c.getCommandSpec()).toList());
      }
    }
  }
}
