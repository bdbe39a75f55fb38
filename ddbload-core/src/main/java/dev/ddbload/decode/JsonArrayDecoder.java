package dev.ddbload.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.JsonAttributes;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.SizeGuard;
import dev.ddbload.source.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A top-level JSON array of objects, streamed with Jackson's parser: one element in memory at a
 * time, whatever the file's size. An element that is not an object, holds a bad value or is
 * longer than the record limit is rejected alone; invalid JSON (including invalid UTF-8, which
 * Jackson reports) ends the file, since the parser cannot find the next element. Origins carry
 * the element's line and exact byte offset.
 */
final class JsonArrayDecoder implements RecordDecoder {

  /** How far Jackson reads ahead of the element it is parsing. */
  private static final int READ_AHEAD_BYTES = 8 * 1024;

  private final String sourceName;
  private final JsonParser parser;
  private final JsonAttributes json;
  private final AttributeShaping shaping;
  private final int maxRecordBytes;
  private long bytesFed;
  private long index;
  private boolean started;
  private boolean finished;
  private long elementStart;
  private long elementLine;
  /** Whether an element has started and not ended: a failure then starts the damaged part at it. */
  private boolean inElement;

  JsonArrayDecoder(String sourceName, InputStream in, DecodeOptions options) throws IOException {
    this.sourceName = sourceName;
    this.json = options.json();
    this.shaping = options.shaping();
    this.maxRecordBytes = options.maxRecordBytes();
    this.parser = json.factory().createParser(new CountingInputStream(in, n -> bytesFed += n));
  }

  @Override
  public Decoded next() throws IOException {
    if (finished) {
      return null;
    }
    if (!started) {
      started = true;
      JsonToken first = parser.nextToken();
      if (first == null) {
        finished = true;
        return null;
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IOException("the input is not a JSON array (it starts with " + first + ")");
      }
    }
    JsonToken t = parser.nextToken();
    if (t == JsonToken.END_ARRAY) {
      finished = true;
      if (parser.nextToken() != null) {
        throw new IOException("text follows the JSON array");
      }
      return null;
    }
    if (t == null) {
      throw new IOException("the JSON array ends early (the file is truncated)");
    }
    JsonLocation at = parser.currentTokenLocation();
    elementStart = at.getByteOffset();
    elementLine = at.getLineNr();
    inElement = true;
    Origin origin = new Origin(sourceName, elementLine, index, elementStart);
    Decoded decoded = decode(t, origin);
    inElement = false;
    index++;
    return decoded;
  }

  private Decoded decode(JsonToken t, Origin origin) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return new BadRecord(origin, "", RejectReason.MALFORMED, "the array element is " + describe(t)
          + ", not a JSON object");
    }
    try {
      Map<String, AttributeValue> item = json.readObject(parser, this::checkSize);
      long length = parser.currentLocation().getByteOffset() - elementStart;
      if (length > maxRecordBytes) {
        throw tooLarge(length);
      }
      Map<String, AttributeValue> shaped = shaping.apply(item);
      return new SourceRecord(origin, shaped, () -> ItemJson.toJson(shaped));
    } catch (InvalidValueException e) {
      skipRestOfElement();
      return new BadRecord(origin, "", e.reason(), e.getMessage());
    }
    // A string or number longer than the limit (StreamConstraintsException) leaves the parser
    // inside it, unable to find the element's end: it is damage, like invalid JSON.
  }

  /** Cheap check while parsing: the bytes fed to the parser bound the element's size. */
  private void checkSize() throws InvalidValueException {
    long fed = bytesFed - elementStart;
    if (fed > maxRecordBytes + READ_AHEAD_BYTES) {
      throw tooLarge(fed - READ_AHEAD_BYTES);
    }
  }

  private InvalidValueException tooLarge(long length) {
    return new InvalidValueException(RejectReason.TOO_LARGE, "the element is at least " + length
        + " bytes, longer than the " + maxRecordBytes + " bytes allowed (--max-record-bytes)");
  }

  /** Moves the parser to the end of the element it stopped in. */
  private void skipRestOfElement() throws IOException {
    while (parser.getParsingContext().getNestingDepth() > 1) {
      if (parser.nextToken() == null) {
        throw new IOException("the JSON array ends early (the file is truncated)");
      }
    }
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NULL:
        return "null";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      default:
        return "a number";
    }
  }

  @Override
  public Origin position() {
    if (inElement) {
      return new Origin(sourceName, elementLine, index, elementStart);
    }
    JsonLocation at = parser.currentLocation();
    return new Origin(sourceName, at.getLineNr(), index, at.getByteOffset());
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
