package dev.ddbload.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetResolverTest {

  @TempDir
  Path dir;

  private final DatasetResolver resolver = new DatasetResolver(new LocalStorage());

  private List<String> names(List<Source> sources) {
    return sources.stream().map(s -> dir.relativize(Path.of(s.name())).toString()).toList();
  }

  private void write(String relative, String content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void aSparkDirectorySkipsMarkersHiddenFilesAndChecksums() throws IOException {
    write("out/part-00001.json", "");
    write("out/part-00000.json", "");
    write("out/_SUCCESS", "");
    write("out/_started_123", "");
    write("out/.part-00000.json.crc", "");
    write("out/part-00000.json.crc", "");
    write("out/_temporary/0/part-00009.json", "");
    write("out/year=2020/part-00002.json", "");

    assertThat(names(resolver.resolve(dir.resolve("out").toString())))
        .containsExactly("out/part-00000.json", "out/part-00001.json", "out/year=2020/part-00002.json");
  }

  @Test
  void commitMarkersListExactlyTheFilesToLoad() throws IOException {
    write("out/part-0-tid-1.json", "");
    write("out/part-1-tid-1.json", "");
    write("out/part-2-tid-2.json", ""); // written by a job that never committed
    write("out/part-3-tid-3.json", "");
    write("out/_started_1", "");
    write("out/_committed_1", "{\"added\":[\"part-0-tid-1.json\",\"part-1-tid-1.json\"],\"removed\":[]}");
    write("out/_started_2", "");
    write("out/_committed_3", "{\"added\":[\"part-3-tid-3.json\"],\"removed\":[\"part-1-tid-1.json\"]}");

    assertThat(names(resolver.resolve(dir.resolve("out").toString())))
        .containsExactly("out/part-0-tid-1.json", "out/part-3-tid-3.json");
    assertThat(names(resolver.resolve(dir.resolve("out/_committed_1").toString())))
        .containsExactly("out/part-0-tid-1.json", "out/part-1-tid-1.json");
  }

  @Test
  void aDynamoDbExportResolvesItsManifestWithItsFormat() throws IOException {
    String export = "backup/AWSDynamoDB/01700000000000-abcd1234";
    write(export + "/manifest-summary.json", "{\"version\":\"2020-06-30\",\"outputFormat\":\"ION\","
        + "\"manifestFilesS3Key\":\"prefix/AWSDynamoDB/01700000000000-abcd1234/manifest-files.json\"}");
    write(export + "/manifest-files.json",
        "{\"itemCount\":2,\"md5Checksum\":\"x\",\"etag\":\"y\",\"dataFileS3Key\":"
            + "\"prefix/AWSDynamoDB/01700000000000-abcd1234/data/b.ion.gz\"}\n"
            + "{\"itemCount\":1,\"dataFileS3Key\":\"prefix/AWSDynamoDB/01700000000000-abcd1234/data/a.ion.gz\"}\n");
    write(export + "/data/a.ion.gz", "");
    write(export + "/data/b.ion.gz", "");
    write(export + "/data/stray.ion.gz", "");
    write(export + "/_started", "");

    for (String input : List.of("backup", export, export + "/manifest-files.json", export + "/manifest-summary.json")) {
      List<Source> sources = resolver.resolve(dir.resolve(input).toString());
      assertThat(names(sources)).as(input).containsExactly(export + "/data/b.ion.gz", export + "/data/a.ion.gz");
      assertThat(sources.get(0).declaredFormat()).contains(Format.ION);
    }
  }

  @Test
  void anExportWithoutItsSummaryResolvesKeysByTheExportLayout() throws IOException {
    String export = "AWSDynamoDB/01700000000000-abcd1234";
    write(export + "/manifest-files.json", "{\"dataFileS3Key\":\"some/prefix/" + export + "/data/a.json.gz\"}\n");
    write(export + "/data/a.json.gz", "");

    List<Source> sources = resolver.resolve(dir.resolve(export).toString());

    assertThat(names(sources)).containsExactly(export + "/data/a.json.gz");
    assertThat(sources.get(0).declaredFormat()).isEmpty();
  }

  @Test
  void aListedFileThatIsMissingIsOneClearError() throws IOException {
    write("out/_committed_1", "{\"added\":[\"part-0.json\"]}");

    assertThatThrownBy(() -> resolver.resolve(dir.resolve("out").toString()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("part-0.json")
        .hasMessageContaining("does not exist");
  }

  @Test
  void aListManifestNamesPathsAndUrisRelativeToItself() throws IOException {
    write("data/a.csv", "");
    write("data/b.csv", "");
    write("lists/inputs.txt", "# inputs\n../data/a.csv\n\n" + dir.resolve("data/b.csv").toUri() + "\n");

    assertThat(names(resolver.resolveList(dir.resolve("lists/inputs.txt").toString())))
        .containsExactly("data/a.csv", "data/b.csv");
  }

  @Test
  void anEntryNoStoreCanReadIsRefusedNamingTheManifest() throws IOException {
    write("list.txt", "gs://bucket/key.csv\n");

    assertThatThrownBy(() -> resolver.resolveList(dir.resolve("list.txt").toString()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("list.txt names gs://bucket/key.csv, which no store can read");
  }
}
