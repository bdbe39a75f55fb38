package dev.ddbload;

import dev.ddbload.capacity.TableCapacity;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.engine.ExpectedReads;
import dev.ddbload.engine.InputCheck;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.Source;
import dev.ddbload.table.TableSetup;
import dev.ddbload.verify.PacedReads;
import dev.ddbload.verify.Verification;
import dev.ddbload.verify.VerifyOptions;
import dev.ddbload.verify.VerifyRecorder;
import dev.ddbload.verify.VerifyReport;
import dev.ddbload.verify.VerifyStats;
import dev.ddbload.write.DynamoClients;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Proves that a table holds what the inputs say: reads the inputs exactly as a load with the same
 * {@link LoadOptions} reads them (formats, compression, datasets, S3, schema, renames, exclusions,
 * partition columns, mode), works out each key's expected final state (the last record of the key
 * in input order: the inputs in their order, each in its own; a delete expects no item), reads the
 * table and compares. The library's verification entry point, as {@link BulkLoader} is the load's.
 *
 * <pre>{@code
 * try (Verifier verifier = Verifier.create(loadOptions, VerifyOptions.builder().sample(0.1).build())) {
 *   VerifyReport report = verifier.verify(sources);
 *   System.out.println(report.status() + " " + report.stats().different());
 * }
 * }</pre>
 *
 * <p>Records a load rejects before sending (unreadable, a bad key, over 400 KB) say nothing about
 * the table and are counted as not checkable. The table's capacity is never changed: reads go at
 * {@link VerifyOptions#maxRcu()}, else a share of a provisioned table's read capacity, adapting to
 * throttling as writes do. {@link #stats()} and {@link #cancel()} from any thread; one
 * verification per instance at a time.
 */
public final class Verifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Verifier.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final LoadOptions load;
  private final VerifyOptions options;
  private final DynamoDbAsyncClient readPlane;
  private final DynamoDbClient controlPlane;
  private final boolean ownsClients;
  private volatile Verification active;
  private volatile boolean cancelled;

  private Verifier(LoadOptions load, VerifyOptions options, DynamoDbAsyncClient readPlane,
      DynamoDbClient controlPlane, boolean ownsClients) {
    this.load = Objects.requireNonNull(load, "load");
    this.options = Objects.requireNonNull(options, "options");
    this.readPlane = readPlane;
    this.controlPlane = controlPlane;
    this.ownsClients = ownsClients;
  }

  /**
   * A verifier with its own clients, built from {@link LoadOptions#client()}; closed by {@link #close()}.
   *
   * @throws ConfigurationException when no region can be found
   */
  public static Verifier create(LoadOptions load, VerifyOptions options) {
    DynamoDbClient control = DynamoClients.controlPlane(load.client());
    try {
      int calls = options.concurrency().max() + (options.extra() ? options.scanSegments() : 0);
      return new Verifier(load, options, DynamoClients.readPlane(load.client(), calls), control, true);
    } catch (RuntimeException e) {
      control.close();
      throw e;
    }
  }

  /**
   * A verifier using the caller's clients, which it does not close. Turn off the async client's
   * own retries ({@code AwsRetryStrategy.doNotRetry()}), or its attempts multiply the verifier's.
   */
  public static Verifier create(LoadOptions load, VerifyOptions options, DynamoDbAsyncClient readPlane,
      DynamoDbClient controlPlane) {
    return new Verifier(load, options, Objects.requireNonNull(readPlane, "readPlane"),
        Objects.requireNonNull(controlPlane, "controlPlane"), false);
  }

  /**
   * Verifies the table against the sources, read in order, up to {@link LoadOptions#parallelFiles()} at once.
   *
   * @throws ConfigurationException before anything is read from the table, for a problem the user
   *     can fix: a missing table, an input whose format is unknown or whose header is unusable, a
   *     {@code --schema} column no input has, DynamoDB unreachable or refusing the credentials
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws UncheckedIOException when the spill directory or the differences file cannot be written
   */
  public VerifyReport verify(List<Source> sources) throws InterruptedException {
    if (!load.writing().rule().batched()) {
      // The expected item of an insert, update or version-compared write depends on what the
      // table held before: the inputs alone do not say it.
      throw new ConfigurationException("Verification compares the table with the inputs' whole items, so it checks"
          + " loads in put or delete mode only, not with LoadOptions.mode " + load.mode()
          + (load.ifNewer().isPresent() ? ", LoadOptions.ifNewer" : "")
          + (load.opField().isPresent() ? ", LoadOptions.opField" : "") + ".");
    }
    sources = Inputs.distinct(sources);
    TableDescription table = describe();
    KeySchema keys = KeySchema.from(table);
    List<Format> formats = Inputs.formatsOf(load, sources);
    DecodeOptions decodeOptions = InputCheck.check(sources, formats, Inputs.decodeOptions(load, keys), load.schema());
    Path differences = options.differencesFile().orElseGet(() -> Path.of("ddbload-differences-" + load.table() + "-"
        + LocalDateTime.now(options.clock()).format(STAMP) + ".jsonl"));
    PrivateFiles.checkWritable(differences, "differences file");
    double ceiling = readCeiling(TableCapacity.from(table));
    try (Verification v = new Verification(readPlane, load.table(), keys, options,
        new PacedReads(ceiling, System::nanoTime, new SplittableRandom(options.random().nextLong())), Inputs.totalSize(sources), differences)) {
      active = v;
      if (cancelled) {
        v.cancel();
      }
      ExpectedReads.readAll(sources, formats, decodeOptions, new ExpectedReads.Settings(keys,
          load.mode() == WriteMode.DELETE, load.parallelFiles()), () -> cancelled, this::cancel, v);
      return v.finish();
    }
  }

  /** The counters of the running (or last) verification. */
  public VerifyStats stats() {
    Verification v = active;
    return v == null ? new VerifyRecorder(options.clock()).snapshot() : v.stats();
  }

  /** Stops the running verification: it reads no more and returns {@code INTERRUPTED}. */
  public void cancel() {
    cancelled = true;
    Verification v = active;
    if (v != null) {
      v.cancel();
    }
  }

  private TableDescription describe() {
    return new TableSetup(controlPlane).describeExisting(load.table(), load.client().describeTarget());
  }


  /** {@code maxRcu}, else a share of a provisioned table's read capacity, else none. */
  private double readCeiling(TableCapacity capacity) {
    if (options.maxRcu() > 0) {
      return options.maxRcu();
    }
    long read = capacity.capacity().read();
    return !capacity.onDemand() && read > 0 ? Math.max(1, options.capacityFraction() * read)
        : Double.POSITIVE_INFINITY;
  }


  /** Closes the verifier's own clients. */
  @Override
  public void close() {
    cancel();
    if (ownsClients) {
      readPlane.close();
      controlPlane.close();
    }
  }
}
