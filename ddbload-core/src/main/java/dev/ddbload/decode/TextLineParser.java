package dev.ddbload.decode;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.RowMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Splits a text line into the columns named by {@code --columns} with a regular expression: at
 * most as many fields as there are columns, the last field keeping the rest of the line (so a
 * {@code key value with spaces} line splits into two). With the default delimiter {@code \s+},
 * leading and trailing whitespace is ignored, as awk does. A line with fewer fields than columns
 * is rejected. Immutable and thread-safe.
 */
final class TextLineParser implements LinesDecoder.LineParser {

  /** The default delimiter: one or more whitespace characters. */
  static final String WHITESPACE = "\\s+";

  private final Pattern delimiter;
  private final boolean trim;
  private final List<String> columns;
  private final RowMapper mapper;

  TextLineParser(DecodeOptions options) {
    if (options.columns().isEmpty()) {
      throw new IllegalArgumentException("the text format needs LoadOptions.columns to name the fields of a line");
    }
    String regex = options.delimiter().orElse(WHITESPACE);
    this.delimiter = Pattern.compile(regex);
    this.trim = regex.equals(WHITESPACE);
    this.columns = options.columns();
    this.mapper = RowMapper.forHeader(columns, options.cells(), options.keys(), options.shaping(), options.json());
  }

  @Override
  public Map<String, AttributeValue> parse(String line) throws InvalidValueException {
    String[] fields = delimiter.split(trim ? line.strip() : line, columns.size());
    if (fields.length < columns.size()) {
      throw new InvalidValueException(RejectReason.MALFORMED, "the line splits into " + fields.length
          + " field" + (fields.length == 1 ? "" : "s") + ", not the " + columns.size() + " named by LoadOptions.columns");
    }
    return mapper.map(Arrays.asList(fields));
  }
}
