package dev.ddbload;

import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.TextCells;
import dev.ddbload.source.DistinctSources;
import dev.ddbload.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a load's options read its inputs: each input once, each source's format, the decode
 * options. Shared by {@link BulkLoader} and whatever else must read the inputs
 * exactly as a load does. Stateless.
 */
final class Inputs {

  private static final Logger log = LoggerFactory.getLogger(Inputs.class);

  private Inputs() {}

  /**
   * Each source's format: the one asked for, else the one its dataset declares, else its name's.
   *
   * @throws ConfigurationException when a format cannot be told or lacks what it needs
   */
  static List<Format> formatsOf(LoadOptions options, List<Source> sources) {
    List<Format> formats = new ArrayList<>(sources.size());
    for (Source s : sources) {
      Format f = options.format().or(s::declaredFormat).or(() -> Format.fromFileName(s.name())).orElseThrow(() ->
          new ConfigurationException("Cannot tell the format of " + s.name()
              + " from its name; give LoadOptions.format (" + Format.NAMES + ")."));
      if (f.needsColumns() && options.columns().isEmpty()) {
        throw new ConfigurationException("The " + f + " format needs LoadOptions.columns to name the fields of a line.");
      }
      if (f == Format.TEXT && options.delimiter().isPresent()) {
        try {
          Pattern.compile(options.delimiter().get());
        } catch (PatternSyntaxException e) {
          throw new ConfigurationException("The LoadOptions.delimiter of the text format is not a regular expression: "
              + e.getDescription() + ".", e);
        }
      }
      if (f == Format.DDB_CHANGES) {
        checkChanges(options, s);
      }
      formats.add(f);
    }
    return formats;
  }

  /**
   * A change says itself whether it puts or deletes, and puts whole new images: only the put
   * mode (with or without {@code ifNewer}) applies it as it was.
   */
  private static void checkChanges(LoadOptions options, Source s) {
    if (options.mode() != WriteMode.PUT || options.opField().isPresent()) {
      throw new ConfigurationException("The changes of " + s.name() + " (" + Format.DDB_CHANGES + ") say whether"
          + " each puts its new image or deletes its key: load them in LoadOptions.mode PUT, without"
          + " LoadOptions.opField" + (options.opField().isPresent() ? "" : ", not in mode " + options.mode()) + ".");
    }
  }

  /**
   * How many sources are read at once: {@link LoadOptions#parallelFiles()}, but one at a time, in
   * the order given, when any source holds changes. Changes of one key in different sources
   * (successive incremental exports, or a full export and the changes after it) must reach the
   * table in that order; sources read at once would race (same-key records are ordered only
   * within a source).
   */
  static int readersOf(LoadOptions options, List<Format> formats) {
    if (options.parallelFiles() > 1 && formats.contains(Format.DDB_CHANGES)) {
      log.info("Reading the inputs one at a time, in the order given, as they hold changes ({});"
          + " LoadOptions.parallelFiles {} does not apply", Format.DDB_CHANGES, options.parallelFiles());
      return 1;
    }
    return options.parallelFiles();
  }

  /**
   * The decode options of a load into a table with these keys.
   *
   * @throws ConfigurationException for an option the decoders refuse
   */
  static DecodeOptions decodeOptions(LoadOptions options, KeySchema keys) {
    try {
      return DecodeOptions.builder()
          .cells(new TextCells(options.schema(), options.emptyCells(), options.setDelimiter(), options.inferTypes()))
          .keys(keys)
          .shaping(options.shaping())
          .columns(options.columns())
          .delimiter(options.delimiter().orElse(null))
          .csvDialect(options.csvDialect())
          .maxRecordBytes(options.maxRecordBytes())
          .timestamps(options.timestamps())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Invalid option: " + e.getMessage() + ".", e);
    }
  }

  /**
   * Each input once: the same input named twice is read once (logged); two different inputs
   * with one name cannot be told apart in rejects, checkpoints and differences.
   *
   * @throws ConfigurationException for two different inputs with one name
   */
  static List<Source> distinct(List<Source> sources) {
    DistinctSources distinct = DistinctSources.of(sources).requireDistinctNames();
    distinct.notes().forEach(note -> log.warn("{}", note));
    return distinct.sources();
  }

  /** The sources' total size in bytes, or -1 when some size is unknown (standard input). */
  static long totalSize(List<Source> sources) {
    long total = 0;
    for (Source s : sources) {
      if (s.size().isEmpty()) {
        return -1;
      }
      total += s.size().getAsLong();
    }
    return total;
  }
}
