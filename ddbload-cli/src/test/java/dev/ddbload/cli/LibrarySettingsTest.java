package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.LoadOptions;
import dev.ddbload.verify.VerifyOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The CLI's defaults are the library's: read from it, never copied. */
class LibrarySettingsTest {

  private static final Set<String> NOT_SETTINGS = Set.of("clock", "random", "client", "toBuilder", "hashCode",
      "toString", "getClass");

  private static CommandLine command(String name) {
    CommandLine root = Ddbload.commandLine(() -> new ByteArrayInputStream(new byte[0]),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    return root.getSubcommands().get(name);
  }

  @Test
  void loadWithNoOptionsBuildsTheLibrarysDefaultOptions() throws Exception {
    LoadCommand load = new LoadCommand(() -> new ByteArrayInputStream(new byte[0]));
    new CommandLine(load).parseArgs("--table", "Books", "in.csv");

    LoadOptions cli = load.options().build();
    LoadOptions library = LoadOptions.builder().table("Books").build();

    assertSameSettings(LoadOptions.class, cli, library);
  }

  @Test
  void verifyWithNoOptionsBuildsTheLibrarysDefaultOptions() throws Exception {
    VerifyCommand verify = new VerifyCommand(() -> new ByteArrayInputStream(new byte[0]));
    new CommandLine(verify).parseArgs("--table", "Books", "in.csv");

    VerifyOptions cli = verify.options();
    VerifyOptions library = VerifyOptions.builder().build();

    assertSameSettings(VerifyOptions.class, cli, library);
  }

  @Test
  void noOptionDeclaresADefaultOfItsOwnButAnEnvironmentVariable() {
    for (String name : List.of("load", "verify", "restore-capacity")) {
      CommandSpec spec = command(name).getCommandSpec();
      List<Class<?>> classes = new ArrayList<>(List.of(spec.userObject().getClass()));
      spec.mixins().values().forEach(m -> classes.add(m.userObject().getClass()));
      spec.argGroups().forEach(g -> classes.add(g.typeInfo().getType()));
      for (Class<?> c : classes) {
        for (Field f : c.getDeclaredFields()) {
          Option o = f.getAnnotation(Option.class);
          if (o != null && !o.defaultValue().equals("__no_default_value__")) {
            assertThat(o.defaultValue()).as(name + " " + c.getSimpleName() + "." + f.getName()
                + ": a default belongs in the library (LibrarySettings reads it)").matches("\\$\\{env:\\w+\\}");
          }
        }
      }
    }
  }

  @Test
  void everyLibraryDefaultIsAnOptionOfItsCommandAndShowsInTheHelp() {
    for (String name : List.of("load", "verify", "restore-capacity")) {
      CommandLine cl = command(name);
      String help = cl.getUsageMessage();
      for (String longName : LibrarySettings.withLibraryDefault(name)) {
        OptionSpec o = cl.getCommandSpec().findOption(longName);
        assertThat(o).as(name + " " + longName).isNotNull();
        String shown = o.defaultValueString(true);
        assertThat(shown).as(name + " " + longName).isNotNull().isNotEqualTo("null");
        if (o.description().length > 0 && String.join(" ", o.description()).contains("DEFAULT-VALUE")) {
          assertThat(help).contains("default " + shown);
        }
      }
    }
    assertThat(command("load").getUsageMessage()).contains("(default 15)").contains("(default 25ms)")
        .contains("(default 4MB;").contains("(default 5s)");
  }

  @Test
  void loadsHelpIsInSections() {
    String help = command("load").getUsageMessage();

    assertThat(help).contains("Input and mapping:", "Writing:", "Retries:", "Capacity:", "State:", "Output:");
    assertThat(help.lastIndexOf("--max-attempts")).isGreaterThan(help.indexOf("Retries:"));
    assertThat(command("verify").getUsageMessage()).contains("Retries:");
    assertThat(help.lastIndexOf("--checkpoint-interval")).isGreaterThan(help.indexOf("State:"));
    assertThat(command("verify").getUsageMessage()).contains("Input and mapping:");
  }

  @Test
  void libraryMessagesNameTheFlag() {
    assertThat(LibrarySettings.speak("LoadOptions.maxAttempts must be 1 to 100, not 0"))
        .isEqualTo("--max-attempts must be 1 to 100, not 0");
    assertThat(LibrarySettings.speak("VerifyOptions.backoffMax (1s) must be at least VerifyOptions.backoffBase (2s)"))
        .isEqualTo("--backoff-max (1s) must be at least --backoff-base (2s)");
    assertThat(LibrarySettings.speak("pass LoadOptions.format or LoadOptions.columns"))
        .isEqualTo("pass --format or --columns");
    assertThat(LibrarySettings.speak("nothing to say")).isEqualTo("nothing to say");
    assertThat(LibrarySettings.speak("Table T does not exist; create it or give LoadOptions.createTableKey."))
        .isEqualTo("Table T does not exist; create it or give --create-table --key NAME:TYPE.");
    assertThat(LibrarySettings.speak("bytes allowed (LoadOptions.maxRecordBytes)"))
        .isEqualTo("bytes allowed (--max-record-bytes)");
    assertThat(LibrarySettings.speak("No AWS region is set: give ClientSettings.region or set AWS_REGION."))
        .isEqualTo("No AWS region is set: give --region or set AWS_REGION.");
    assertThat(LibrarySettings.speak("it parses with CsvDialect.escape '\\'")).isEqualTo("it parses with --csv-escape '\\'");
  }

  @Test
  void aValueTheLibraryRefusesIsAUsageErrorNamingTheFlag() {
    CliRunner.Run run = CliRunner.run("load", "--table", "Books", "--max-attempts", "0", "x.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("ddbload: Invalid option: --max-attempts must be 1 to 100, not 0.");
    assertThat(CliRunner.run("verify", "--table", "Books", "--sample", "2", "x.csv").err())
        .contains("Invalid option: --sample must be more than 0 and at most 1, not 2.");
    assertThat(CliRunner.run("load", "--table", "ab", "x.csv").err())
        .contains("Invalid option: --table must be a DynamoDB table name");
  }

  private static <T> void assertSameSettings(Class<T> type, T cli, T library) throws Exception {
    int compared = 0;
    for (Method m : type.getMethods()) {
      if (m.getDeclaringClass() != type || m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
          || NOT_SETTINGS.contains(m.getName())) {
        continue;
      }
      assertThat(m.invoke(cli)).as(type.getSimpleName() + "." + m.getName()).isEqualTo(m.invoke(library));
      compared++;
    }
    assertThat(compared).isGreaterThan(10);
  }
}
