package dev.ddbload.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** A checkpoint in a local JSON file, replaced atomically ({@link AtomicFile}). */
public final class FileCheckpointStore implements CheckpointStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private final Path file;

  /** A store in this file. */
  public FileCheckpointStore(Path file) {
    this.file = file;
  }

  /**
   * The default file of a job: under {@code stateDir/checkpoints/}, named from the table and a
   * digest of the input names, so the same command finds the same checkpoint.
   */
  public static Path defaultFile(Path stateDir, String table, List<String> inputs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String input : inputs) {
        sha.update(input.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
      return stateDir.resolve("checkpoints").resolve(table + "-" + digest + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public Optional<Checkpoint> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(fromJson(Files.readAllBytes(file), file.toString()));
  }

  @Override
  public void save(Checkpoint checkpoint) throws IOException {
    AtomicFile.write(file, toJson(checkpoint));
  }

  /**
   * Reads a checkpoint written by {@link #toJson}, for stores that keep it elsewhere.
   *
   * @param where the checkpoint's location, for messages
   * @throws IOException when it is not a checkpoint of this version, in one sentence a user can act on
   */
  public static Checkpoint fromJson(byte[] json, String where) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IOException("the checkpoint " + where + " cannot be read (" + e.getMessage()
          + "); remove it or run with LoadOptions.restart", e);
    }
    if (n == null || n.path("version").asInt() != VERSION) {
      throw new IOException("the checkpoint " + where + " was written by another version of ddbload; "
          + "remove it or run with LoadOptions.restart");
    }
    List<SourceState> sources = new ArrayList<>();
    for (JsonNode s : n.path("sources")) {
      long index = s.path("index").asLong();
      sources.add(new SourceState(s.path("name").asText(), s.path("identity").asText(""), s.path("done").asBoolean(),
          index, s.path("line").asLong(), s.path("offset").asLong(-1), decode(index, s.path("finished").asText(""))));
    }
    return new Checkpoint(n.path("table").asText(), n.path("rejects").asText(), sources,
        restoreOf(n.path("pendingRestore")), n.path("rejectsBytes").asLong(-1));
  }

  /** The checkpoint as this store's JSON (the finished set as a base64 bit set), for stores that keep it elsewhere. */
  public static byte[] toJson(Checkpoint checkpoint) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", VERSION);
    n.put("table", checkpoint.table());
    n.put("rejects", checkpoint.rejectsFile());
    n.put("rejectsBytes", checkpoint.rejectsBytes());
    n.put("savedAt", Instant.now().toString());
    ArrayNode sources = n.putArray("sources");
    for (SourceState s : checkpoint.sources()) {
      ObjectNode o = sources.addObject();
      o.put("name", s.name());
      o.put("identity", s.identity());
      o.put("done", s.done());
      o.put("index", s.index());
      o.put("line", s.line());
      o.put("offset", s.offset());
      o.put("finished", encode(s.index(), s.finished()));
    }
    checkpoint.pendingRestore().ifPresent(r -> r.writeTo(n.putObject("pendingRestore")));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
  }

  @Override
  public void delete() throws IOException {
    AtomicFile.delete(file);
  }

  @Override
  public String describe() {
    return file.toString();
  }

  /** Indexes from {@code index} on as a bit set (bit i: index + i), in base64. */
  private static String encode(long index, List<Long> finished) {
    BitSet bits = new BitSet();
    for (long i : finished) {
      bits.set(Math.toIntExact(i - index));
    }
    return Base64.getEncoder().encodeToString(bits.toByteArray());
  }

  private static List<Long> decode(long index, String base64) {
    BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(base64));
    List<Long> finished = new ArrayList<>(bits.cardinality());
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      finished.add(index + i);
    }
    return finished;
  }

  private static Optional<PendingRestore> restoreOf(JsonNode n) {
    return n.isObject() ? Optional.of(PendingRestore.fromJson(n, "", "")) : Optional.empty();
  }
}
