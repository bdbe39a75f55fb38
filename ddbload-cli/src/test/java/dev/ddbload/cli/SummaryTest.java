package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.LoadReport;
import dev.ddbload.LoadStatus;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.report.ControlSample;
import dev.ddbload.report.LoadStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the summary and the JSON report say about a load's control and a dry run's limits. */
class SummaryTest {

  private static final LoadStats STATS = new LoadStats(100, 100, 0, 0, 2000, 2000, 100, 4, 0,
      Duration.ofSeconds(2), 50, 480, 0, 0, 0, 0, 0, 0, 24, 0.031, 0, 0);

  @TempDir
  Path dir;

  @Test
  void theJsonReportHasTheControlNowAndSecondBySecond() throws Exception {
    List<ControlSample> series = List.of(new ControlSample(1, 60, 60, Double.POSITIVE_INFINITY, 32, 0, 0, 30),
        new ControlSample(2, 40, 40, 480, 24, 0.031, 7, 21));
    LoadReport report = new LoadReport("t", LoadStatus.COMPLETED, STATS, Optional.empty(), Optional.empty(),
        CapacityReport.NONE, Optional.empty(), Optional.empty(), List.of(), series);

    new Summary(report, "here").writeJson(dir.resolve("r.json"));

    JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertThat(json.get("rateLimit").asDouble()).isEqualTo(480);
    assertThat(json.get("inFlightLimit").asInt()).isEqualTo(24);
    assertThat(json.get("throttledShare").asDouble()).isEqualTo(0.031);
    assertThat(json.get("series")).hasSize(2);
    assertThat(json.get("series").get(0).get("rateLimit").isNull()).as("no limit: null").isTrue();
    assertThat(json.get("series").get(1).get("rateLimit").asDouble()).isEqualTo(480);
    assertThat(json.get("series").get(1).get("written").asLong()).isEqualTo(40);
    assertThat(json.get("series").get(1).get("writeUnits").asDouble()).isEqualTo(40);
    assertThat(json.get("series").get(1).get("inFlightLimit").asInt()).isEqualTo(24);
    assertThat(json.get("series").get(1).get("throttledShare").asDouble()).isEqualTo(0.031);
    assertThat(json.get("series").get(1).get("retried").asLong()).isEqualTo(7);
    assertThat(json.get("series").get(1).get("callsInFlight").asInt()).isEqualTo(21);
  }

  @Test
  void aDryRunShowsTheOnDemandMaximums() throws Exception {
    Map<String, Long> maximums = new LinkedHashMap<>();
    maximums.put("table t", 1000L);
    maximums.put("index byG", 400L);
    LoadPlan plan = new LoadPlan(100, 2000, 100, List.of(), 0.0001, 0.625, 2400, "the on-demand maximum",
        Duration.ofSeconds(1), List.of(), maximums, 0);
    LoadReport report = new LoadReport("t", LoadStatus.COMPLETED, STATS, Optional.empty(), Optional.empty(),
        CapacityReport.NONE, Optional.of(plan), Optional.empty(), List.of(), List.of());
    StringWriter out = new StringWriter();

    Summary summary = new Summary(report, "here");
    summary.print(new PrintWriter(out));
    summary.writeJson(dir.resolve("r.json"));

    assertThat(out.toString()).contains("planned rate   2,400 WCU/s (the on-demand maximum)")
        .contains("on-demand max  table t 1,000 WRU/s, index byG 400 WRU/s");
    JsonNode limits = new ObjectMapper().readTree(dir.resolve("r.json").toFile()).get("plan")
        .get("onDemandMaxWriteRequestUnits");
    assertThat(limits.get("table t").asLong()).isEqualTo(1000);
    assertThat(limits.get("index byG").asLong()).isEqualTo(400);
  }
}
