package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import dev.ddbload.item.KeySchema;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.SuspectRecords;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The accounting holds whatever the input: seeded random loads of one to three files, each
 * plain, gzip (several members), zstd (several frames, with checksums) or bzip2, each left whole,
 * truncated, bit-flipped or followed by garbage, sometimes named twice. For every load: records
 * read = written + rejected + superseded + not finished; bytes read + bytes unread = input size;
 * each file's records in the table are exactly its first k, with their values, where k is the
 * index its DAMAGED reject names (all of them without one); one DAMAGED reject per damaged file.
 * A file checked before loading loads nothing decoded from a corrupt unit; a file read once as a
 * stream (a pipe) names the records decoded from it as suspect, and every item or reject that is
 * not exactly an input record lies in that range.
 */
class AccountingIT extends LocalDynamoLoads {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private enum Packing { PLAIN, GZIP, ZSTD, BZIP2 }

  private enum Damage { NONE, TRUNCATED, FLIPPED, GARBAGE }

  /** One generated input file; a streamed one is read once, as a pipe, so it is not checked before loading. */
  private record Input(Path path, String prefix, int records, Packing packing, Damage damage, boolean streamed,
      int firstOfFlippedUnit) {}

  /** A file read once from its start, like a pipe or standard input, with its size known. */
  private static Source stream(Path path) {
    return new Source() {
      @Override
      public String name() {
        return path.toString();
      }

      @Override
      public java.util.OptionalLong size() {
        try {
          return java.util.OptionalLong.of(Files.size(path));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public java.io.InputStream open() throws IOException {
        return Files.newInputStream(path);
      }

      @Override
      public boolean isReopenable() {
        return false;
      }
    };
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void everyRecordAndByteIsAccountedFor(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    List<Input> inputs = new ArrayList<>();
    int files = 1 + random.nextInt(3);
    for (int f = 0; f < files; f++) {
      inputs.add(write(random, "f" + f));
    }
    List<Source> sources = new ArrayList<>();
    long size = 0;
    for (Input in : inputs) {
      sources.add(in.streamed() ? stream(in.path()) : new LocalFileSource(in.path()));
      size += Files.size(in.path());
    }
    if (random.nextBoolean() && !inputs.get(0).streamed()) {
      sources.add(new LocalFileSource(inputs.get(0).path())); // named twice: read once
    }
    String table = "acct_" + seed;
    Path rejects = dir.resolve("rejects.jsonl");
    LoadOptions options = LoadOptions.builder().table(table).client(settings()).rejectsFile(rejects)
        .createTableKey(KeySchema.parse("id:S")).format(dev.ddbload.decode.Format.JSONL).checkpointing(false)
        .parallelFiles(1 + random.nextInt(3)).build();

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(options, dataPlane, client)) {
      report = loader.load(sources);
    }

    LoadStats s = report.stats();
    String context = "seed " + seed + ": " + inputs + "\n" + report;
    assertThat(s.recordsRead()).as(context).isEqualTo(s.written() + s.rejected() + s.superseded() + s.pending());
    assertThat(s.pending()).as(context).isZero();
    assertThat(s.bytesRead() + s.bytesUnread()).as(context).isEqualTo(size);
    Map<String, Long> damagedAt = new HashMap<>();
    Map<String, SuspectRecords> suspects = new HashMap<>();
    report.damage().forEach(d -> d.suspect().ifPresent(r -> suspects.put(d.source(), r)));
    long otherRejects = 0;
    long expectedMalformed = 0;
    if (Files.exists(rejects)) {
      for (String line : Files.readAllLines(rejects)) {
        JsonNode r = JSON.readTree(line);
        String source = r.get("source").asText();
        if (r.get("reason").asText().equals("DAMAGED")) {
          assertThat(damagedAt.put(source, r.get("index").asLong())).as(context).isNull();
          continue;
        }
        otherRejects++;
        // A bad record is plain garbage appended on purpose, or was decoded from a refuted unit.
        SuspectRecords suspect = suspects.get(source);
        if (suspect != null && r.get("index").asLong() >= suspect.firstIndex()
            && r.get("index").asLong() <= suspect.lastIndex()) {
          continue;
        }
        assertThat(r.get("reason").asText()).as(context + "\n" + line).isEqualTo("MALFORMED");
        expectedMalformed--;
      }
    }
    assertThat(s.damagedSources()).as(context).isEqualTo(damagedAt.size());
    assertThat(s.rejected()).as(context).isEqualTo(damagedAt.size() + otherRejects);
    assertThat(report.status()).as(context).isEqualTo(!damagedAt.isEmpty() ? LoadStatus.DAMAGED_INPUT
        : otherRejects > 0 ? LoadStatus.COMPLETED_WITH_REJECTS : LoadStatus.COMPLETED);
    Map<String, Map<String, AttributeValue>> table0 = scan(table);
    long clear = 0;
    long suspectCount = 0;
    for (Input in : inputs) {
      long k = damagedAt.getOrDefault(in.path().toString(), (long) in.records());
      boolean plain = in.packing() == Packing.PLAIN;
      // Compressed data that is cut, flipped or followed by garbage is found out; plain garbage is a bad line.
      assertThat(damagedAt.containsKey(in.path().toString())).as(context + "\n" + in)
          .isEqualTo(!plain && in.damage() != Damage.NONE);
      if (plain && in.damage() == Damage.GARBAGE) {
        expectedMalformed++;
      }
      SuspectRecords suspect = suspects.get(in.path().toString());
      long clearUpTo = suspect == null ? k : Math.min(k, suspect.firstIndex());
      // Every good unit before the damage is loaded: all of them before garbage, those before a flipped one.
      if (!plain && in.damage() == Damage.GARBAGE) {
        assertThat(clearUpTo).as(context + "\n" + in).isEqualTo(in.records());
      } else if (!plain && in.damage() == Damage.FLIPPED) {
        assertThat(clearUpTo).as(context + "\n" + in).isEqualTo(in.firstOfFlippedUnit());
      }
      if (suspect != null) {
        assertThat(in.streamed()).as(context + "\n" + in + " was checked before loading: nothing is suspect").isTrue();
        suspectCount += suspect.count();
      }
      for (int i = 0; i < in.records(); i++) {
        Map<String, AttributeValue> item = table0.get(id(in.prefix(), i));
        if (i < clearUpTo) {
          assertThat(item).as(context + "\n" + id(in.prefix(), i)).isNotNull();
          assertThat(item.get("v").n()).as(context + "\n" + item).isEqualTo(Integer.toString(i));
          assertThat(item.get("pad").s()).as(context + "\n" + item).isEqualTo(pad(i));
          clear++;
        } else if (suspect == null) {
          assertThat(item).as(context + "\n" + id(in.prefix(), i) + " after the damage").isNull();
        }
      }
    }
    assertThat(expectedMalformed).as(context + ": plain garbage lines rejected MALFORMED").isZero();
    assertThat(s.suspectRecords()).as(context).isEqualTo(suspectCount);
    // Every other item or write came from a suspect range: decoded from a refuted unit, where
    // garbage may give a record another record's key, or shift later records' text to its place.
    assertThat(table0.size() - clear).as(context).isBetween(0L, suspectCount);
    assertThat(s.written()).as(context).isBetween((long) table0.size(), clear + suspectCount);
    if (suspectCount == 0) {
      assertThat(s.written()).as(context).isEqualTo(clear);
    }
  }

  private static String id(String prefix, int i) {
    return String.format("%s-%05d", prefix, i);
  }

  private static String pad(int i) {
    return "pad-" + Integer.toHexString(i * 7919);
  }

  /** Lines {@code from} to {@code to - 1}. */
  private static byte[] lines(String prefix, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("{\"id\":\"").append(id(prefix, i)).append("\",\"v\":").append(i).append(",\"pad\":\"").append(pad(i))
          .append("\"}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Input write(SplittableRandom random, String prefix) throws IOException {
    int records = 50 + random.nextInt(2_000);
    Packing packing = Packing.values()[random.nextInt(Packing.values().length)];
    Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
    if (packing == Packing.PLAIN && damage != Damage.NONE) {
      damage = Damage.GARBAGE; // a plain file has no checksum: a flip or a cut is just other data
    }
    int units = 1 + random.nextInt(4);
    int firstOfFlippedUnit = -1;
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Integer> unitStarts = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      unitStarts.add(all.size());
      all.writeBytes(pack(packing, lines(prefix, u * records / units, (u + 1) * records / units)));
    }
    byte[] bytes = all.toByteArray();
    switch (damage) {
      case TRUNCATED -> {
        int cut = 12 + random.nextInt(bytes.length - 12);
        if (unitStarts.contains(cut)) {
          cut++; // a cut between two units leaves whole units: nothing to find
        }
        bytes = Arrays.copyOf(bytes, cut);
      }
      case FLIPPED -> {
        int u = random.nextInt(units);
        firstOfFlippedUnit = u * records / units;
        int end = u + 1 < units ? unitStarts.get(u + 1) : bytes.length;
        int at = unitStarts.get(u) + 20 + random.nextInt(Math.max(1, end - unitStarts.get(u) - 40));
        bytes[Math.min(at, bytes.length - 1)] ^= (byte) (1 << random.nextInt(8));
      }
      case GARBAGE -> {
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        more.writeBytes(bytes);
        more.writeBytes(packing == Packing.PLAIN ? "{\"id\":\n".getBytes(StandardCharsets.UTF_8)
            : "garbage".getBytes(StandardCharsets.UTF_8));
        bytes = more.toByteArray();
      }
      default -> { }
    }
    boolean streamed = random.nextInt(3) == 0;
    Path path = dir.resolve(prefix + ".jsonl" + switch (packing) {
      case PLAIN -> "";
      case GZIP -> ".gz";
      case ZSTD -> ".zst";
      case BZIP2 -> ".bz2";
    });
    Files.write(path, bytes);
    return new Input(path, prefix, records, packing, damage, streamed, firstOfFlippedUnit);
  }

  private static byte[] pack(Packing packing, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = switch (packing) {
      case PLAIN -> bytes;
      case GZIP -> new GZIPOutputStream(bytes);
      case ZSTD -> new ZstdOutputStream(bytes).setChecksum(true);
      case BZIP2 -> new BZip2CompressorOutputStream(bytes);
    }) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static Map<String, Map<String, AttributeValue>> scan(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    client.scanPaginator(b -> b.tableName(table)).items().forEach(i -> items.put(i.get("id").s(), i));
    return items;
  }
}
