package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.compress.Compression;
import dev.ddbload.compress.Compressors;
import dev.ddbload.decode.Format;
import dev.ddbload.item.KeySchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.testkit.Items;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every text format in every compression, loaded through the library into a fresh table and scanned back. */
class FormatsIT extends LocalDynamoLoads {


  @TempDir
  Path dir;

  static Stream<Arguments> formatsAndCompressions() {
    List<Arguments> all = new ArrayList<>();
    for (Format f : Format.values()) {
      if (f.isColumnar()) {
        continue; // they compress their own pages and blocks: LakeDatasetsIT
      }
      for (Compression c : Compression.values()) {
        all.add(Arguments.of(f, c));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("formatsAndCompressions")
  void roundTrips(Format format, Compression compression) throws Exception {
    String table = ("fmt_" + format + "_" + compression).replace('-', '_').toLowerCase(Locale.ROOT);
    List<Map<String, AttributeValue>> items = SampleItems.forFormat(format, 30);
    byte[] data = SampleItems.write(format, items).getBytes(StandardCharsets.UTF_8);
    // No telling extension: the compression is found by its magic bytes, the format is given.
    Path file = dir.resolve("part-00000");
    Files.write(file, Compressors.compress(compression, data));
    LoadOptionsBuilder o = LoadOptions.builder()
        .table(table)
        .client(settings())
        .rejectsFile(dir.resolve("rejects.jsonl"))
        .createTableKey(KeySchema.parse("id:S"))
        .format(format)
        .inferTypes(true);
    if (format == Format.TEXT) {
      o.columns(List.of("id", "n", "note"));
    }

    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o.build(), dataPlane, client)) {
      report = loader.load(List.of(new LocalFileSource(file)));
    }

    assertThat(report.status()).as(report.toString()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().written()).isEqualTo(items.size());
    assertThat(Items.scan(client, table, "id")).isEqualTo(Items.expected(items, "id"));
  }
}
