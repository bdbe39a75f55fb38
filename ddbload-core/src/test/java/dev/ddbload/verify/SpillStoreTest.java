package dev.ddbload.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Origin;
import dev.ddbload.item.KeyAttribute;
import dev.ddbload.item.KeySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The spill and the last record of each key read back from it, partition by partition. */
class SpillStoreTest {

  private static final KeySchema KEYS = KeySchema.of(new KeyAttribute("id", ScalarAttributeType.S));

  @TempDir
  Path dir;

  private static ExpectedRecord record(int input, long index, String id, String version) {
    Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
    Map<String, AttributeValue> item = version == null ? null
        : Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(version));
    return new ExpectedRecord(input, new Origin("input-" + input, index + 1, index, -1), key, item);
  }

  private static void add(SpillStore spill, ExpectedRecord r) {
    ItemCodec.Writer key = new ItemCodec.Writer(64);
    long hash = Expected.keyBytes(KEYS, r.key(), key);
    ItemCodec.Writer w = new ItemCodec.Writer(256);
    Expected.encode(r, key, w);
    spill.addRecord(hash, w.array(), w.size());
  }

  /** Every partition's last records, split once into {@code parts} first when asked. */
  private static Map<String, ExpectedRecord> lastRecords(SpillStore spill, int parts, List<String> names)
      throws IOException {
    Map<String, ExpectedRecord> last = new HashMap<>();
    for (SpillStore.Partition p : spill.partitions()) {
      List<SpillStore.Partition> checked = parts > 1 ? spill.split(p, parts) : List.of(p);
      for (SpillStore.Partition q : checked) {
        for (Expected e : LastRecords.read(q.records, q.recordBytes()).keys()) {
          ExpectedRecord r = e.decode(names);
          assertThat(last.put(r.key().get("id").s(), r)).as("one record per key").isNull();
        }
      }
    }
    return last;
  }

  @Test
  void theLastRecordOfEachKeyInInputOrderIsKeptWhateverThePartitionsAndSplits() throws IOException {
    for (int parts : new int[] {1, 7}) {
      try (SpillStore spill = SpillStore.create(dir, 4)) {
        List<ExpectedRecord> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          records.add(record(1, i, "k" + i, "second-input"));
        }
        for (int i = 0; i < 500; i++) {
          records.add(record(0, i, "k" + i, "first"));
          records.add(record(0, 500 + i, "k" + i, i % 10 == 0 ? null : "first-later"));
        }
        // Spilled out of order (reader threads interleave): input order decides, not spill order.
        records.forEach(r -> add(spill, r));
        add(spill, record(0, 2_000, "only-in-first", "alone"));
        spill.finishWriting();

        Map<String, ExpectedRecord> last = lastRecords(spill, parts, List.of("input-0", "input-1"));

        assertThat(last).hasSize(501);
        assertThat(last.get("k3").item().get("v").s()).isEqualTo("second-input");
        assertThat(last.get("k3").origin()).isEqualTo(new Origin("input-1", 4, 3, -1));
        assertThat(last.get("only-in-first").item().get("v").s()).isEqualTo("alone");
      }
    }
  }

  @Test
  void aDeleteAfterAPutExpectsAbsenceAndTheSpillIsPrivateAndDeletedOnClose() throws IOException {
    Path spillDir;
    try (SpillStore spill = SpillStore.create(dir, 1)) {
      spillDir = spill.directory();
      add(spill, record(0, 0, "k", "put"));
      add(spill, record(0, 1, "k", null));
      spill.finishWriting();
      assertThat(Files.getPosixFilePermissions(spillDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> files = Files.list(spillDir)) {
        for (Path f : files.toList()) {
          assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
      }

      Map<String, ExpectedRecord> last = lastRecords(spill, 1, List.of("input-0"));

      assertThat(last.get("k").expectsAbsence()).isTrue();
    }
    assertThat(spillDir).doesNotExist();
  }
}
