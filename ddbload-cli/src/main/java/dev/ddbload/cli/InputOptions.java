package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadOptionsBuilder;
import dev.ddbload.WriteMode;
import dev.ddbload.decode.CsvDialect;
import dev.ddbload.decode.Format;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inputs and how their records become items: what {@code load} writes and {@code verify}
 * checks, read by both the same way.
 */
final class InputOptions {

  @Parameters(arity = "0..*", paramLabel = "INPUT",
      description = "Files (plain or compressed), directories (Spark/Hadoop output, _committed_ markers, DynamoDB"
          + " exports), manifests (manifest-files.json, _committed_<id>), globs, s3://bucket/key, s3://bucket/prefix/,"
          + " or - for stdin.")
  List<String> inputs = List.of();

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "Also read the inputs this file (local or s3://) lists, one path or URI per line (repeatable).")
  List<String> manifests = List.of();

  @ArgGroup(validate = false, heading = "Input and mapping: how records become items%n")
  Mapping mapping = new Mapping();

  /** How the records of the inputs become items: the help's "Input and mapping" section. */
  static final class Mapping {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
        description = "csv, tsv, jsonl, json, ddb-json, ion, ddb-changes, text, parquet or avro (default: a DynamoDB export's"
            + " manifest, else the extension: .csv; .tsv; .jsonl, .ndjson; .json; .ion; .parquet; .avro).")
    String format;

    @Option(names = "--columns", paramLabel = "COL,...", split = ",",
        description = "Column names: CSV/TSV files without a header row; the fields of text lines (required for text).")
    List<String> columns = List.of();

    @Option(names = "--delimiter", paramLabel = "STR",
        description = "Field delimiter: CSV/TSV a string (\\t for tab; default , and tab); text a regular"
            + " expression (default \\s+).")
    String delimiter;

    @Option(names = "--csv-quote", paramLabel = "CHAR",
        description = "CSV/TSV quote character (default ${DEFAULT-VALUE}); none: fields are never quoted.")
    String csvQuote;

    @Option(names = "--csv-escape", paramLabel = "CHAR",
        description = "CSV/TSV escape character before a quote inside a quoted field, e.g. \\ for the CSV Spark and Hive"
            + " write (default none: a quote inside is doubled).")
    String csvEscape;

    @Option(names = "--csv-comment", paramLabel = "CHAR",
        description = "CSV/TSV: skip lines that start with CHAR (default none).")
    String csvComment;

    @Option(names = "--infer-types",
        description = "CSV/TSV/text: undeclared cells that are numbers written as DynamoDB writes them become N,"
            + " true/false BOOL; the rest S.")
    boolean inferTypes;

    @Option(names = "--rename", paramLabel = "OLD=NEW", description = "Rename an attribute, any format (repeatable).")
    List<String> renames = List.of();

    @Option(names = "--exclude", paramLabel = "NAME", description = "Leave an attribute out, any format (repeatable).")
    List<String> excludes = List.of();

    @Option(names = "--max-record-bytes", paramLabel = "SIZE", converter = ByteSizeConverter.class,
        description = "Longest record accepted; a longer one is rejected (default ${DEFAULT-VALUE}; e.g. 512KB, 16MB).")
    int maxRecordBytes;

    @Option(names = "--parallel-files", paramLabel = "N",
        description = "Files read at once, 1 to 64 (default ${DEFAULT-VALUE}); records of one file keep their order.")
    int parallelFiles;

    @Option(names = "--schema", paramLabel = "COL:TYPE,...",
        description = "CSV column types: S, N, BOOL, B (base64), NULL, SS, NS, JSON. Unlisted columns are S.")
    String schema;

    @Option(names = "--empty", paramLabel = "POLICY",
        description = "What an empty CSV cell becomes: omit, null or string (default ${DEFAULT-VALUE}).")
    String empty;

    @Option(names = "--set-delimiter", paramLabel = "STR",
        description = "Separator between elements of SS and NS cells (default ${DEFAULT-VALUE}).")
    String setDelimiter;

    @Option(names = "--mode", paramLabel = "MODE",
        description = "put: write each record; delete: delete each record's key (other attributes ignored); "
            + "insert: put only keys not in the table; update: set each record's attributes in the stored item, "
            + "creating it when missing (default ${DEFAULT-VALUE}).")
    String mode;
  }

  /**
   * Sets how inputs are read and mapped.
   *
   * @throws ConfigurationException for a value the options refuse, in one sentence
   */
  LoadOptionsBuilder apply(LoadOptionsBuilder b) {
    try {
      b.schema(ItemSchema.parse(mapping.schema))
          .emptyCells(EmptyCellPolicy.valueOf(mapping.empty.trim().toUpperCase(Locale.ROOT)))
          .setDelimiter(mapping.setDelimiter)
          .mode(WriteMode.parse(mapping.mode))
          .columns(mapping.columns)
          .delimiter(mapping.delimiter)
          .csvDialect(new CsvDialect(CsvDialect.parseCharacter("--csv-quote", mapping.csvQuote),
              CsvDialect.parseCharacter("--csv-escape", mapping.csvEscape),
              CsvDialect.parseCharacter("--csv-comment", mapping.csvComment)))
          .inferTypes(mapping.inferTypes)
          .shaping(AttributeShaping.of(AttributeShaping.parseRenames(mapping.renames),
              new LinkedHashSet<>(mapping.excludes)))
          .maxRecordBytes(mapping.maxRecordBytes)
          .parallelFiles(mapping.parallelFiles);
      if (mapping.format != null) {
        b.format(Format.parse(mapping.format));
      }
      return b;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("No enum constant")) {
        throw new ConfigurationException("Invalid option: --empty must be omit, null or string, not '"
            + mapping.empty + "'.", e);
      }
      throw LibrarySettings.invalid(e);
    }
  }
}
