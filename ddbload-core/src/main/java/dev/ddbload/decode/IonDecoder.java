package dev.ddbload.decode;

import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.OffsetSpan;
import com.amazon.ion.Span;
import com.amazon.ion.SpanProvider;
import com.amazon.ion.system.IonReaderBuilder;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.IonAttributes;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.SizeGuard;
import dev.ddbload.compress.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Binary Amazon Ion, read value by value with ion-java: DynamoDB's Ion export
 * ({@code {Item:{...}}}, types as {@link IonAttributes} maps them) or bare structs, one per item.
 * A value that is not a struct, holds a bad value or is longer than the record limit is rejected
 * alone; invalid binary Ion ends the file, since its values have no boundary the reader could
 * find again. Origins carry the value's exact byte offset. Ion text is read by
 * {@link IonTextDecoder}; {@link #open} tells them apart by the binary version marker.
 */
final class IonDecoder implements RecordDecoder {

  private static final byte[] BINARY_VERSION_MARKER = {(byte) 0xe0, 0x01, 0x00, (byte) 0xea};
  /** How far the Ion reader may have read ahead of the value. */
  private static final int READ_AHEAD_BYTES = 192 * 1024;
  private static final String EXPORT_WRAPPER = "Item";
  private static final Pattern READER_STATE = Pattern.compile("\\s*\\[state:[^\\]]*\\]");
  private static final Pattern PLACE = Pattern.compile("at line (\\d+) offset (\\d+)");

  private final String sourceName;
  private final IonReader reader;
  private final InputStream input;
  private final SpanProvider spans;
  private final AttributeShaping shaping;
  private final int maxRecordBytes;
  private long bytesFed;
  private long valueStart;
  private long index;

  private IonDecoder(String sourceName, InputStream in, DecodeOptions options) {
    this.sourceName = sourceName;
    this.shaping = options.shaping();
    this.maxRecordBytes = options.maxRecordBytes();
    this.input = new CountingInputStream(in, n -> bytesFed += n);
    this.reader = IonReaderBuilder.standard().build(input);
    this.spans = reader.asFacet(SpanProvider.class);
  }

  /** A decoder for binary Ion if {@code in} starts with its version marker, else for Ion text. */
  static RecordDecoder open(String sourceName, InputStream in, DecodeOptions options) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, BINARY_VERSION_MARKER.length);
    byte[] head = new byte[BINARY_VERSION_MARKER.length];
    int n = peek.readNBytes(head, 0, head.length);
    if (n > 0) {
      peek.unread(head, 0, n);
    }
    return n == head.length && Arrays.equals(head, BINARY_VERSION_MARKER) ? new IonDecoder(sourceName, peek, options)
        : new IonTextDecoder(sourceName, peek, options);
  }

  @Override
  public Decoded next() throws IOException {
    IonType t;
    try {
      t = reader.next();
    } catch (IonException e) {
      throw damaged(e);
    }
    if (t == null) {
      return null;
    }
    long offset = Origin.UNKNOWN;
    Span span = spans == null ? null : spans.currentSpan();
    if (span instanceof OffsetSpan at) {
      offset = at.getStartOffset();
    }
    Origin origin = new Origin(sourceName, 0, index, offset);
    valueStart = bytesFed;
    try {
      Decoded decoded = decodeValue(reader, t, origin, shaping, this::checkSize, null);
      index++;
      return decoded;
    } catch (IonException e) {
      throw damaged(e);
    }
  }

  /**
   * The value the reader is on as a record: a struct (unwrapped from {@code {Item:{...}}}) is an
   * item; anything else, or a struct holding a bad value, is a bad record.
   *
   * @param raw the value as read, for a reject; null to render the item as DynamoDB JSON
   * @throws IonException when the Ion is invalid
   */
  static Decoded decodeValue(IonReader reader, IonType t, Origin origin, AttributeShaping shaping, SizeGuard guard,
      Supplier<String> raw) {
    String rawText = raw == null ? "" : raw.get();
    if (t != IonType.STRUCT || reader.isNullValue()) {
      return new BadRecord(origin, rawText, RejectReason.MALFORMED, "the value is " + t + ", not a struct");
    }
    try {
      Map<String, AttributeValue> item = IonAttributes.readStruct(reader, guard);
      AttributeValue wrapped = item.size() == 1 ? item.get(EXPORT_WRAPPER) : null;
      if (wrapped != null && wrapped.hasM()) {
        item = wrapped.m();
      }
      Map<String, AttributeValue> shaped = shaping.apply(item);
      return new SourceRecord(origin, shaped, raw != null ? raw : () -> ItemJson.toJson(shaped));
    } catch (InvalidValueException e) {
      // readStruct stepped out of every container it entered: the reader is at the top level.
      return new BadRecord(origin, rawText, e.reason(), e.getMessage());
    }
  }

  private void checkSize() throws InvalidValueException {
    long fed = bytesFed - valueStart;
    if (fed > maxRecordBytes + READ_AHEAD_BYTES) {
      throw new InvalidValueException(RejectReason.TOO_LARGE, "the value is at least " + (fed - READ_AHEAD_BYTES)
          + " bytes, longer than the " + maxRecordBytes + " bytes allowed (LoadOptions.maxRecordBytes)");
    }
  }

  /** ion-java's message as one sentence, without the reader's internal state. */
  static String sentence(IonException e) {
    Throwable t = e;
    String message = e.getMessage();
    while ((message == null || message.isBlank()) && t.getCause() != null) {
      t = t.getCause();
      message = t.getMessage();
    }
    if (message == null || message.isBlank()) {
      return "invalid Ion";
    }
    message = READER_STATE.matcher(message).replaceAll("");
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = message.strip().replaceAll("\\s+", " ");
    java.util.regex.Matcher place = PLACE.matcher(message);
    String where = place.find() ? " at line " + place.group(1) + ", offset " + place.group(2) : "";
    if (message.contains("EOF")) {
      return "invalid Ion" + where + ": the value ends before it is closed";
    }
    return "invalid Ion: " + message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  /** An Ion failure as the damage it is, with the cause's words when it came from below. */
  private static IOException damaged(IonException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException(sentence(e), e);
  }

  @Override
  public Origin position() {
    return new Origin(sourceName, 0, index, Origin.UNKNOWN);
  }

  @Override
  public void close() throws IOException {
    try (input) {
      reader.close();
    }
  }
}
