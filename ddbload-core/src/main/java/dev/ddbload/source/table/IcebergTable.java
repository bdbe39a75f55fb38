package dev.ddbload.source.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import dev.ddbload.source.Source;
import dev.ddbload.source.Storage;
import dev.ddbload.source.TableFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * An Iceberg table: its location (a directory with {@code metadata/*.metadata.json}; the newest
 * by {@code version-hint.text} or by version number) or a {@code metadata.json} itself. Its files
 * are those of the current snapshot (or the snapshot id asked for): the snapshot's manifest list
 * and manifests (Avro, read with Apache Avro) give the data files whose entries are not deleted.
 * Parquet and Avro data files load; a snapshot with row-level delete files is refused in one
 * sentence (ddbload does not apply deletes), as are ORC files. Immutable and thread-safe.
 */
public final class IcebergTable implements TableFormat {

  private static final String METADATA = "metadata";
  private static final String SUFFIX = ".metadata.json";
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:-.*)?\\.metadata\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DELETED = 2;

  private final OptionalLong snapshotId;

  /** @param snapshotId the snapshot to load; empty for the current one */
  public IcebergTable(OptionalLong snapshotId) {
    this.snapshotId = snapshotId;
  }

  @Override
  public Optional<List<Source>> resolve(Storage storage, Storage.Entry entry) throws IOException {
    String metadata;
    if (!entry.directory()) {
      if (!entry.name().endsWith(SUFFIX)) {
        return Optional.empty();
      }
      metadata = entry.location();
    } else {
      Optional<String> found = newestMetadata(storage, storage.resolve(entry.location(), METADATA));
      if (found.isEmpty()) {
        return Optional.empty();
      }
      metadata = found.get();
    }
    return Optional.of(files(storage, entry.location(), metadata));
  }

  private static Optional<String> newestMetadata(Storage storage, String dir) throws IOException {
    if (storage.stat(dir).filter(Storage.Entry::directory).isEmpty()) {
      return Optional.empty();
    }
    String hint = storage.resolve(dir, "version-hint.text");
    if (storage.stat(hint).isPresent()) {
      String v;
      try (InputStream in = storage.open(hint)) {
        v = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      String named = storage.resolve(dir, "v" + v + SUFFIX);
      if (storage.stat(named).isPresent()) {
        return Optional.of(named);
      }
    }
    long best = -1;
    String newest = null;
    for (Storage.Entry f : storage.list(dir)) {
      Matcher m = VERSION.matcher(f.name());
      if (!f.directory() && m.matches() && Long.parseLong(m.group(1)) > best) {
        best = Long.parseLong(m.group(1));
        newest = f.location();
      }
    }
    return Optional.ofNullable(newest);
  }

  private List<Source> files(Storage storage, String table, String metadataLocation) throws IOException {
    JsonNode metadata;
    try (InputStream in = storage.open(metadataLocation)) {
      metadata = JSON.readTree(in);
    }
    long id = snapshotId.orElse(metadata.path("current-snapshot-id").asLong(-1));
    if (id < 0) {
      throw new ConfigurationException("Iceberg table " + table + " has no current snapshot: it holds no rows.");
    }
    JsonNode snapshot = null;
    for (JsonNode s : metadata.path("snapshots")) {
      if (s.path("snapshot-id").asLong() == id) {
        snapshot = s;
      }
    }
    if (snapshot == null) {
      throw new ConfigurationException("Iceberg table " + table + " has no snapshot " + id + " (metadata "
          + metadataLocation + ").");
    }
    List<String> manifests = new ArrayList<>();
    if (snapshot.has("manifest-list")) {
      for (GenericRecord m : avro(storage, snapshot.get("manifest-list").asText())) {
        Object content = m.getSchema().getField("content") == null ? null : m.get("content");
        if (content != null && ((Number) content).intValue() != 0 && hasLiveFiles(m)) {
          throw deletes(table, id);
        }
        if (content == null || ((Number) content).intValue() == 0) {
          manifests.add(m.get("manifest_path").toString());
        }
      }
    } else {
      snapshot.path("manifests").forEach(m -> manifests.add(m.asText()));
    }
    List<Source> sources = new ArrayList<>();
    for (String manifest : manifests) {
      for (GenericRecord e : avro(storage, manifest)) {
        if (((Number) e.get("status")).intValue() == DELETED) {
          continue;
        }
        GenericRecord file = (GenericRecord) e.get("data_file");
        Object content = file.getSchema().getField("content") == null ? null : file.get("content");
        if (content != null && ((Number) content).intValue() != 0) {
          throw deletes(table, id);
        }
        String format = file.get("file_format").toString();
        Format f = switch (format.toUpperCase(java.util.Locale.ROOT)) {
          case "PARQUET" -> Format.PARQUET;
          case "AVRO" -> Format.AVRO;
          default -> throw new ConfigurationException("Iceberg table " + table + " has " + format
              + " data files, which ddbload does not read (it reads Parquet and Avro).");
        };
        sources.add(TableFiles.source(storage, table, file.get("file_path").toString(), f, List.of()));
      }
    }
    return sources;
  }

  /** Whether a manifest list entry counts added or existing files (older writers leave them out). */
  private static boolean hasLiveFiles(GenericRecord manifest) {
    for (String count : new String[] {"added_files_count", "existing_files_count", "added_data_files_count",
        "existing_data_files_count"}) {
      if (manifest.getSchema().getField(count) != null && manifest.get(count) != null
          && ((Number) manifest.get(count)).intValue() > 0) {
        return true;
      }
    }
    return manifest.getSchema().getField("added_files_count") == null;
  }

  private static List<GenericRecord> avro(Storage storage, String location) throws IOException {
    String l = location.toLowerCase(java.util.Locale.ROOT).startsWith("s3a://") ? "s3://" + location.substring(6)
        : location;
    List<GenericRecord> records = new ArrayList<>();
    try (DataFileStream<GenericRecord> in = new DataFileStream<>(storage.open(l), new GenericDatumReader<>())) {
      in.forEach(records::add);
    }
    return records;
  }

  private static ConfigurationException deletes(String table, long snapshot) {
    return new ConfigurationException("Iceberg table " + table + " has row-level delete files in snapshot "
        + snapshot + ", which ddbload does not apply; compact it first (rewrite_data_files with delete files"
        + " removed) or load an earlier snapshot.");
  }
}
