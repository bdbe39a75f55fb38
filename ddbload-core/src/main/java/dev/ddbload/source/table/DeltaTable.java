package dev.ddbload.source.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.decode.columnar.ParquetDecoder;
import dev.ddbload.item.ColumnType;
import dev.ddbload.source.PartitionedSource;
import dev.ddbload.source.Source;
import dev.ddbload.source.SourceInputFile;
import dev.ddbload.source.Storage;
import dev.ddbload.source.TableFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A Delta Lake table: a directory with a {@code _delta_log/}. Its files at the current version
 * (or the one asked for) are found by replaying the log as the Delta protocol says: the latest
 * classic checkpoint at or before the version (a Parquet file, or its parts, read with ddbload's
 * own Parquet reader), then each JSON commit after it, {@code add} putting a file in and
 * {@code remove} taking it out. Partition values come from the log, typed by the table's schema
 * (numbers N, booleans BOOL, the rest S). Tables whose files need more than that to read are
 * refused in one sentence: deletion vectors, column mapping, V2 checkpoints.
 * Immutable and thread-safe.
 */
public final class DeltaTable implements TableFormat {

  private static final String LOG = "_delta_log";
  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint(?:\\.(\\d{10})\\.(\\d{10}))?\\.parquet");
  private static final Pattern V2_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.[0-9a-fA-F-]{36}\\.(json|parquet)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OptionalLong version;
  private final boolean partitionColumns;

  /**
   * @param version the version to load; empty for the latest
   * @param partitionColumns whether partition values become attributes
   */
  public DeltaTable(OptionalLong version, boolean partitionColumns) {
    this.version = version;
    this.partitionColumns = partitionColumns;
  }

