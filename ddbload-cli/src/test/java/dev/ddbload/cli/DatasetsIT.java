package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.testkit.Items;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets as one job: Spark output with commit markers, list manifests, lzop logs, several files at once. */
class DatasetsIT extends LocalDynamoCli {

  @TempDir
  Path dir;

  @Test
  void aCommitMarkerLoadsOnlyTheFilesItLists() throws IOException {
    String table = newTable("spark");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("part-00000-tid-1-c000.json"), "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    Files.writeString(out.resolve("part-00001-tid-1-c000.json"), "{\"id\":\"c\"}\n");
    // Left behind by a job that failed before committing.
    Files.writeString(out.resolve("part-00000-tid-2-c000.json"), "{\"id\":\"uncommitted\"}\n");
    Files.writeString(out.resolve("_started_1"), "");
    Files.writeString(out.resolve("_started_2"), "");
    Files.writeString(out.resolve("_committed_1"),
        "{\"added\":[\"part-00000-tid-1-c000.json\",\"part-00001-tid-1-c000.json\"],\"removed\":[]}");
    Files.writeString(out.resolve("_SUCCESS"), "");

    CliRunner.Run run = load(table, out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id")).containsOnlyKeys("a", "b", "c");
  }

  @Test
  void aListManifestNamesTheInputs() throws IOException {
    String table = newTable("list");
    Files.writeString(dir.resolve("one.csv"), "id,v\n1,x\n");
    Files.writeString(dir.resolve("two.jsonl"), "{\"id\":\"2\"}\n");
    Path manifest = dir.resolve("inputs.txt");
    Files.writeString(manifest, "# what to load\none.csv\n" + dir.resolve("two.jsonl").toUri() + "\n");

    CliRunner.Run run = load(table, "--manifest", manifest.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Items.scan(client, table, "id")).containsOnlyKeys("1", "2");
  }

  @Test
  void concatenatedLzopKeyValueLogsLoadAsText() throws IOException {
    String table = newTable("lzop");
    // Made by the real lzop: two members, levels 1 and 9 (see ddbload-core's test resources).
    Path log = dir.resolve("app.log.lzo");
    Files.copy(Path.of("..", "ddbload-core", "src", "test", "resources", "lzop", "lines-concatenated.lzo"), log);

    CliRunner.Run run = load(table, "--format", "text", "--columns", "id,myvalue", log.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, Object> items = Items.scan(client, table, "id");
    assertThat(items).hasSize(12_000);
    assertThat(items.get("key-11999").toString()).contains("myvalue=S:some value 99");
  }

  @Test
  void aTextDelimiterThatIsNotARegularExpressionIsAUsageError() throws IOException {
    Path log = dir.resolve("kv.log");
    Files.writeString(log, "a b\n");

    CliRunner.Run run = load(newTable("regex"), "--format", "text", "--columns", "id,v", "--delimiter", "(",
        log.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("not a regular expression");
  }

  @Test
  void severalFilesAtOnceKeepTheLastRecordOfEachKeyWithinAFile() throws IOException {
    String table = newTable("parallel");
    String[] files = new String[6];
    for (int f = 0; f < files.length; f++) {
      StringBuilder sb = new StringBuilder();
      for (int round = 0; round < 8; round++) {
        for (int k = 0; k < 60; k++) {
          sb.append("{\"id\":\"f").append(f).append("-k").append(k).append("\",\"round\":").append(round).append("}\n");
        }
      }
      Path file = dir.resolve("part-" + f + ".jsonl");
      Files.writeString(file, sb.toString());
      files[f] = file.toString();
    }
    String[] args = new String[files.length + 4];
    args[0] = "--parallel-files";
    args[1] = "3";
    args[2] = "--concurrency";
    args[3] = "16";
    System.arraycopy(files, 0, args, 4, files.length);

    CliRunner.Run run = load(table, args);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("records read   2,880").contains("rejected       0");
    Map<String, Object> items = Items.scan(client, table, "id");
    assertThat(items).hasSize(6 * 60);
    assertThat(items.values()).allSatisfy(item -> assertThat(item.toString()).contains("round=N:7"));
  }
}
