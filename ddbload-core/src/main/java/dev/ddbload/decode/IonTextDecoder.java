package dev.ddbload.decode;

import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.Span;
import com.amazon.ion.SpanProvider;
import com.amazon.ion.TextSpan;
import com.amazon.ion.system.IonReaderBuilder;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.SizeGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Ion text, as in DynamoDB's Ion export ({@code $ion_1_0 {Item:{...}}} per line) or bare
 * structs, split by {@link IonTextChunks} into chunks of whole top-level values, each read by
 * its own ion-java reader. A value that is not a struct or holds a bad value is rejected alone;
 * a chunk that is not valid Ion, not valid UTF-8 (lone surrogate escapes included) or longer
 * than the record limit is rejected alone (with its text), and reading goes on with the next
 * chunk. Only input that ends inside a container is damage. Origins carry the line, and the
 * chunk's exact byte offset for its first value. Symbol tables declared in the text do not carry
 * from one chunk to the next. Not thread-safe.
 */
final class IonTextDecoder implements RecordDecoder {

  private final String sourceName;
  private final IonTextChunks chunks;
  private final AttributeShaping shaping;
  private final int maxRecordBytes;
  private final IonReaderBuilder builder = IonReaderBuilder.standard();
  private IonTextChunks.Chunk chunk;
  /** The chunk as text (its bytes are valid UTF-8 once read). */
  private String chunkText;
  private IonReader reader;
  private SpanProvider spans;
  private int valuesInChunk;
  private long index;
  private long markLine = 1;
  private long markOffset;

  IonTextDecoder(String sourceName, InputStream in, DecodeOptions options) {
    this.sourceName = sourceName;
    this.chunks = new IonTextChunks(in, options.maxRecordBytes());
    this.shaping = options.shaping();
    this.maxRecordBytes = options.maxRecordBytes();
  }

  @Override
  public Decoded next() throws IOException {
    while (true) {
      if (reader != null) {
        Decoded d = nextValue();
        if (d != null) {
          index++;
          return d;
        }
        closeReader();
      }
      markLine = chunks.nextLine();
      markOffset = chunks.nextOffset();
      chunk = chunks.next();
      if (chunk == null) {
        markLine = chunks.nextLine();
        markOffset = chunks.nextOffset();
        return null;
      }
      markLine = chunk.line();
      markOffset = chunk.offset();
      if (!chunk.closed()) {
        throw new IOException("the Ion input ends inside a value that starts at line " + chunk.line()
            + " (the file may be truncated)");
      }
      Decoded bad = checkChunk();
      if (bad != null) {
        index++;
        return bad;
      }
      reader = builder.build(chunk.bytes());
      spans = reader.asFacet(SpanProvider.class);
      valuesInChunk = 0;
    }
  }

  /** A chunk too large or not UTF-8 as a reject; null when it can be read. */
  private Decoded checkChunk() {
    Origin origin = new Origin(sourceName, chunk.line(), index, chunk.offset());
    byte[] bytes = chunk.bytes();
    if (chunk.length() > maxRecordBytes) {
      return new BadRecord(origin, RawText.of(bytes), RejectReason.TOO_LARGE, "the value is " + chunk.length()
          + " bytes, longer than the " + maxRecordBytes + " bytes allowed (LoadOptions.maxRecordBytes)"
          + (chunk.length() > bytes.length ? "; its first " + bytes.length + " bytes are kept here" : ""));
    }
    // The JDK decodes strictly into replacement characters, and copies ASCII at once.
    chunkText = new String(bytes, StandardCharsets.UTF_8);
    int bad = chunkText.indexOf('\ufffd') < 0 ? -1 : RawText.firstInvalidByte(bytes, 0, bytes.length);
    if (bad >= 0) {
      return new BadRecord(origin, RawText.of(bytes), RejectReason.BAD_ENCODING, "invalid UTF-8 at byte "
          + (chunk.offset() + bad));
    }
    return null;
  }

  /** The chunk's next value, or null when it has no more; the rest of a broken chunk is one reject. */
  private Decoded nextValue() {
    Origin origin = new Origin(sourceName, chunk.line(), index, valuesInChunk == 0 ? chunk.offset() : Origin.UNKNOWN);
    try {
      IonType t = reader.next();
      if (t == null) {
        return null;
      }
      Span span = spans == null ? null : spans.currentSpan();
      if (span instanceof TextSpan text && text.getStartLine() > 1) {
        origin = new Origin(sourceName, chunk.line() + text.getStartLine() - 1, index, origin.offset());
      }
      valuesInChunk++;
      String raw = chunkText;
      return IonDecoder.decodeValue(reader, t, origin, shaping, SizeGuard.NONE, () -> raw);
    } catch (IonException e) {
      closeReader();
      String text = chunkText;
      if (holdsLoneSurrogateEscape(text)) {
        return new BadRecord(origin, text, RejectReason.BAD_ENCODING, "the value holds half a surrogate pair (an escape"
            + " such as \\ud800 alone), which is not Unicode text");
      }
      return new BadRecord(origin, text, RejectReason.MALFORMED, IonDecoder.sentence(e));
    }
  }

  /** Whether the text holds a {@code \\uD800}-{@code \\uDFFF} escape that is not half of a pair. */
  static boolean holdsLoneSurrogateEscape(String text) {
    int i = text.indexOf("\\u");
    while (i >= 0 && i + 6 <= text.length()) {
      char c = (char) parseHex(text, i + 2);
      if (Character.isHighSurrogate(c)) {
        boolean paired = i + 12 <= text.length() && text.startsWith("\\u", i + 6)
            && Character.isLowSurrogate((char) parseHex(text, i + 8));
        if (!paired) {
          return true;
        }
        i += 6;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
      i = text.indexOf("\\u", i + 2);
    }
    return false;
  }

  private static int parseHex(String text, int at) {
    try {
      return Integer.parseInt(text.substring(at, at + 4), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void closeReader() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException ignored) {
        // reading from memory
      }
      reader = null;
    }
  }

  @Override
  public Origin position() {
    return new Origin(sourceName, markLine, index, markOffset);
  }

  @Override
  public void close() throws IOException {
    closeReader();
    chunks.close();
  }
}