  @Override
  public Optional<List<Source>> resolve(Storage storage, Storage.Entry entry) throws IOException {
    if (!entry.directory()) {
      return Optional.empty();
    }
    String table = entry.location();
    String log = storage.resolve(table, LOG);
    if (storage.stat(log).filter(Storage.Entry::directory).isEmpty()) {
      return Optional.empty();
    }
    TreeMap<Long, String> commits = new TreeMap<>();
    TreeMap<Long, Map<Integer, String>> checkpoints = new TreeMap<>();
    Map<Long, Integer> checkpointParts = new HashMap<>();
    for (Storage.Entry f : storage.list(log)) {
      Matcher m;
      if ((m = COMMIT.matcher(f.name())).matches()) {
        commits.put(Long.parseLong(m.group(1)), f.location());
      } else if ((m = CHECKPOINT.matcher(f.name())).matches()) {
        long v = Long.parseLong(m.group(1));
        int part = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        checkpointParts.put(v, m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
        checkpoints.computeIfAbsent(v, k -> new TreeMap<>()).put(part, f.location());
      } else if (V2_CHECKPOINT.matcher(f.name()).matches() && version.isEmpty()) {
        throw refuse(table, "its log has V2 checkpoints, which ddbload does not read");
      }
    }
    checkpoints.entrySet().removeIf(e -> e.getValue().size() != checkpointParts.get(e.getKey()));
    long latest = Math.max(commits.isEmpty() ? -1 : commits.lastKey(), checkpoints.isEmpty() ? -1 : checkpoints.lastKey());
    if (latest < 0) {
      throw refuse(table, "its _delta_log holds no commits");
    }
    long target = version.orElse(latest);
    if (target > latest || target < 0) {
      throw new ConfigurationException("Delta table " + table + " has versions up to " + latest
          + "; the version asked for, " + target + ", is not one of them.");
    }
    Map.Entry<Long, Map<Integer, String>> checkpoint = checkpoints.floorEntry(target);
    long from = checkpoint == null ? 0 : checkpoint.getKey() + 1;
    for (long v = from; v <= target; v++) {
      if (!commits.containsKey(v)) {
        throw new ConfigurationException("Delta table " + table + " no longer holds the commit of version " + v
            + " in its log (cleaned up), so version " + target + " cannot be read; ask for a later version.");
      }
    }
    Replay replay = new Replay(table);
    if (checkpoint != null) {
      for (String part : checkpoint.getValue().values()) {
        replay.checkpoint(storage, part);
      }
    }
    for (long v = from; v <= target; v++) {
      replay.commit(storage, commits.get(v));
    }
    return Optional.of(replay.sources(storage));
  }

  /** The table's state while its log is replayed. */
  private final class Replay {
    private final String table;
    private final TreeMap<String, Map<String, String>> files = new TreeMap<>();
    private final Map<String, Boolean> deletionVectors = new HashMap<>();
    private final List<String> partitionColumnNames = new ArrayList<>();
    private final Map<String, ColumnType> partitionTypes = new HashMap<>();
    private String columnMapping = "none";

    Replay(String table) {
      this.table = table;
    }

    void checkpoint(Storage storage, String location) throws IOException {
      Source part = storage.source(storage.stat(location).orElseThrow(), Format.PARQUET);
      try (RecordDecoder d = new ParquetDecoder(part.name(), SourceInputFile.of(part, n -> { }),
          DecodeOptions.builder().build(), 0)) {
        Decoded row;
        while ((row = d.next()) != null) {
          if (!(row instanceof SourceRecord r)) {
            throw new IOException("its checkpoint " + location + " cannot be read: " + row.rawText());
          }
          Map<String, AttributeValue> item = r.item();
          if (item.containsKey("add")) {
            Map<String, AttributeValue> add = item.get("add").m();
            Map<String, String> values = new HashMap<>();
            if (add.containsKey("partitionValues")) {
              add.get("partitionValues").m().forEach((k, v) -> values.put(k, v.s()));
            }
            put(add.get("path").s(), values, add.containsKey("deletionVector"));
          } else if (item.containsKey("remove")) {
            files.remove(item.get("remove").m().get("path").s());
          } else if (item.containsKey("metaData")) {
            metaData(checkpointMetaData(item.get("metaData").m()));
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IOException("its checkpoint " + location + " cannot be read: " + e.getMessage(), e);
      }
    }

    void commit(Storage storage, String location) throws IOException {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(storage.open(location), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode action = JSON.readTree(line);
          if (action.has("add")) {
            JsonNode add = action.get("add");
            Map<String, String> values = new HashMap<>();
            add.path("partitionValues").fields().forEachRemaining(e ->
                values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            put(add.get("path").asText(), values, add.hasNonNull("deletionVector"));
          } else if (action.has("remove")) {
            files.remove(action.get("remove").get("path").asText());
          } else if (action.has("metaData")) {
            metaData(action.get("metaData"));
          }
        }
      }
    }

    private void put(String path, Map<String, String> partitionValues, boolean deletionVector) {
      files.put(path, partitionValues);
      deletionVectors.put(path, deletionVector);
    }

    private JsonNode checkpointMetaData(Map<String, AttributeValue> m) {
      var node = JSON.createObjectNode();
      node.put("schemaString", m.containsKey("schemaString") ? m.get("schemaString").s() : "{}");
      var columns = node.putArray("partitionColumns");
      if (m.containsKey("partitionColumns")) {
        m.get("partitionColumns").l().forEach(v -> columns.add(v.s()));
      }
      var conf = node.putObject("configuration");
      if (m.containsKey("configuration")) {
        m.get("configuration").m().forEach((k, v) -> conf.put(k, v.s()));
      }
      return node;
    }

    private void metaData(JsonNode meta) throws IOException {
      columnMapping = meta.path("configuration").path("delta.columnMapping.mode").asText("none");
      partitionColumnNames.clear();
      meta.path("partitionColumns").forEach(c -> partitionColumnNames.add(c.asText()));
      partitionTypes.clear();
      JsonNode schema = JSON.readTree(meta.path("schemaString").asText("{}"));
      for (JsonNode field : schema.path("fields")) {
        partitionTypes.put(field.path("name").asText(), typeOf(field.path("type")));
      }
    }

    List<Source> sources(Storage storage) throws IOException {
      if (!columnMapping.equals("none")) {
        throw refuse(table, "its columns are mapped to physical names (delta.columnMapping.mode=" + columnMapping
            + "), which ddbload does not apply");
      }
      List<Source> sources = new ArrayList<>(files.size());
      for (Map.Entry<String, Map<String, String>> f : files.entrySet()) {
        if (deletionVectors.getOrDefault(f.getKey(), false)) {
          throw refuse(table, "its file " + f.getKey() + " has deleted rows in a deletion vector, which ddbload"
              + " cannot apply; rewrite them first (REORG TABLE ... APPLY (PURGE))");
        }
        List<PartitionedSource.Column> partition = new ArrayList<>();
        if (partitionColumns) {
          for (String c : partitionColumnNames) {
            partition.add(new PartitionedSource.Column(c, f.getValue().get(c), partitionTypes.getOrDefault(c, ColumnType.S)));
          }
        }
        sources.add(TableFiles.source(storage, table, location(storage, f.getKey()), Format.PARQUET, partition));
      }
      return sources;
    }

    /** A path of the log: a URI-encoded path relative to the table, or an absolute URI. */
    private String location(Storage storage, String path) {
      URI uri = URI.create(path);
      if (uri.getScheme() != null) {
        return path;
      }
      return storage.resolve(table, uri.getPath());
    }
  }

  private static ColumnType typeOf(JsonNode type) {
    if (!type.isTextual()) {
      return ColumnType.S;
    }
    String t = type.asText();
    if (t.equals("byte") || t.equals("short") || t.equals("integer") || t.equals("long") || t.equals("float")
        || t.equals("double") || t.startsWith("decimal")) {
      return ColumnType.N;
    }
    return t.equals("boolean") ? ColumnType.BOOL : ColumnType.S;
  }

  private static ConfigurationException refuse(String table, String why) {
    return new ConfigurationException("Delta table " + table + " cannot be loaded: " + why + ".");
  }
}
