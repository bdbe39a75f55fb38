package dev.ddbload;

import dev.ddbload.batch.Batcher;
import dev.ddbload.batch.KeyOrdering;
import dev.ddbload.batch.RequestBytes;
import dev.ddbload.batch.ShuffleWindow;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.capacity.LoadPlanner;
import dev.ddbload.compress.Compression;
import dev.ddbload.decode.BadRecord;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemSize;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.report.StatsRecorder;
import dev.ddbload.source.CountingInputStream;
import dev.ddbload.source.Source;
import dev.ddbload.write.BatchWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One reader thread's part of a load: reads sources one at a time (decompress, decode,
 * validate), interleaves them in its {@link ShuffleWindow} (so key-sorted input does not send
 * every write to one partition), orders them by key through its {@link KeyOrdering.Lane},
 * batches them in its own {@link Batcher} and hands full batches to the shared writer. In a dry
 * run valid records go to the {@link LoadPlanner} instead. A source that cannot be opened,
 * or whose rest cannot be read, costs one reject naming where; the lane goes on with the next.
 * Not thread-safe: one thread per lane.
 */
final class ReadLane {

  private static final Logger log = LoggerFactory.getLogger(ReadLane.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** What a lane needs from the load it belongs to. */
  interface Host {
    /** Whether reading should go on (not cancelled, no fatal error). */
    boolean shouldContinue();

    /** Writes a reject and counts it. */
    void reject(Origin origin, String raw, RejectReason reason, String message);
  }

  private final Host host;
  private final KeySchema keys;
  private final WriteMode mode;
  private final StatsRecorder recorder;
  private final KeyOrdering ordering;
  private final KeyOrdering.Lane lane;
  private final Batcher batcher;
  private final ShuffleWindow<WriteItem> shuffle;
  private final LoadPlanner planner;
  private final BatchWriter writer;

  /** @param planner where a dry run's records go; null to write them */
  ReadLane(Host host, KeySchema keys, WriteMode mode, StatsRecorder recorder, KeyOrdering ordering,
      ShuffleWindow<WriteItem> shuffle, LoadPlanner planner, BatchWriter writer) {
    this.host = host;
    this.keys = keys;
    this.mode = mode;
    this.recorder = recorder;
    this.ordering = ordering;
    this.lane = ordering.newLane();
    this.batcher = new Batcher(superseded -> recorder.recordSuperseded());
    this.shuffle = shuffle;
    this.planner = planner;
    this.writer = writer;
  }

  /** Opens a source: buffered, counted for progress, decompressed by its magic bytes, decoded. */
  static RecordDecoder open(Source source, Format format, DecodeOptions options, StatsRecorder recorder)
      throws IOException {
    InputStream raw = source.open();
    InputStream counted = recorder == null ? raw : new CountingInputStream(raw, recorder::recordBytesRead);
    Compression.Decompressed data = Compression.open(new BufferedInputStream(counted, READ_BUFFER_BYTES));
    try {
      return format.open(source.name(), data.stream(), options);
    } catch (IOException | RuntimeException e) {
      data.stream().close();
      throw e;
    }
  }

  /** Reads one source to its end (or until the load stops), batching as it goes. */
  void read(Source source, Format format, DecodeOptions options) throws InterruptedException {
    RecordDecoder decoder;
    try {
      decoder = open(source, format, options, recorder);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      log.warn("Cannot open {}: {}", source.name(), describe(e));
      recorder.recordRead();
      host.reject(new Origin(source.name(), 1, 0, 0), "", RejectReason.DAMAGED,
          "the input cannot be opened: " + describe(e));
      return;
    }
    try {
      Decoded d;
      while (host.shouldContinue() && (d = decoder.next()) != null) {
        recorder.recordRead();
        if (d instanceof BadRecord bad) {
          host.reject(bad.origin(), bad.raw(), bad.reason(), bad.message());
        } else {
          accept((SourceRecord) d);
        }
        batchAll(lane.takeReady());
      }
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      // The rest of this source is unreadable: one reject names where, the other sources go on.
      Origin at = decoder.position();
      log.warn("Stopped reading {} at line {} (record {}): {}", source.name(), at.line(), at.index(), describe(e));
      recorder.recordRead();
      host.reject(at, "", RejectReason.DAMAGED, "the rest of the input from here could not be read: " + describe(e));
    } finally {
      closeQuietly(decoder, source);
    }
  }

  /**
   * Lets out what the shuffle window holds, batches what became ready and sends this lane's open
   * batch; call when the lane is done.
   */
  void flush() throws InterruptedException {
    WriteItem held;
    while ((held = shuffle.take()) != null) {
      order(held);
    }
    batchAll(lane.takeReady());
    submit(batcher.drain());
  }

  /** Waits up to {@code timeoutMillis} for parked records to become ready, and batches them. */
  void awaitReady(long timeoutMillis) throws InterruptedException {
    batchAll(lane.awaitReady(timeoutMillis));
  }

  private void accept(SourceRecord record) throws InterruptedException {
    Map<String, AttributeValue> item = record.item();
    try {
      keys.validate(item);
    } catch (InvalidValueException e) {
      host.reject(record.origin(), record.rawText(), e.reason(), e.getMessage());
      return;
    }
    WriteItem write;
    if (mode == WriteMode.DELETE) {
      Map<String, AttributeValue> key = keys.keyOf(item);
      WriteRequest request = WriteRequest.builder().deleteRequest(b -> b.key(key)).build();
      write = new WriteItem(record, key, request, ItemSize.of(key), RequestBytes.ofPut(key));
    } else {
      int size = ItemSize.of(item);
      if (size > ItemSize.MAX_ITEM_BYTES) {
        host.reject(record.origin(), record.rawText(), RejectReason.ITEM_TOO_LARGE, "the item is " + size
            + " bytes; DynamoDB allows at most " + ItemSize.MAX_ITEM_BYTES + " (400 KB)");
        return;
      }
      WriteRequest request = WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
      write = new WriteItem(record, keys.keyOf(item), request, size, RequestBytes.ofPut(item));
    }
    if (planner != null) {
      planner.add(keys.partitionKeyText(write.key()), write.itemBytes(), mode == WriteMode.DELETE);
      return;
    }
    WriteItem next = shuffle.add(write);
    if (next != null) {
      order(next);
    }
  }

  /** Batches the item now, or parks it while a write of its key is in flight. */
  private void order(WriteItem write) throws InterruptedException {
    if (lane.admit(write)) {
      submit(batcher.add(write));
    }
  }

  private void batchAll(List<WriteItem> items) throws InterruptedException {
    for (WriteItem item : items) {
      submit(batcher.add(item));
    }
  }

  private void submit(List<WriteItem> batch) throws InterruptedException {
    if (!batch.isEmpty()) {
      ordering.submitted(batch);
      writer.submit(batch);
    }
  }

  private static String describe(Exception e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static void closeQuietly(RecordDecoder decoder, Source source) {
    try {
      decoder.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing {}: {}", source.name(), e.toString());
    }
  }
}
