package dev.ddbload.decode;

import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A decoded item with its origin. The raw text is produced only when needed (for a reject).
 *
 * @param origin where it came from
 * @param item the attributes, not yet validated against the table's key
 * @param raw supplies the record as read
 * @param hintsEscape whether it reads otherwise with {@code --csv-escape '\'} ({@link Decoded#hintsEscape()})
 */
public record SourceRecord(Origin origin, Map<String, AttributeValue> item, Supplier<String> raw, boolean hintsEscape)
    implements Decoded {

  /** A record with no hint. */
  public SourceRecord(Origin origin, Map<String, AttributeValue> item, Supplier<String> raw) {
    this(origin, item, raw, false);
  }

  @Override
  public String rawText() {
    return raw.get();
  }
}
