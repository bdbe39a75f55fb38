package dev.ddbload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark datasets: sizes as named, unique keys, the same records in both formats, reproducible. */
class DatasetsTest {

  @TempDir
  Path dir;

  @Test
  void recordsHaveTheNamedSizeAndUniqueKeys() throws IOException {
    for (Datasets.Shape shape : Datasets.Shape.values()) {
      Path jsonl = dir.resolve(shape + ".jsonl");
      assertThat(Datasets.write(new Datasets(shape, 1), "jsonl", jsonl, 2000, Long.MAX_VALUE)).isEqualTo(2000);
      List<String> lines = Files.readAllLines(jsonl);
      double average = lines.stream().mapToInt(l -> l.length() + 1).average().orElseThrow();
      assertThat(average).isBetween(shape == Datasets.Shape.SMALL ? 180.0 : 950.0,
          shape == Datasets.Shape.SMALL ? 220.0 : 1100.0);
      ObjectMapper json = new ObjectMapper();
      assertThat(lines.stream().map(l -> readId(json, l)).distinct().count()).isEqualTo(2000);
    }
  }

  @Test
  void csvHoldsTheSameRecordsAndTheSameSeedTheSameBytes() throws IOException {
    Path csv = dir.resolve("a.csv");
    Path jsonl = dir.resolve("a.jsonl");
    Datasets.write(new Datasets(Datasets.Shape.SMALL, 7), "csv", csv, 10, Long.MAX_VALUE);
    Datasets.write(new Datasets(Datasets.Shape.SMALL, 7), "jsonl", jsonl, 10, Long.MAX_VALUE);
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo("id,name,email,age,score,active,city");
    JsonNode first = new ObjectMapper().readTree(Files.readAllLines(jsonl).get(0));
    String[] cells = rows.get(1).split(",");
    assertThat(cells[0]).isEqualTo(first.get("id").asText());
    assertThat(cells[3]).isEqualTo(first.get("age").asText());
    assertThat(Files.readAllLines(jsonl).get(0)).contains("\"score\":" + cells[4] + ",");

    Path again = dir.resolve("b.csv");
    Datasets.write(new Datasets(Datasets.Shape.SMALL, 7), "csv", again, 10, Long.MAX_VALUE);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(csv));
  }

  @Test
  void stopsAtTheByteLimit() throws IOException {
    Path out = dir.resolve("c.jsonl");
    long records = Datasets.write(new Datasets(Datasets.Shape.SMALL, 1), "jsonl", out, Long.MAX_VALUE, 10_000);
    assertThat(Files.size(out)).isBetween(10_000L, 10_400L);
    assertThat(Files.readAllLines(out)).hasSize((int) records);
  }

  private static String readId(ObjectMapper json, String line) {
    try {
      return json.readTree(line).get("id").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
