package dev.ddbload.decode;

import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.OffsetSpan;
import com.amazon.ion.Span;
import com.amazon.ion.SpanProvider;
import com.amazon.ion.TextSpan;
import com.amazon.ion.system.IonReaderBuilder;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.IonAttributes;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.RejectReason;
import dev.ddbload.source.CountingInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Amazon Ion, text or binary, read value by value with ion-java: DynamoDB's Ion export
 * ({@code $ion_1_0 {Item:{...}}} per line, types as {@link IonAttributes} maps them), or bare
 * structs one per item. Text is decoded strictly as UTF-8. A value that is not a struct, holds a
 * bad value or is longer than the record limit is rejected alone; invalid Ion ends the file.
 * Origins carry the value's line (text) or exact byte offset (binary).
 */
final class IonDecoder implements RecordDecoder {

  private static final byte[] BINARY_VERSION_MARKER = {(byte) 0xe0, 0x01, 0x00, (byte) 0xea};
  /** How far the Ion reader and the UTF-8 decoder may have read ahead of the value. */
  private static final int READ_AHEAD_BYTES = 192 * 1024;
  private static final String EXPORT_WRAPPER = "Item";

  private final String sourceName;
  private final IonReader reader;
  private final Closeable input;
  private final SpanProvider spans;
  private final boolean binary;
  private final AttributeShaping shaping;
  private final int maxRecordBytes;
  private long bytesFed;
  private long valueStart;
  private long index;
  private long line = 1;

  IonDecoder(String sourceName, InputStream in, DecodeOptions options) throws IOException {
    this.sourceName = sourceName;
    this.shaping = options.shaping();
    this.maxRecordBytes = options.maxRecordBytes();
    PushbackInputStream peek = new PushbackInputStream(new CountingInputStream(in, n -> bytesFed += n), 4);
    byte[] head = new byte[4];
    int n = peek.readNBytes(head, 0, 4);
    if (n > 0) {
      peek.unread(head, 0, n);
    }
    this.binary = n == 4 && Arrays.equals(head, BINARY_VERSION_MARKER);
    IonReaderBuilder builder = IonReaderBuilder.standard();
    if (binary) {
      this.input = peek;
      this.reader = builder.build(peek);
    } else {
      StrictUtf8Reader text = new StrictUtf8Reader(peek);
      this.input = text;
      this.reader = builder.build(text);
    }
    this.spans = reader.asFacet(SpanProvider.class);
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
    if (span instanceof TextSpan text) {
      line = text.getStartLine();
    } else if (binary && span instanceof OffsetSpan at) {
      offset = at.getStartOffset();
    }
    Origin origin = new Origin(sourceName, binary ? 0 : line, index, offset);
    Decoded decoded = decode(t, origin);
    index++;
    return decoded;
  }

  private Decoded decode(IonType t, Origin origin) throws IOException {
    if (t != IonType.STRUCT || reader.isNullValue()) {
      return new BadRecord(origin, "", RejectReason.MALFORMED, "the value is " + t + ", not a struct");
    }
    valueStart = bytesFed;
    try {
      Map<String, AttributeValue> item = IonAttributes.readStruct(reader, this::checkSize);
      AttributeValue wrapped = item.size() == 1 ? item.get(EXPORT_WRAPPER) : null;
      if (wrapped != null && wrapped.hasM()) {
        item = wrapped.m();
      }
      Map<String, AttributeValue> shaped = shaping.apply(item);
      return new SourceRecord(origin, shaped, () -> ItemJson.toJson(shaped));
    } catch (InvalidValueException e) {
      // readStruct stepped out of every container it entered: the reader is at the top level.
      return new BadRecord(origin, "", e.reason(), e.getMessage());
    } catch (IonException e) {
      throw damaged(e);
    }
  }

  private void checkSize() throws InvalidValueException {
    long fed = bytesFed - valueStart;
    if (fed > maxRecordBytes + READ_AHEAD_BYTES) {
      throw new InvalidValueException(RejectReason.TOO_LARGE, "the value is at least " + (fed - READ_AHEAD_BYTES)
          + " bytes, longer than the " + maxRecordBytes + " bytes allowed (--max-record-bytes)");
    }
  }

  /** An Ion failure as the damage it is, with the cause's words when it came from below. */
  private static IOException damaged(IonException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("invalid Ion: " + e.getMessage(), e);
  }

  @Override
  public Origin position() {
    return new Origin(sourceName, binary ? 0 : line, index, Origin.UNKNOWN);
  }

  @Override
  public void close() throws IOException {
    try (input) {
      reader.close();
    }
  }
}
