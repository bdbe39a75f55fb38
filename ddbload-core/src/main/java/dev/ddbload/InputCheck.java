package dev.ddbload;

import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.item.ItemSchema;
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
 * opened once, so an unusable header or delimiter fails at once, and every column
 * {@code --schema} names must be a column of some CSV/TSV input or of {@code --columns}. When no
 * input can be read ahead (standard input), its header is checked as it is opened instead.
 */
final class InputCheck {

  private static final Logger log = LoggerFactory.getLogger(InputCheck.class);

  private InputCheck() {}

  /**
   * Checks the inputs.
   *
   * @return the options to decode with: {@code options}, or, when only inputs that cannot be
   *     read ahead have headers, options that make their decoders check the header
   * @throws ConfigurationException naming the input or column at fault
   */
  static DecodeOptions check(List<Source> sources, List<Format> formats, DecodeOptions options, ItemSchema schema) {
    Set<String> known = new LinkedHashSet<>(options.columns());
    boolean textInput = false;
    boolean unchecked = false;
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      Format f = formats.get(i);
      textInput |= f == Format.CSV || f == Format.TSV || f == Format.TEXT;
      if (f != Format.CSV && f != Format.TSV) {
        continue;
      }
      if (!s.isReopenable()) {
        unchecked = true;
        continue;
      }
      try (RecordDecoder d = ReadLane.open(s, f, options, null)) {
        known.addAll(d.columns());
        log.debug("checked {}", s.name());
      } catch (IOException | UncheckedIOException e) {
        throw new ConfigurationException("Input " + s.name() + " cannot be read: " + e.getMessage() + ".", e);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("Input " + e.getMessage() + ".", e);
      }
    }
    Set<String> named = schema.types().keySet();
    if (named.isEmpty()) {
      return options;
    }
    if (!textInput) {
      throw new ConfigurationException("--schema applies to CSV, TSV and text inputs, and there are none.");
    }
    Set<String> missing = new LinkedHashSet<>(named);
    missing.removeAll(known);
    if (missing.isEmpty()) {
      return options;
    }
    if (unchecked && known.isEmpty()) {
      return options.toBuilder().requiredColumns(missing).build();
    }
    String column = missing.iterator().next();
    throw new ConfigurationException("--schema names column '" + column + "', which "
        + (known.isEmpty() ? "no input has" : "is not a column of any input (columns: " + String.join(", ", known) + ")")
        + ".");
  }
}
