package dev.ddbload.engine;

import dev.ddbload.checkpoint.SourceState;
import dev.ddbload.compress.Compression;
import dev.ddbload.compress.CorruptInputException;
import dev.ddbload.compress.IntegrityCheck;
import dev.ddbload.compress.TrustedPrefixInputStream;
import dev.ddbload.compress.UnitTracking;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.ResumedDecoder;
import dev.ddbload.report.SuspectRecords;
import dev.ddbload.compress.CountingInputStream;
import dev.ddbload.source.FileSnapshot;
import dev.ddbload.source.InputChangedException;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.PartitionColumns;
import dev.ddbload.source.PartitionedSource;
import dev.ddbload.source.PumpedInputStream;
import dev.ddbload.source.Source;
import dev.ddbload.source.WatchedFileInputStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source opened for reading, layer by layer, and what each layer knows when reading fails:
 * <pre>
 * Source.open ─> [PumpedInputStream] ─> CountingInputStream ─> BufferedInputStream ─> Compression
 *   (watched       (streams: pipes,       (bytes read)                                  (unit tracking)
 *   regular file)   stdin)                                       ─> [TrustedPrefixInputStream] ─> decoder
 *                                                                   (what the check before loading trusted)
 * </pre>
 * A compressed regular file is checked before it is opened ({@link IntegrityCheck}); a stream
 * that cannot be read twice is pumped on its own thread, so the reader can stop and can send what
 * it holds when input stalls. Not thread-safe: the reader's.
 */
