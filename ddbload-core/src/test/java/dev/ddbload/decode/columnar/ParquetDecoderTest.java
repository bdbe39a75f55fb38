package dev.ddbload.decode.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.decode.BadRecord;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.AttributeShaping;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.TextCells;
import dev.ddbload.item.TimeEncoding;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.SourceInputFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ParquetDecoderTest {

  @TempDir
  Path dir;

  private static final DecodeOptions DEFAULTS = DecodeOptions.builder().build();

  static List<Decoded> readAll(Path file, DecodeOptions options, long start, AtomicLong bytes) throws IOException {
    List<Decoded> all = new ArrayList<>();
    try (RecordDecoder d = new ParquetDecoder(file.toString(), SourceInputFile.of(new LocalFileSource(file),
        bytes::addAndGet), options, start)) {
      Decoded r;
      while ((r = d.next()) != null) {
        all.add(r);
      }
    }
    return all;
  }

  static List<Map<String, AttributeValue>> items(List<Decoded> decoded) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (Decoded d : decoded) {
      assertThat(d).as(d.rawText()).isInstanceOf(SourceRecord.class);
      items.add(((SourceRecord) d).item());
    }
    return items;
  }

  @ParameterizedTest
  @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW"})
  void everyTypeMapsExactlyInEveryCodec(CompressionCodecName codec) throws IOException {
    Path file = dir.resolve("all.parquet");
    List<Map<String, AttributeValue>> expected = LakeFixtures.writeAllTypes(file, 40, codec);

    List<Map<String, AttributeValue>> items = items(readAll(file, DEFAULTS, 0, new AtomicLong()));

    assertThat(items).isEqualTo(expected);
  }

  @Test
  void nullsBecomeNullWithEmptyNullEverywhereButStayNullInLists() throws IOException {
    Path file = dir.resolve("all.parquet");
    LakeFixtures.writeAllTypes(file, 3, CompressionCodecName.SNAPPY);
    DecodeOptions nulls = DecodeOptions.builder()
        .cells(new TextCells(ItemSchema.empty(), EmptyCellPolicy.NULL, ";", false)).build();

    List<Map<String, AttributeValue>> items = items(readAll(file, nulls, 0, new AtomicLong()));

    assertThat(items.get(1)).hasSize(LakeFixtures.ALL_TYPES.getFieldCount());
    assertThat(items.get(1).get("dec38")).isEqualTo(AttributeValue.fromNul(true));
    assertThat(items.get(0).get("attrs").m()).containsEntry("y", AttributeValue.fromNul(true));
    assertThat(items.get(0).get("tags").l().get(2)).isEqualTo(AttributeValue.fromNul(true));
  }

  @Test
  void timestampsCanBeEpochNumbersWithTheirFraction() throws IOException {
    Path file = dir.resolve("all.parquet");
    LakeFixtures.writeAllTypes(file, 1, CompressionCodecName.SNAPPY);
    DecodeOptions millis = DecodeOptions.builder().timestamps(TimeEncoding.EPOCH_MILLIS).build();
    DecodeOptions seconds = DecodeOptions.builder().timestamps(TimeEncoding.EPOCH_SECONDS).build();

    Map<String, AttributeValue> m = items(readAll(file, millis, 0, new AtomicLong())).get(0);
    Map<String, AttributeValue> s = items(readAll(file, seconds, 0, new AtomicLong())).get(0);

    assertThat(m.get("ts_micros")).isEqualTo(AttributeValue.fromN("1764584130123.456"));
    assertThat(m.get("ts_nanos")).isEqualTo(AttributeValue.fromN("1764584130123.456789"));
    assertThat(s.get("ts_local")).isEqualTo(AttributeValue.fromN("1764584130.123"));
    assertThat(s.get("day")).isEqualTo(AttributeValue.fromN(Long.toString(20_000L * 86_400)));
    assertThat(s.get("t_millis")).isEqualTo(AttributeValue.fromS("10:20:30.123"));
  }

  @Test
  void renamesExcludesAndSchemaSetsApply() throws IOException {
    Path file = dir.resolve("all.parquet");
    LakeFixtures.writeAllTypes(file, 1, CompressionCodecName.SNAPPY);
    DecodeOptions shaped = DecodeOptions.builder()
        .shaping(AttributeShaping.of(Map.of("id", "pk", "e", "colour"), Set.of("bin", "info")))
        .cells(new TextCells(ItemSchema.parse("tags:SS,nums:NS,i32:S,e:S"), EmptyCellPolicy.OMIT, ";", false))
        .build();

    List<Decoded> decoded = readAll(file, shaped, 0, new AtomicLong());

    assertThat(decoded.get(0)).isInstanceOf(BadRecord.class); // tags holds a null: a set cannot
    assertThat(((BadRecord) decoded.get(0)).reason()).isEqualTo(RejectReason.BAD_VALUE);
    DecodeOptions sets = DecodeOptions.builder()
        .shaping(AttributeShaping.of(Map.of("id", "pk", "e", "colour"), Set.of("bin", "info", "tags")))
        .cells(new TextCells(ItemSchema.parse("nums:NS,i32:S"), EmptyCellPolicy.OMIT, ";", false))
        .build();
    Map<String, AttributeValue> item = items(readAll(file, sets, 0, new AtomicLong())).get(0);
    assertThat(item).containsKeys("pk", "colour").doesNotContainKeys("id", "e", "bin", "info", "tags");
    assertThat(item.get("nums")).isEqualTo(AttributeValue.fromNs(List.of("1", "2")));
    assertThat(item.get("i32")).isEqualTo(AttributeValue.fromS("-3"));
  }

  @Test
  void nanAndInfinityAreRejectedWithAReason() throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType("message m { required binary id (STRING); optional double d; }");
    Path file = dir.resolve("nan.parquet");
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = LakeFixtures.writer(file, schema, CompressionCodecName.SNAPPY, 1 << 20)) {
      w.write(f.newGroup().append("id", "a").append("d", 1.25));
      w.write(f.newGroup().append("id", "b").append("d", Double.NaN));
      w.write(f.newGroup().append("id", "c").append("d", Double.NEGATIVE_INFINITY));
    }

    List<Decoded> decoded = readAll(file, DEFAULTS, 0, new AtomicLong());

    assertThat(decoded.get(0)).isInstanceOf(SourceRecord.class);
    assertThat(decoded.get(1)).isInstanceOfSatisfying(BadRecord.class, b -> {
      assertThat(b.reason()).isEqualTo(RejectReason.BAD_NUMBER);
      assertThat(b.message()).contains("column 'd' is NaN");
      assertThat(b.origin().index()).isEqualTo(1);
    });
    assertThat(((BadRecord) decoded.get(2)).message()).contains("-Infinity");
  }

  @Test
  void startingAtARowSkipsTheRowGroupsBeforeItUnread() throws IOException {
    Path file = dir.resolve("groups.parquet");
    List<Map<String, AttributeValue>> expected = LakeFixtures.writeSimple(file, 0, 8_000, CompressionCodecName.SNAPPY,
        24 * 1024);
    AtomicLong all = new AtomicLong();
    readAll(file, DEFAULTS, 0, all);
    AtomicLong fromRow = new AtomicLong();

    List<Decoded> tail = readAll(file, DEFAULTS, 6_001, fromRow);

    assertThat(items(tail)).isEqualTo(expected.subList(6_001, 8_000));
    assertThat(tail.get(0).origin().index()).isEqualTo(6_001);
    assertThat(fromRow.get()).isLessThan(all.get() / 2);
  }

  @Test
  void aCorruptPageIsOneRejectNamingTheRowGroupAndTheOtherGroupsLoad() throws IOException {
    Path file = dir.resolve("corrupt.parquet");
    List<Map<String, AttributeValue>> expected = LakeFixtures.writeSimple(file, 0, 8_000, CompressionCodecName.SNAPPY,
        24 * 1024);
    long middle;
    int groups;
    try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
        new org.apache.parquet.io.LocalInputFile(file))) {
      groups = r.getRowGroups().size();
      var second = r.getRowGroups().get(1).getColumns().get(1);
      middle = second.getStartingPos() + second.getTotalSize() / 2;
    }
    assertThat(groups).isGreaterThan(2);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      for (long p = middle; p < middle + 16; p++) {
        raf.seek(p);
        raf.write(raf.read() ^ 0x5a);
      }
    }

    List<Decoded> decoded = readAll(file, DEFAULTS, 0, new AtomicLong());

    List<BadRecord> bad = decoded.stream().filter(d -> d instanceof BadRecord).map(d -> (BadRecord) d).toList();
    assertThat(bad).hasSize(1);
    assertThat(bad.get(0).reason()).isEqualTo(RejectReason.DAMAGED);
    assertThat(bad.get(0).message()).contains("row group 2 of " + groups);
    List<Map<String, AttributeValue>> good = items(decoded.stream().filter(d -> d instanceof SourceRecord).toList());
    assertThat(good).isNotEmpty().isSubsetOf(expected);
    assertThat(good).contains(expected.get(0), expected.get(expected.size() - 1));
  }

  @Test
  void aTruncatedFileCannotBeOpenedAndSaysWhy() throws IOException {
    Path file = dir.resolve("cut.parquet");
    LakeFixtures.writeSimple(file, 0, 1000, CompressionCodecName.SNAPPY, 64 * 1024);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> readAll(file, DEFAULTS, 0, new AtomicLong()))
        .isInstanceOf(IOException.class).hasMessageContaining("footer");
  }

  @Test
  void aTypeTheMappingCannotExpressIsRefusedNamingTheColumn() throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message m { required binary id (STRING); optional group m (MAP) { repeated group key_value {"
            + " required int32 key; optional int32 value; } } }");
    Path file = dir.resolve("intkeys.parquet");
    try (ParquetWriter<Group> w = LakeFixtures.writer(file, schema, CompressionCodecName.SNAPPY, 1 << 20)) {
      w.write(new SimpleGroupFactory(schema).newGroup().append("id", "a"));
    }

    assertThatThrownBy(() -> readAll(file, DEFAULTS, 0, new AtomicLong()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'm'").hasMessageContaining("map keys are strings");
  }
}
