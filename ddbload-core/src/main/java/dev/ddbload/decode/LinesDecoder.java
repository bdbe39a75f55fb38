package dev.ddbload.decode;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Formats with one record per line (JSON Lines, DynamoDB JSON, text): each non-blank line is
 * parsed on its own, so a bad line costs only itself. Lines longer than the record limit and
 * lines that are not valid UTF-8 are rejected. Origins carry exact byte offsets.
 */
final class LinesDecoder implements RecordDecoder {

  /** Parses one line's text into an item. */
  @FunctionalInterface
  interface LineParser {
    Map<String, AttributeValue> parse(String line) throws InvalidValueException;
  }

  private final String sourceName;
  private final LineReader lines;
  private final LineParser parser;
  private long index;

  LinesDecoder(String sourceName, LineReader lines, LineParser parser) {
    this.sourceName = sourceName;
    this.lines = lines;
    this.parser = parser;
  }

  @Override
  public Decoded next() throws IOException {
    while (lines.advance()) {
      String line = lines.text();
      if (line != null && line.isBlank()) {
        continue;
      }
      Origin origin = new Origin(sourceName, lines.lineNumber(), index++, lines.lineOffset());
      if (line == null) {
        RejectReason reason = lines.problem() == LineReader.Problem.TOO_LONG ? RejectReason.TOO_LARGE
            : RejectReason.BAD_ENCODING;
        return new BadRecord(origin, lines.preview(), reason, lines.problemDetail());
      }
      try {
        return new SourceRecord(origin, parser.parse(line), () -> line);
      } catch (InvalidValueException e) {
        return new BadRecord(origin, line, e.reason(), e.getMessage());
      }
    }
    return null;
  }

  @Override
  public Origin position() {
    return new Origin(sourceName, lines.nextLineNumber(), index, lines.nextOffset());
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