final class SourceInput implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(SourceInput.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;
  /** How long a stream may give nothing before the reader sends what it holds. */
  static final Duration STALL = Duration.ofMillis(150);

  /** What stopped reading a source: why, and the stored offset from which it is unread. */
  record Failure(String reason, long storedOffset, Optional<SuspectRecords> suspect) {}

  private final Source source;
  private final SourceState seekFrom;
  private final long startOffset;
  private long counted;
  private WatchedFileInputStream watched;
  private Compression compression = Compression.NONE;
  private UnitTracking units;
  private TrustedPrefixInputStream trusted;
  private RecordDecoder decoder;
  private SuspectTracker suspects = new SuspectTracker(null);
  /** The outermost stream opened so far, closed when opening fails. */
  private InputStream opened;

  /**
   * A source to open from its start or (an uncompressed line source an earlier run stopped in)
   * from {@code seekFrom}'s offset.
   *
   * @param seekFrom where to start in the stored bytes; null for the start
   */
  SourceInput(Source source, SourceState seekFrom) {
    this.source = source;
    this.seekFrom = seekFrom;
    this.startOffset = seekFrom == null ? 0 : seekFrom.offset();
  }

  /** Opens a source from its start with no counting, stall or stop (to check a CSV header). */
  static RecordDecoder openToCheck(Source source, Format format, DecodeOptions options) throws IOException {
    SourceInput input = new SourceInput(source, null);
    input.open(format, options, null, 0, () -> false, () -> { });
    return input.decoder;
  }

  /**
   * Opens the layers and the decoder. When this fails, {@link #failure} tells why and the input
   * is closed; bytes it read (a decompressor reads ahead as it opens) are counted.
   *
   * @param bytesRead counts stored bytes read (and asks for the check of a compressed file
   *     before reading it); null for neither (a check of a header before the load)
   * @param rowStart the first record a columnar decoder that seeks rows (Parquet) starts at
   * @param stopped whether the load stopped (asked while waiting for a stream or checking a file)
   * @param onStall run when a stream gave nothing for {@link #STALL}
   */
  void open(Format format, DecodeOptions options, LongConsumer bytesRead, long rowStart, BooleanSupplier stopped,
      Runnable onStall) throws IOException {
    try {
      if (format.isColumnar()) {
        // Parquet and Avro read their sources themselves (Parquet seeks; Avro compresses its blocks).
        decoder = ColumnarDecoders.open(source, format, options, rowStart, bytes -> count(bytes, bytesRead));
      } else {
        openLayers(format, options, bytesRead, stopped, onStall);
      }
      decoder = PartitionColumns.wrap(source, decoder, options);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void count(long bytes, LongConsumer bytesRead) {
    counted += bytes;
    if (bytesRead != null) {
      bytesRead.accept(bytes);
    }
  }

  private void openLayers(Format format, DecodeOptions options, LongConsumer bytesRead, BooleanSupplier stopped,
      Runnable onStall) throws IOException {
    IntegrityCheck.Verdict verdict = IntegrityCheck.Verdict.TRUSTED;
    FileSnapshot checked = null;
    Source stored = source instanceof PartitionedSource p ? p.delegate() : source;
    if (stored instanceof LocalFileSource file && file.isRegularFile() && seekFrom == null && bytesRead != null) {
      checked = file.snapshot();
      Compression c = peekCompression(file);
      if (IntegrityCheck.isNeeded(c)) {
        long started = System.nanoTime();
        verdict = IntegrityCheck.check(file.path(), c, stopped);
        log.debug("checked {} ({} bytes, {}) in {} ms: {}", source.name(), checked.size(), c,
            (System.nanoTime() - started) / 1_000_000, verdict.refuted().map(Exception::getMessage).orElse("good"));
      }
    }
    InputStream raw;
    if (!source.isReopenable()) {
      raw = new PumpedInputStream(source::open, source.name(), stopped, onStall, STALL);
    } else {
      raw = seekFrom == null ? source.open() : source.openAt(seekFrom.offset());
    }
    opened = raw;
    watched = raw instanceof WatchedFileInputStream w ? w : null;
    InputStream counted = new CountingInputStream(raw, bytes -> count(bytes, bytesRead));
    InputStream buffered = new BufferedInputStream(counted, READ_BUFFER_BYTES);
    opened = buffered;
    if (checked != null && watched != null && checked.changeTo(watched.openedAs()) != null) {
      throw new InputChangedException(source.name() + " " + checked.changeTo(watched.openedAs())
          + " between its check and its load");
    }
    InputStream data;
    if (seekFrom == null) {
      Compression.Decompressed d = Compression.open(buffered);
      compression = d.compression();
      data = d.stream();
      opened = data;
      units = data instanceof UnitTracking u ? u : null;
    } else {
      data = buffered;
    }
    if (verdict.refuted().isPresent()) {
      trusted = new TrustedPrefixInputStream(data, verdict.refuted().get());
      data = trusted;
      units = null;
    }
    suspects = new SuspectTracker(units);
    decoder = format.open(source.name(), data, options);
    if (seekFrom != null) {
      decoder = new ResumedDecoder(decoder,
          new Origin(source.name(), seekFrom.line(), seekFrom.index(), seekFrom.offset()));
    }
  }

  private static Compression peekCompression(LocalFileSource file) throws IOException {
    try (InputStream in = java.nio.file.Files.newInputStream(file.path())) {
      byte[] head = in.readNBytes(Compression.MAGIC_LENGTH);
      return Compression.detect(head, head.length);
    }
  }

  /** The decoder. */
  RecordDecoder decoder() {
    return decoder;
  }

  /** Whether the decoder's offsets are offsets of the stored bytes, so a resume may seek to them. */
  boolean offsetsAreStoredBytes(Format format) {
    return compression == Compression.NONE && source.isSeekable() && format.readsLines();
  }

  /** Stored bytes read from this source so far (from where reading started). */
  long counted() {
    return counted;
  }

  /**
   * The source's size in stored bytes when it was opened (a file that grew or shrank since is
   * measured as it was), or -1 when unknown.
   */
  long sizeAtOpen() {
    if (watched != null) {
      return watched.openedAs().size();
    }
    return source.size().orElse(-1);
  }

  /** Where reading started in the stored bytes (a resume's offset, else 0). */
  long startOffset() {
    return startOffset;
  }

  /** The decoder handed on a record. */
  void handedOn(Origin origin) {
    suspects.handedOn(origin);
  }

  /** Whether any stored byte was read (opening a decompressor reads its first unit). */
  boolean readAny() {
    return counted > 0;
  }

  /**
   * Why opening failed, for the damage report: what stopped reading when the input changed or
   * some of it was read (a decompressor's first unit), else that it cannot be opened and why.
   */
  String openFailure(Exception e, Origin start) {
    return e instanceof InputChangedException || readAny() ? failure(e, start).reason()
        : "the input cannot be opened: " + describe(e);
  }

  /**
   * What stopped reading, given what the decoder threw and where it stood: a change of the file,
   * the part a check before loading refuted, a unit refuted while streaming (with the records
   * decoded from it), or anything else (a truncation, unreadable text, a failing disk).
   */
  Failure failure(Exception e, Origin position) {
    long reached = startOffset + counted;
    long byPosition = compression == Compression.NONE && position.offset() >= 0 ? position.offset() : reached;
    if (watched != null && watched.change() != null) {
      return new Failure(watched.change().getMessage(), byPosition, Optional.empty());
    }
    if (trusted != null && trusted.reached()) {
      CorruptInputException c = trusted.refuted();
      return new Failure(c.getMessage() + "; found by the check before loading, so nothing decoded from it was loaded",
          c.storedOffset(), Optional.empty());
    }
    CorruptInputException corrupt = causeOf(e, CorruptInputException.class);
    if (corrupt != null) {
      Optional<SuspectRecords> suspect = suspects.suspects(corrupt.outputOffset(), position);
      String what = suspect.map(s -> "; found only after " + s + " had been decoded from it and loaded or rejected:"
          + " they may be wrong, load them again from a good copy")
          .orElse("; nothing decoded from it was loaded");
      return new Failure(corrupt.getMessage() + what, reached, suspect);
    }
    return new Failure("the rest of the input from here could not be read: " + describe(e), byPosition,
        Optional.empty());
  }

  static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  static String describe(Exception e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    try {
      if (decoder != null) {
        decoder.close();
      } else if (opened != null) {
        opened.close();
      }
    } catch (IOException | RuntimeException e) {
      log.debug("closing {}: {}", source.name(), e.toString());
    }
  }
}
