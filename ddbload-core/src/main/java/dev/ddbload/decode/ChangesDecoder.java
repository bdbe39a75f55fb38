package dev.ddbload.decode;

import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.DynamoNumbers;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The records of a DynamoDB incremental export ({@link Format#DDB_CHANGES}): reads change records
 * from a decoder that hands each line (DynamoDB JSON) or value (Ion) over as its parts
 * ({@code Keys}, {@code NewImage} as map attributes) and turns each into what it says: a change
 * with a {@code NewImage} puts that image, one without deletes its {@code Keys}
 * ({@link SourceRecord#deletesKey()}). A change without {@code Keys}, or whose new image holds
 * other values for them, is rejected {@code MALFORMED} alone. Renames and exclusions apply to the
 * image and the keys as to any item. Not thread-safe, like every decoder.
 */
final class ChangesDecoder implements RecordDecoder {

  static final String KEYS = "Keys";
  static final String NEW_IMAGE = "NewImage";

  private final RecordDecoder parts;
  private final AttributeShaping shaping;

  /**
   * @param parts a decoder whose records are change lines' parts, not shaped
   * @param shaping the load's renames and exclusions, applied to the image or keys
   */
  ChangesDecoder(RecordDecoder parts, AttributeShaping shaping) {
    this.parts = parts;
    this.shaping = shaping;
  }

  @Override
  public Decoded next() throws IOException {
    Decoded d = parts.next();
    if (!(d instanceof SourceRecord r)) {
      return d;
    }
    try {
      return change(r);
    } catch (InvalidValueException e) {
      return new BadRecord(r.origin(), r.rawText(), e.reason(), e.getMessage());
    }
  }

  private SourceRecord change(SourceRecord r) throws InvalidValueException {
    Map<String, AttributeValue> keys = image(r.item(), KEYS);
    if (keys == null) {
      throw new InvalidValueException(RejectReason.MALFORMED,
          "the change has no Keys (an incremental export's line: {\"Keys\":{...},\"NewImage\":{...}})");
    }
    if (keys.isEmpty()) {
      throw new InvalidValueException(RejectReason.MALFORMED, "the change's Keys are empty");
    }
    Map<String, AttributeValue> newImage = image(r.item(), NEW_IMAGE);
    if (newImage == null) {
      return new SourceRecord(r.origin(), shaping.apply(keys), r.raw(), false, true);
    }
    for (Map.Entry<String, AttributeValue> k : keys.entrySet()) {
      AttributeValue inImage = newImage.get(k.getKey());
      if (inImage == null || !sameValue(inImage, k.getValue())) {
        throw new InvalidValueException(RejectReason.MALFORMED, "the NewImage's " + k.getKey() + " is "
            + (inImage == null ? "missing" : inImage) + ", not the Keys' " + k.getValue());
      }
    }
    return new SourceRecord(r.origin(), shaping.apply(newImage), r.raw(), false, false);
  }

  /** The part's map, null when absent; a part that is not a map is malformed. */
  private static Map<String, AttributeValue> image(Map<String, AttributeValue> parts, String name)
      throws InvalidValueException {
    AttributeValue v = parts.get(name);
    if (v == null) {
      return null;
    }
    if (!v.hasM()) {
      throw new InvalidValueException(RejectReason.MALFORMED, "the change's " + name + " is not a map of attributes");
    }
    return v.m();
  }

  /** Equal values; numbers by value, as DynamoDB compares keys. */
  private static boolean sameValue(AttributeValue a, AttributeValue b) {
    if (a.n() != null && b.n() != null) {
      return DynamoNumbers.compare(a.n(), b.n()) == 0;
    }
    return a.equals(b);
  }

  @Override
  public Origin position() {
    return parts.position();
  }

  @Override
  public List<String> columns() {
    return parts.columns();
  }

  @Override
  public void close() throws IOException {
    parts.close();
  }
}
