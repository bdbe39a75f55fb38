package dev.ddbload.spark;

import dev.ddbload.decode.Origin;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.item.DynamoJsonAttributes;
import dev.ddbload.item.KeySchema;
import dev.ddbload.verify.ExpectedRecord;
import dev.ddbload.verify.PacedReads;
import dev.ddbload.verify.Verification;
import dev.ddbload.verify.VerifyReport;
import dev.ddbload.verify.VerifyStatus;
import dev.ddbload.write.DynamoClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One verifying task: its keys (all rows of each, sorted by key) grouped ({@link KeyGroups}),
 * each checkable key handed to the core's {@link Verification} (spill in a private directory
 * under the executor's temporary directory, BatchGetItem at the task's share of the read rate,
 * the comparison, the differences file), then its differences and ambiguous keys streamed back
 * as lines, and its counts last. A fatal error (table gone, access denied) fails the task.
 */
final class PartitionVerifier {

  private PartitionVerifier() {}

  /**
   * Checks the task's keys and returns what the driver gets from it.
   *
   * @throws IllegalStateException when a fatal error stopped the reads
   * @throws UncheckedIOException when the task's temporary files cannot be written
   */
  static Iterator<VerifyOutput> run(VerifyJob job, Iterator<Tuple2<String, RowEntry>> sorted)
      throws IOException, InterruptedException {
    SparkVerifyOptions options = job.options();
    String table = options.write().table();
    KeySchema keys = KeySchema.parse(job.keySpec());
    Path dir = PrivateFiles.createDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ddbload-verify-");
    TaskContext context = TaskContext.get();
    if (context != null) {
      context.addTaskCompletionListener((TaskCompletionListener) c -> deleteQuietly(dir));
    }
    DynamoJsonAttributes parser = VerifyJob.parser();
    boolean deletes = job.deletes();
    long repeated = 0;
    long ambiguousKeys = 0;
    long ambiguousRows = 0;
    KeyGroups groups = new KeyGroups(sorted, (a, b) -> VerifyJob.sameItem(parser, a, b));
    VerifyReport report;
    AmbiguousKeys ambiguous = new AmbiguousKeys(dir.resolve("ambiguous.jsonl"));
    try (DynamoDbAsyncClient client = DynamoClients.readPlane(options.write().client(), options.maxCalls());
        Verification v = new Verification(client, table, keys, options.verifyOptions(dir),
            new PacedReads(job.rcuPerTask(), System::nanoTime, new SplittableRandom()), 0,
            dir.resolve("differences.jsonl"))) {
      try (ambiguous) {
        while (groups.hasNext()) {
          KeyGroups.Group g = groups.next();
          Map<String, AttributeValue> item = VerifyJob.item(parser, g.first().json());
          Map<String, AttributeValue> key = keys.keyOf(item);
          int partition = g.first().partition();
          // The input is the row's partition, so that its origin names it.
          Origin origin = new Origin("partition " + partition, 0, g.first().index(), Origin.UNKNOWN);
          if (g.ambiguous()) {
            ambiguousKeys++;
            ambiguousRows += g.rows();
            ambiguous.write(origin, key, g.rows());
          } else {
            repeated += g.rows() - 1;
            v.expect(new ExpectedRecord(partition, origin, key, deletes ? null : item));
          }
        }
      }
      report = v.finish();
    }
    if (report.status() == VerifyStatus.ABORTED || report.status() == VerifyStatus.INTERRUPTED) {
      throw new IllegalStateException("Verifying table " + table + " stopped: "
          + report.error().orElse("interrupted") + ".");
    }
    TaskCounts counts = TaskCounts.of(new TaskCounts.KeyGroupTally(groups.rows(), groups.notCheckable(), repeated,
        ambiguousKeys, ambiguousRows), report.stats());
    List<Path> files = new ArrayList<>();
    if (ambiguous.lines() > 0) {
      files.add(ambiguous.path());
    }
    report.differencesFile().ifPresent(files::add);
    return new Lines(files, counts, dir);
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: the directory is private and under the temporary directory.
    }
  }

  /** The files' lines, one file after another, then the counts; deletes the directory at the end. */
  private static final class Lines implements Iterator<VerifyOutput> {
    private final Iterator<Path> files;
    private final TaskCounts counts;
    private final Path dir;
    private BufferedReader reader;
    private VerifyOutput next;
    private boolean countsSent;

    Lines(List<Path> files, TaskCounts counts, Path dir) {
      this.files = files.iterator();
      this.counts = counts;
      this.dir = dir;
      this.next = advance();
    }

    private VerifyOutput advance() {
      try {
        while (true) {
          if (reader != null) {
            String line = reader.readLine();
            if (line != null) {
              return new VerifyOutput(line, null);
            }
            reader.close();
            reader = null;
          }
          if (!files.hasNext()) {
            break;
          }
          reader = Files.newBufferedReader(files.next(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the task's differences: " + e.getMessage(), e);
      }
      if (!countsSent) {
        countsSent = true;
        return new VerifyOutput(null, counts);
      }
      deleteQuietly(dir);
      return null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public VerifyOutput next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      VerifyOutput o = next;
      next = advance();
      return o;
    }
  }
}
