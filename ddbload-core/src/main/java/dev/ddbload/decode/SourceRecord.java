package dev.ddbload.decode;

import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A decoded item with its origin. The raw text is produced only when needed (for a reject).
 *
 * @param origin where it came from
 * @param item the attributes, not yet validated against the table's key; for a record that
 *     deletes its key, the key
 * @param raw supplies the record as read
 * @param hintsEscape whether it reads otherwise with {@code --csv-escape '\'} ({@link Decoded#hintsEscape()})
 * @param deletesKey whether the input says to delete the item's key rather than put the item: a
 *     change without a new image ({@link Format#DDB_CHANGES}); false for every other format
 */
public record SourceRecord(Origin origin, Map<String, AttributeValue> item, Supplier<String> raw, boolean hintsEscape,
    boolean deletesKey) implements Decoded {

  /** A record to put, with no hint. */
  public SourceRecord(Origin origin, Map<String, AttributeValue> item, Supplier<String> raw) {
    this(origin, item, raw, false, false);
  }

  /** A record to put. */
  public SourceRecord(Origin origin, Map<String, AttributeValue> item, Supplier<String> raw, boolean hintsEscape) {
    this(origin, item, raw, hintsEscape, false);
  }

  /** The same record from another origin. */
  public SourceRecord withOrigin(Origin at) {
    return new SourceRecord(at, item, raw, hintsEscape, deletesKey);
  }

  /** The same record with other attributes. */
  public SourceRecord withItem(Map<String, AttributeValue> attributes) {
    return new SourceRecord(origin, attributes, raw, hintsEscape, deletesKey);
  }

  @Override
  public String rawText() {
    return raw.get();
  }
}
