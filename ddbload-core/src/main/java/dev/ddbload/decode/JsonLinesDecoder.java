package dev.ddbload.decode;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.JsonAttributes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** JSON Lines: each non-blank line one JSON object. Blank lines are skipped. */
final class JsonLinesDecoder implements RecordDecoder {

  private final String sourceName;
  private final BufferedReader reader;
  private final JsonAttributes json;
  private long lineNumber;

  JsonLinesDecoder(String sourceName, InputStream in, JsonAttributes json) {
    this.sourceName = sourceName;
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    this.json = json;
  }

  @Override
  public Decoded next() throws IOException {
    String line;
    do {
      line = reader.readLine();
      if (line == null) {
        return null;
      }
      lineNumber++;
    } while (line.isBlank());
    Origin origin = new Origin(sourceName, lineNumber);
    try {
      Map<String, AttributeValue> item = json.parseObject(line);
      String raw = line;
      return new SourceRecord(origin, item, () -> raw);
    } catch (InvalidValueException e) {
      return new BadRecord(origin, line, e.reason(), e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
