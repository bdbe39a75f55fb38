package dev.ddbload.verify;

import dev.ddbload.item.KeySchema;
import dev.ddbload.report.SourceDamage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One verification of a table against expected records, in bounded memory whatever their number:
 *
 * <ol>
 *   <li>{@link #expect} (from any number of reader threads): each record in the sample is spilled
 *       to one of K partition files by the hash of its key (the key's canonical bytes, numbers in
 *       one form), so every record of a key lands in one partition; with {@link
 *       VerifyOptions#extra()}, a parallel Scan spills the table's keys into the same partitions
 *       meanwhile.</li>
 *   <li>{@link #finish}: partition by partition, the last record of each key in input order is
 *       kept in memory ({@link LastRecords}; a record seen again later is replaced, never
 *       checked), the keys are read with BatchGetItem ({@link TableReader}) and each item
 *       compared with its record ({@link KeyChecks}); then the partition's scanned keys that no
 *       record accounts for are extra. A partition larger than {@link VerifyOptions#memoryBytes()}
 *       is split by a second hash first.</li>
 * </ol>
 * K is the inputs' size over the memory (at least 1, at most {@value #MAX_PARTITIONS}; 16 when
 * the size is unknown). The spill directory is readable by its owner only and deleted by
 * {@link #finish} and {@link #close}. {@link #expect}, {@link #stats} and {@link #cancel} are
 * thread-safe; {@link #finish} once, from one thread.
 */
public final class Verification implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Verification.class);
  static final int MAX_PARTITIONS = 256;
  private static final int UNKNOWN_SIZE_PARTITIONS = 16;
  private static final int MAX_SPLIT_LEVEL = 3;

  private final DynamoDbAsyncClient client;
  private final String table;
  private final KeySchema keys;
  private final VerifyOptions options;
  private final ReadPace pace;
  private final VerifyRecorder recorder;
  private final DifferenceLog differences;
  private final SpillStore spill;
  private final ScheduledExecutorService timer;
  private final Map<Integer, String> inputNames = new ConcurrentHashMap<>();
  private final Queue<SourceDamage> damages = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<ItemCodec.Writer> keyBuffers = ThreadLocal.withInitial(() -> new ItemCodec.Writer(256));
  private final ThreadLocal<ItemCodec.Writer> recordBuffers =
      ThreadLocal.withInitial(() -> new ItemCodec.Writer(4096));
  private final TableScan scan;
  private Future<Void> scanning;
  private volatile TableReader reader;
  private volatile boolean cancelled;

  /**
   * A verification ready for records.
   *
   * @param client the data-plane client for BatchGetItem and Scan, its own retries off
   * @param table the table
   * @param keys the table's key
   * @param options what to check and how to read
   * @param pace paces the reads ({@link PacedReads})
   * @param inputBytes the inputs' total size in bytes, to size the spill; -1 when unknown
   * @param differencesFile where differences go
   * @throws UncheckedIOException when the spill directory cannot be made
   */
  public Verification(DynamoDbAsyncClient client, String table, KeySchema keys, VerifyOptions options,
      ReadPace pace, long inputBytes, Path differencesFile) {
    this.client = client;
    this.table = table;
    this.keys = keys;
    this.options = options;
    this.pace = pace;
    this.recorder = new VerifyRecorder(options.clock());
    this.differences = new DifferenceLog(differencesFile);
    this.spill = SpillStore.create(options.spillDirectory(), partitions(inputBytes, options.memoryBytes()));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ddbload-verify-timer");
      t.setDaemon(true);
      return t;
    });
    recorder.setSources(spill::spilledBytes, pace::consumedRate, pace::allowedRate);
    this.scan = options.extra() ? new TableScan(client, table, keys, options, pace, timer, recorder, this::scanned)
        : null;
    if (scan != null) {
      scanning = scan.start();
    }
  }

  /** The number of partitions for inputs of this size. */
  static int partitions(long inputBytes, long memoryBytes) {
    if (inputBytes < 0) {
      return UNKNOWN_SIZE_PARTITIONS;
    }
    return (int) Math.max(1, Math.min(MAX_PARTITIONS, (inputBytes + memoryBytes - 1) / memoryBytes));
  }

  /** Counts a record that a load rejects before sending it. */
  public void notCheckable() {
    recorder.recordRead();
    recorder.recordNotCheckable();
  }

  /** Counts the unread rest of an input, which a load counts as one {@code DAMAGED} record. Thread-safe. */
  public void damaged(SourceDamage damage) {
    notCheckable();
    recorder.damagedSources.increment();
    damages.add(damage);
  }

  /** Counts stored bytes read from the inputs. Thread-safe. */
  public void bytesRead(long bytes) {
    recorder.bytesRead.add(bytes);
  }

  /** Takes a record: counted, and spilled when its key is in the sample. Thread-safe. */
  public void expect(ExpectedRecord r) {
    recorder.recordRead();
    inputNames.putIfAbsent(r.input(), r.origin().source());
    ItemCodec.Writer keyBytes = keyBuffers.get();
    long hash = Expected.keyBytes(keys, r.key(), keyBytes);
    if (!KeyHash.sampled(hash, options.sample())) {
      recorder.recordOutsideSample();
      return;
    }
    ItemCodec.Writer w = recordBuffers.get();
    Expected.encode(r, keyBytes, w);
    spill.addRecord(hash, w.array(), w.size());
    if (w.array().length > 1 << 20) {
      recordBuffers.remove();
    }
  }

  private void scanned(Map<String, AttributeValue> key) {
    ItemCodec.Writer keyBytes = keyBuffers.get();
    long hash = Expected.keyBytes(keys, key, keyBytes);
    if (KeyHash.sampled(hash, options.sample())) {
      spill.addScanned(hash, keyBytes.array(), keyBytes.size());
    }
  }

  /** The counters now. */
  public VerifyStats stats() {
    return recorder.snapshot();
  }

  /** Stops: nothing more is read from the table; {@link #finish} returns {@link VerifyStatus#INTERRUPTED}. */
  public void cancel() {
    cancelled = true;
    if (scan != null) {
      scan.stop();
    }
    TableReader r = reader;
    if (r != null) {
      r.stop();
    }
  }

  /**
   * Checks every key expected (call once every record is in): reads the table, compares, writes
   * the differences, deletes the spill.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws UncheckedIOException when the spill or the differences file cannot be written
   */
  public VerifyReport finish() throws InterruptedException {
    Optional<String> error;
    try {
      error = awaitScan();
      spill.finishWriting();
      if (error.isEmpty()) {
        error = check();
      }
    } finally {
      closeQuietly();
    }
    VerifyStats s = recorder.snapshot();
    VerifyStatus status;
    if (error.isPresent()) {
      status = VerifyStatus.ABORTED;
    } else if (cancelled) {
      status = VerifyStatus.INTERRUPTED;
    } else if (s.damagedSources() > 0) {
      status = VerifyStatus.DAMAGED_INPUT;
    } else {
      status = s.differences() + s.unverified() == 0 ? VerifyStatus.MATCHED : VerifyStatus.DIFFERENT;
    }
    return new VerifyReport(table, status, s, differences.writtenFile(), error, List.copyOf(damages));
  }

  private Optional<String> awaitScan() throws InterruptedException {
    if (scanning == null) {
      return Optional.empty();
    }
    try {
      scanning.get();
    } catch (ExecutionException e) {
      return Optional.of("the scan for extra items failed: " + e.getCause());
    }
    return scan.fatalError();
  }

  private Optional<String> check() throws InterruptedException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= inputNames.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1); i++) {
      names.add(inputNames.getOrDefault(i, "input " + i));
    }
    KeyChecks checks = new KeyChecks(recorder, differences, names);
    TableReader r = new TableReader(client, table, keys, options, pace, timer, recorder, checks);
    reader = r;
    if (cancelled) {
      r.stop();
    }
    try {
      for (SpillStore.Partition p : spill.partitions()) {
        if (cancelled || r.fatalError().isPresent()) {
          break;
        }
        check(p, r, checks);
      }
      r.awaitIdle();
    } catch (IOException e) {
      throw new UncheckedIOException("the spill directory " + spill.directory() + " could not be read: "
          + e.getMessage(), e);
    }
    return r.fatalError();
  }

  private void check(SpillStore.Partition p, TableReader r, KeyChecks checks)
      throws InterruptedException, IOException {
    long bytes = p.recordBytes();
    long memory = options.memoryBytes();
    if (bytes > memory && p.level < MAX_SPLIT_LEVEL) {
      // Twice the parts the size asks for, so that an uneven split still fits.
      int parts = (int) Math.min(MAX_PARTITIONS, 2 * ((bytes + memory - 1) / memory));
      log.debug("splitting a spill partition of {} bytes into {}", bytes, parts);
      for (SpillStore.Partition sub : spill.split(p, parts)) {
        if (cancelled || r.fatalError().isPresent()) {
          return;
        }
        check(sub, r, checks);
      }
      return;
    }
    LastRecords last = LastRecords.read(p.records, bytes);
    recorder.superseded.add(last.superseded());
    recorder.keysInSeveralInputs.add(last.keysInSeveralInputs());
    List<PendingKey> batch = new ArrayList<>(TableReader.MAX_KEYS);
    for (Expected e : last.keys()) {
      if (cancelled || r.fatalError().isPresent()) {
        break;
      }
      batch.add(new PendingKey(e, e.key(), estimatedUnits(e), options.consistentRead()));
      if (batch.size() == TableReader.MAX_KEYS) {
        r.submit(batch);
        r.sendFullRechecks();
        batch = new ArrayList<>(TableReader.MAX_KEYS);
      }
    }
    r.submit(batch);
    r.awaitIdle();
    if (!cancelled && r.fatalError().isEmpty()) {
      SpillStore.forEach(p.scanned, keyBytes -> {
        if (last.find(keyBytes) == null) {
          checks.extra(Expected.readKey(new ItemCodec.Reader(keyBytes, 0, keyBytes.length)));
        }
      });
    }
    spill.delete(p);
  }

  /** An eventually consistent read's units: half a unit per started 4 KB of the item (the record's size). */
  private static double estimatedUnits(Expected e) {
    return Math.max(1, (e.size() + 4095) / 4096) * 0.5;
  }

  private void closeQuietly() {
    try {
      differences.close();
    } catch (IOException e) {
      log.warn("Closing the differences file {} failed: {}", differences.path(), e.getMessage());
    }
    spill.close();
  }

  /** Stops reading and deletes the spill (when {@link #finish} was not called, or failed). */
  @Override
  public void close() {
    cancel();
    timer.shutdownNow();
    closeQuietly();
  }
}
