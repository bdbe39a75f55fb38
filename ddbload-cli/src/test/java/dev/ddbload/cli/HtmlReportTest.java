package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.LoadReport;
import dev.ddbload.LoadStatus;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.report.ControlSample;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.report.SuspectRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML page built from hostile text: record contents, messages, input names and a rejects
 * file path full of markup stay text, and the page holds only the elements and attributes
 * ddbload writes. Also its damaged-inputs section. Pure: no load, no browser (HtmlReportIT renders
 * a real load's page in Chromium).
 */
class HtmlReportTest {

  private static final Set<String> TAGS = Set.of("html", "head", "meta", "title", "style", "body", "h1", "h2", "p",
      "b", "table", "tr", "th", "td", "div", "code", "figure", "figcaption", "svg", "line", "text", "polyline",
      "span");
  private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("\\s([A-Za-z-]+)=\"[^\"]*\"");
  private static final Set<String> ATTRIBUTES = Set.of("lang", "charset", "name", "content", "http-equiv", "id",
      "class", "xmlns", "width", "height", "viewBox", "role", "aria-label", "x", "y", "x1", "y1", "x2", "y2",
      "text-anchor", "data-name", "data-points", "points");
  private static final String[] HOSTILE = {
      "<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "'><svg onload=alert(3)>",
      "</code></td></tr></table><iframe src=\"https://example.com\">", "<style>body{display:none}</style>",
      "&lt;already escaped&gt;"};

  @TempDir
  Path dir;

  @Test
  void hostileTextInRecordsMessagesNamesAndPathsStaysText() throws Exception {
    Path rejects = Files.createDirectories(dir.resolve("<b onmouseover=alert(4)>")).resolve("rejects.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < HOSTILE.length; i++) {
      ObjectNode r = json.createObjectNode().put("source", HOSTILE[(i + 1) % HOSTILE.length] + ".jsonl")
          .put("line", i + 1).put("index", i).put("reason", i % 2 == 0 ? "MALFORMED" : "<u>REASON</u>")
          .put("message", HOSTILE[(i + 2) % HOSTILE.length]).put("record", HOSTILE[i]);
      lines.add(json.writeValueAsString(r));
    }
    Files.write(rejects, lines);
    List<SourceDamage> damage = List.of(new SourceDamage(HOSTILE[1] + ".gz", 12, 11, HOSTILE[0], 4_096,
        Optional.of(new SuspectRecords(5, 4, 11, 10))));
    LoadReport report = report(LoadStatus.DAMAGED_INPUT, HOSTILE[3], Optional.of(rejects), damage);

    String page = new HtmlReport(report, new Summary(report, "here"), fixedClock()).page();

    Matcher tags = TAG.matcher(page);
    while (tags.find()) {
      assertThat(TAGS).as("element in %s", tags.group()).contains(tags.group(2));
      Matcher attributes = ATTRIBUTE.matcher(tags.group(3));
      while (attributes.find()) {
        assertThat(ATTRIBUTES).as("attribute in %s", tags.group()).contains(attributes.group(1));
      }
    }
    assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;",
        "&#39;&gt;&lt;svg onload=alert(3)&gt;", "&amp;lt;already escaped&amp;gt;", "&lt;u&gt;REASON&lt;/u&gt;",
        "&lt;b onmouseover=alert(4)&gt;");
    assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
  }

  @Test
  void damagedInputsAreListedWithWhereTheyStoppedAndTheSuspectRecords() throws Exception {
    List<SourceDamage> damage = List.of(
        new SourceDamage("part-0.jsonl.gz", 1_201, 1_200, "the gzip stream ends early", 52_133,
            Optional.of(new SuspectRecords(1_001, 1_000, 1_200, 1_199))),
        new SourceDamage("stdin", 7, 6, "the input changed while it was read", -1, Optional.empty()));
    LoadReport report = report(LoadStatus.DAMAGED_INPUT, "Books", Optional.empty(), damage);

    String page = new HtmlReport(report, new Summary(report, "here"), fixedClock()).page();

    assertThat(page).contains("<h2>Inputs not read in full</h2>")
        .contains("<td><code>part-0.jsonl.gz</code></td><td>line 1,201 (record 1,200)</td>"
            + "<td>the gzip stream ends early</td><td class=\"n\">52,133</td>"
            + "<td>lines 1,001 to 1,200 (records 1,000 to 1,199)</td>")
        .contains("<td><code>stdin</code></td><td>line 7 (record 6)</td><td>the input changed while it was read</td>"
            + "<td class=\"n\">unknown</td><td>none</td>")
        .contains("ddbload: load finished, but some input was not read in full")
        .contains("<p id=\"no-rejects\">");
  }

  @Test
  void aLoadWithoutDamageHasNoDamageSection() throws Exception {
    LoadReport report = report(LoadStatus.COMPLETED, "Books", Optional.empty(), List.of());

    String page = new HtmlReport(report, new Summary(report, "here"), fixedClock()).page();

    assertThat(page).doesNotContain("Inputs not read in full").contains("No write capacity was changed.");
  }

  private static LoadReport report(LoadStatus status, String table, Optional<Path> rejects, List<SourceDamage> damage) {
    LoadStats stats = new LoadStats(120, 100, 6, 0, 2_000, 6_096, 100, 4, 3, Duration.ofSeconds(2), 50, 480, 0, 0,
        damage.size(), 4_096, 0, 0, 24, 0.031, 0, 0);
    List<ControlSample> series = List.of(new ControlSample(1, 60, 60, Double.POSITIVE_INFINITY, 32, 0, 0, 30),
        new ControlSample(2, 40, 40, 480, 24, 0.031, 3, 21));
    return new LoadReport(table, status, stats, rejects, Optional.empty(), CapacityReport.NONE, Optional.empty(),
        Optional.empty(), damage, series);
  }

  private static Clock fixedClock() {
    return Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);
  }
}
