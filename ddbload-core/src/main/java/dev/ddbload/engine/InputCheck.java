package dev.ddbload.engine;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.source.PartitionedSource;
import dev.ddbload.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is checked of the inputs before anything is written: every re-readable CSV/TSV input is
 * opened once, so an unusable header or delimiter fails at once; likewise every Parquet and Avro
 * file's footer or header, so a column the mapping cannot express fails at once (a file that
 * cannot be read at all is left to the load, as damage of that file). And every column
 * {@code --schema} names must be a column of some input: a CSV/TSV header, {@code --columns}, a
 * Parquet or Avro schema's top-level field, or a partition column. When no header can be read
 * ahead (standard input), the header is checked as it is opened instead.
 */
public final class InputCheck {

  private static final Logger log = LoggerFactory.getLogger(InputCheck.class);

  private InputCheck() {}

  /**
   * Checks the inputs.
   *
   * @return the options to decode with: {@code options}, or, when only inputs that cannot be
   *     read ahead have headers, options that make their decoders check the header
   * @throws ConfigurationException naming the input or column at fault
   */
  public static DecodeOptions check(List<Source> sources, List<Format> formats, DecodeOptions options, ItemSchema schema) {
    Set<String> known = new LinkedHashSet<>(options.columns());
    boolean schemaApplies = false;
    boolean unchecked = false;
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      Format f = formats.get(i);
      if (s instanceof PartitionedSource p) {
        p.columns().forEach(c -> known.add(c.name()));
        schemaApplies |= !p.columns().isEmpty();
      }
      boolean delimited = f == Format.CSV || f == Format.TSV;
      schemaApplies |= delimited || f == Format.TEXT || f.isColumnar();
      if (!delimited && !f.isColumnar()) {
        continue;
      }
      if (!s.isReopenable()) {
        unchecked = true;
        continue;
      }
      try (RecordDecoder d = f.isColumnar() ? ColumnarDecoders.open(s, f, options, 0, n -> { })
          : ReadLane.open(s, f, options)) {
        known.addAll(d.columns());
        log.debug("checked {}", s.name());
      } catch (IOException | UncheckedIOException e) {
        if (f.isColumnar()) {
          log.debug("{} cannot be read; the load rejects it as damaged: {}", s.name(), e.toString());
          unchecked = true;
          continue;
        }
        throw new ConfigurationException("Input " + s.name() + " cannot be read: " + e.getMessage() + ".", e);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("Input " + e.getMessage() + ".", e);
      }
    }
    return checkSchema(schema, known, schemaApplies, unchecked, options);
  }

  private static DecodeOptions checkSchema(ItemSchema schema, Set<String> known, boolean schemaApplies,
      boolean unchecked, DecodeOptions options) {
    Set<String> named = schema.types().keySet();
    if (named.isEmpty()) {
      return options;
    }
    if (!schemaApplies) {
      throw new ConfigurationException("LoadOptions.schema applies to CSV, TSV, text, Parquet and Avro inputs and to partition"
          + " columns, and there are none.");
    }
    Set<String> missing = new LinkedHashSet<>(named);
    missing.removeAll(known);
    if (missing.isEmpty()) {
      return options;
    }
    if (unchecked && known.isEmpty()) {
      return options.toBuilder().requiredColumns(missing).build();
    }
    if (unchecked) {
      log.info("LoadOptions.schema names {}, which no input read ahead has.", missing);
      return options;
    }
    String column = missing.iterator().next();
    throw new ConfigurationException("LoadOptions.schema names column '" + column + "', which "
        + (known.isEmpty() ? "no input has" : "is not a column of any input (columns: " + String.join(", ", known) + ")")
        + ".");
  }
}
