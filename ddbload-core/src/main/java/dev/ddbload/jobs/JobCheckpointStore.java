package dev.ddbload.jobs;

import static dev.ddbload.jobs.JobItems.ID;
import static dev.ddbload.jobs.JobItems.n;
import static dev.ddbload.jobs.JobItems.s;
import static dev.ddbload.jobs.JobItems.time;

import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.checkpoint.CheckpointStore;
import dev.ddbload.checkpoint.FileCheckpointStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A job's checkpoint in the jobs table, so that any machine or invocation can continue the job.
 * The checkpoint's JSON ({@link FileCheckpointStore#toJson}) is gzipped into the job's item; a
 * save also renews the run's heartbeat and is conditional on the run still owning the job
 * ({@link LeaseLostException} otherwise), so a run that lost its job never overwrites the new
 * owner's progress.
 *
 * <p>Size: an item holds at most 400 KB (DynamoDB's limit). The finished set of each source is a
 * bit set over the records between its watermark and its reader, at most the shuffle window plus
 * the writer's items: with the defaults (10,000 and 2 × 32 × 25) and four files read at once,
 * under 6 KB before compression. The largest options (a 1,000,000-record window, concurrency
 * 1024, 64 files) make 8.4 MB of bits, which a random pattern leaves incompressible; so a
 * compressed checkpoint over {@value #INLINE_BYTES} bytes is written in parts of
 * {@value #PART_BYTES} bytes, items of their own under a new generation, and the job's item then
 * points at that generation in the same conditional write that renews the heartbeat; the older
 * generation's parts are deleted after. A crash leaves the old or the new checkpoint, never a
 * mix, and at worst parts no item points at.
 *
 * <p>Before each save, an optional {@link RejectsMirror} copies the rejects written since the
 * last save to where the next run finds them. Not thread-safe on its own; the
 * {@code Checkpointer} serializes saves.
 */
public final class JobCheckpointStore implements CheckpointStore {

  /** Makes the store of a job for a given rejects mirror. */
  @FunctionalInterface
  interface Factory {
    JobCheckpointStore create(RejectsMirror mirror);
  }

  /** A compressed checkpoint up to this size is kept in the job's own item. */
  static final int INLINE_BYTES = 300_000;
  /** Bytes of a checkpoint part item's data. */
  static final int PART_BYTES = 350_000;

  static final String CHECKPOINT = "checkpoint";
  static final String GENERATION = "checkpointGeneration";
  static final String PARTS = "checkpointParts";
  static final String SAVED = "checkpointSavedAt";
  private static final String DATA = "data";
  private static final String KIND_PART = "checkpoint-part";

  private final JobLedger ledger;
  private final String jobId;
  private final String owner;
  private final RejectsMirror rejects;

  /**
   * @param ledger the jobs table
   * @param jobId the job
   * @param owner the run holding the job
   * @param rejects copies new rejects before each save; {@link RejectsMirror#NONE} when they stay local
   */
  public JobCheckpointStore(JobLedger ledger, String jobId, String owner, RejectsMirror rejects) {
    this.ledger = ledger;
    this.jobId = jobId;
    this.owner = owner;
    this.rejects = rejects;
  }

  @Override
  public Optional<Checkpoint> load() throws IOException {
    Map<String, AttributeValue> item = get(jobId);
    byte[] compressed;
    if (item.containsKey(CHECKPOINT)) {
      compressed = item.get(CHECKPOINT).b().asByteArray();
    } else if (item.containsKey(GENERATION)) {
      compressed = readParts(JobItems.num(item, GENERATION, 0), (int) JobItems.num(item, PARTS, 0));
    } else {
      return Optional.empty();
    }
    return Optional.of(FileCheckpointStore.fromJson(gunzip(compressed), describe()));
  }

  @Override
  public void save(Checkpoint checkpoint) throws IOException {
    rejects.mirror(checkpoint);
    byte[] compressed = gzip(FileCheckpointStore.toJson(checkpoint));
    try {
      long oldGeneration = JobItems.num(get(jobId), GENERATION, 0);
      Map<String, String> names = new HashMap<>(Map.of("#cp", CHECKPOINT, "#gen", GENERATION, "#parts", PARTS,
          "#saved", SAVED, "#hb", JobItems.HEARTBEAT, "#records", JobItems.RECORDS));
      Map<String, AttributeValue> values = new HashMap<>();
      values.put(":now", time(ledger.clock().instant()));
      values.put(":records", n(checkpoint.recordsFinished()));
      if (compressed.length <= INLINE_BYTES) {
        values.put(":cp", AttributeValue.fromB(SdkBytes.fromByteArray(compressed)));
        ledger.update(jobId, owner, "SET #cp = :cp, #saved = :now, #hb = :now, #records = :records"
            + " REMOVE #gen, #parts", names, values);
      } else {
        long generation = oldGeneration + 1;
        int parts = writeParts(generation, compressed);
        values.put(":gen", n(generation));
        values.put(":parts", n(parts));
        ledger.update(jobId, owner, "SET #gen = :gen, #parts = :parts, #saved = :now, #hb = :now,"
            + " #records = :records REMOVE #cp", names, values);
      }
      if (oldGeneration > 0) {
        deleteParts(oldGeneration);
      }
    } catch (SdkException e) {
      throw new IOException("the jobs table " + ledger.table() + " refused the checkpoint of job " + jobId + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void delete() throws IOException {
    try {
      long generation = JobItems.num(get(jobId), GENERATION, 0);
      ledger.update(jobId, owner, "REMOVE #cp, #gen, #parts",
          Map.of("#cp", CHECKPOINT, "#gen", GENERATION, "#parts", PARTS), Map.of());
      if (generation > 0) {
        deleteParts(generation);
      }
    } catch (SdkException e) {
      throw new IOException("the jobs table " + ledger.table() + " refused to delete the checkpoint of job " + jobId
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "job " + jobId + " in jobs table " + ledger.table();
  }

  private Map<String, AttributeValue> get(String id) {
    Map<String, AttributeValue> item = ledger.dynamo().getItem(b -> b.tableName(ledger.table())
        .key(Map.of(ID, s(id))).consistentRead(true)).item();
    return item == null ? Map.of() : item;
  }

  private static String partId(String jobId, long generation, int index) {
    return jobId + "#checkpoint#" + generation + "#" + index;
  }

  private int writeParts(long generation, byte[] compressed) {
    int parts = (compressed.length + PART_BYTES - 1) / PART_BYTES;
    for (int i = 0; i < parts; i++) {
      int from = i * PART_BYTES;
      SdkBytes data = SdkBytes.fromByteArray(Arrays.copyOfRange(compressed, from,
          Math.min(compressed.length, from + PART_BYTES)));
      Map<String, AttributeValue> item = Map.of(ID, s(partId(jobId, generation, i)), JobItems.KIND, s(KIND_PART),
          DATA, AttributeValue.fromB(data));
      ledger.dynamo().putItem(b -> b.tableName(ledger.table()).item(item));
    }
    return parts;
  }

  private byte[] readParts(long generation, int parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts; i++) {
      Map<String, AttributeValue> part = get(partId(jobId, generation, i));
      if (!part.containsKey(DATA)) {
        throw new IOException("part " + i + " of the checkpoint of job " + jobId + " is missing from jobs table "
            + ledger.table());
      }
      out.writeBytes(part.get(DATA).b().asByteArray());
    }
    return out.toByteArray();
  }

  private void deleteParts(long generation) {
    for (int i = 0; ; i++) {
      String id = partId(jobId, generation, i);
      Map<String, AttributeValue> old = ledger.dynamo().deleteItem(b -> b.tableName(ledger.table())
          .key(Map.of(ID, s(id))).returnValues(ReturnValue.ALL_OLD))
          .attributes();
      if (old == null || old.isEmpty()) {
        return;
      }
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
