package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.BulkLoader;
import dev.ddbload.LoadOptions;
import dev.ddbload.LoadOptionsBuilder;
import dev.ddbload.LocalDynamoLoads;
import dev.ddbload.LoadReport;
import dev.ddbload.item.EmptyCellPolicy;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.report.LoadStats;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.testkit.Items;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Generated files ({@link CsvModel}, {@link JsonModel}) loaded end to end into DynamoDB Local:
 * every record read is written, rejected or superseded (read = written + rejected + superseded),
 * the table holds exactly the last good record of every key, and the rejects file holds exactly
 * the broken records (and the good ones whose key is empty), each with its index and reason.
 */
class GeneratedLoadsIT extends LocalDynamoLoads {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Trials.seed(20261209L);

  private static int tables;

  @TempDir
  Path dir;

  @Test
  void generatedCsvLoadsAccountForEveryRecord() throws Exception {
    for (int i = 0; i < 12; i++) {
      CsvModel m = CsvModel.generate(new SplittableRandom(SEED + i));
      Path file = dir.resolve("gen-" + i + ".csv");
      CsvModel.Rendered rendered = m.render();
      Files.write(file, rendered.bytes());
      Map<String, Map<String, AttributeValue>> table = new LinkedHashMap<>();
      List<String> rejects = new ArrayList<>();
      for (CsvModel.Expected e : rendered.expected()) {
        CsvModel.Row row = e.row();
        if (row.kind() != CsvModel.Kind.GOOD) {
          rejects.add(e.index() + " " + CsvModel.reason(row.kind()));
        } else if (row.fields().get(0).isEmpty()) {
          rejects.add(e.index() + " " + RejectReason.BAD_KEY);
        } else {
          Map<String, AttributeValue> item = new LinkedHashMap<>();
          for (int c = 0; c < m.header().size(); c++) {
            item.put(m.header().get(c), AttributeValue.fromS(row.fields().get(c)));
          }
          table.put(row.fields().get(0), item);
        }
      }
      LoadOptionsBuilder options = LoadOptions.builder().format(Format.CSV).delimiter(m.delimiter())
          .csvDialect(new CsvDialect(m.quote(), m.escape(), m.comment())).emptyCells(EmptyCellPolicy.STRING)
          .maxRecordBytes(m.maxRecordBytes()).createTableKey(KeySchema.parse("c0:S"));
      loadsAsExpected("seed " + (SEED + i) + ":\n" + m, file, options, "c0", rendered.expected().size(), table,
          rejects);
    }
  }

  @Test
  void generatedJsonLoadsAccountForEveryRecord() throws Exception {
    for (int i = 0; i < 12; i++) {
      JsonModel m = JsonModel.generate(new SplittableRandom(SEED + 100 + i));
      Path file = dir.resolve("gen-" + i + (m.array() ? ".json" : ".jsonl"));
      JsonModel.Rendered rendered = m.render();
      Files.write(file, rendered.bytes());
      Map<String, Map<String, AttributeValue>> table = new LinkedHashMap<>();
      List<String> rejects = new ArrayList<>();
      for (JsonModel.Placed p : rendered.placed()) {
        JsonModel.Element e = p.element();
        if (e.kind() == JsonModel.Kind.GOOD) {
          table.put(e.item().get("id").s(), e.item());
        } else {
          rejects.add(p.index() + " " + JsonModel.reason(e.kind()));
        }
      }
      LoadOptionsBuilder options = LoadOptions.builder().maxRecordBytes(m.maxRecordBytes())
          .createTableKey(KeySchema.parse("id:S"));
      loadsAsExpected("seed " + (SEED + 100 + i) + ":\n" + m, file, options, "id", rendered.placed().size(), table,
          rejects);
    }
  }

  private void loadsAsExpected(String what, Path file, LoadOptionsBuilder options, String key, int records,
      Map<String, Map<String, AttributeValue>> table, List<String> rejects) throws Exception {
    String name = "gen_" + ++tables;
    Path rejectsFile = dir.resolve(name + "-rejects.jsonl");
    LoadOptions o = options.table(name).client(settings()).rejectsFile(rejectsFile).checkpointing(false)
        .stateDirectory(dir.resolve("state")).build();
    LoadReport report;
    try (BulkLoader loader = BulkLoader.create(o, dataPlane, client)) {
      report = loader.load(List.of(new LocalFileSource(file)));
    }

    LoadStats s = report.stats();
    assertThat(s.recordsRead()).as(what).isEqualTo(records);
    assertThat(s.recordsRead()).as(what).isEqualTo(s.written() + s.rejected() + s.superseded());
    assertThat(s.rejected()).as(what).isEqualTo(rejects.size());
    assertThat(Items.scan(client, name, key)).as(what).isEqualTo(Items.expected(new ArrayList<>(table.values()), key));
    List<String> got = new ArrayList<>();
    if (Files.exists(rejectsFile)) {
      for (String line : Files.readAllLines(rejectsFile)) {
        JsonNode r = JSON.readTree(line);
        got.add(r.get("index").asLong() + " " + r.get("reason").asText());
      }
    }
    assertThat(got).as(what).containsExactlyInAnyOrderElementsOf(rejects);
  }
}
