package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadReport;
import dev.ddbload.capacity.CapacityChange;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.report.ControlSample;
import dev.ddbload.report.SourceDamage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code --report FILE.html}: one self-contained page (inline CSS and SVG, no script, nothing
 * fetched) with the summary, the load second by second as charts (records/s, WCU/s against the
 * rate limit, throttled share, calls in flight against their limit, retried sends), the rejects by
 * reason with short examples, the capacity changes and the inputs not read in full. Every text
 * from the data, the file names or the environment is escaped, and the page's Content Security
 * Policy allows no script and no fetch, so nothing in a record can add behaviour to it. Written
 * readable by its owner only, like the rejects file whose examples it quotes.
 */
final class HtmlReport {

  /** No script, no fetch of anything, inline styles only: a second guard behind the escaping. */
  private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
      + " form-action 'none'; base-uri 'none'";

  private static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:820px;color:#1b1f24}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}
      .meta{color:#57606a;margin:0}table{border-collapse:collapse;width:100%}
      th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
      td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0 20px}
      figcaption{font-weight:600;margin-bottom:4px}.chart .grid{stroke:#eaeef2}
      .chart .tick,.chart .unit,.chart .empty{font-size:11px;fill:#57606a}
      .chart .series{fill:none;stroke-width:2}.chart .s0{stroke:#0969da}.chart .s1{stroke:#cf222e}
      .chart .limit{stroke-dasharray:6 4}.legend span{margin-right:14px}.k0{color:#0969da}.k1{color:#cf222e}
      .ok{color:#1a7f37}.bad{color:#cf222e}code{font-size:12px;word-break:break-all}
      """;

  private final LoadReport report;
  private final Summary summary;
  private final Clock clock;

  HtmlReport(LoadReport report, Summary summary, Clock clock) {
    this.report = report;
    this.summary = summary;
    this.clock = clock;
  }

  /**
   * Writes the page, replacing the file.
   *
   * @throws ConfigurationException when it cannot be written
   */
  void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".ddbload-report-", ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // the file system has no POSIX permissions: the temp file is already private there
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          w.write(page());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot write the report file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The whole page. */
  String page() throws IOException {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(POLICY).append("\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>ddbload report: ").append(escape(report.table())).append("</title><style>").append(STYLE)
        .append("</style></head><body>\n");
    boolean good = report.status() == dev.ddbload.LoadStatus.COMPLETED;
    h.append("<h1 id=\"status\" class=\"").append(good ? "ok" : "bad").append("\">ddbload: ")
        .append(escape(summary.status())).append("</h1>\n<p class=\"meta\">Table <b>").append(escape(report.table()))
        .append("</b>; report written ")
        .append(escape(ZonedDateTime.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))))
        .append(".</p>\n<h2>Summary</h2>\n<table id=\"summary\">");
    for (Summary.Row row : summary.rows()) {
      h.append("<tr><th>").append(escape(row.label())).append("</th><td>").append(escape(row.value()));
      for (String d : row.details()) {
        h.append("<div>").append(escape(d)).append("</div>");
      }
      h.append("</td></tr>");
    }
    h.append("</table>\n");
    charts(h, report.series());
    rejects(h);
    capacity(h, report.capacity());
    damage(h, report.damage());
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void charts(StringBuilder h, List<ControlSample> series) {
    int n = series.size();
    long[] seconds = new long[n];
    double[] written = new double[n];
    double[] units = new double[n];
    double[] limit = new double[n];
    double[] throttled = new double[n];
    double[] inFlight = new double[n];
    double[] calls = new double[n];
    double[] retried = new double[n];
    for (int i = 0; i < n; i++) {
      ControlSample c = series.get(i);
      seconds[i] = c.second();
      written[i] = c.written();
      units[i] = c.writeUnits();
      limit[i] = c.rateLimit();
      throttled[i] = c.throttledShare() * 100;
      inFlight[i] = c.inFlightLimit();
      calls[i] = c.callsInFlight();
      retried[i] = c.retried();
    }
    h.append("<h2>Over time</h2>\n<p class=\"meta\">One point per second of the load (").append(n)
        .append(" seconds), as the JSON report's <code>series</code> holds them.</p>\n");
    figure(h, "Records written per second", new SvgChart("chart-records", "records/s", seconds)
        .line("records written", written, false), null);
    figure(h, "Write capacity units per second", new SvgChart("chart-wcu", "WCU/s", seconds)
        .line("consumed", units, false).line("rate limit", limit, true), "consumed|rate limit (dashed)");
    figure(h, "Throttled share of write units", new SvgChart("chart-throttled", "% throttled", seconds)
        .line("throttled", throttled, false), null);
    figure(h, "BatchWriteItem calls in flight", new SvgChart("chart-inflight", "calls", seconds)
        .line("calls in flight", calls, false).line("in-flight limit", inFlight, true),
        "calls in flight (at the end of each second)|in-flight limit (dashed)");
    figure(h, "Retried item sends per second", new SvgChart("chart-retries", "sends/s", seconds)
        .line("retried", retried, false), null);
  }

  private static void figure(StringBuilder h, String caption, SvgChart chart, String legend) {
    h.append("<figure><figcaption>").append(escape(caption)).append("</figcaption>");
    if (legend != null) {
      String[] names = legend.split("\\|");
      h.append("<div class=\"legend\">");
      for (int i = 0; i < names.length; i++) {
        h.append("<span class=\"k").append(i).append("\">&#9632; ").append(escape(names[i])).append("</span>");
      }
      h.append("</div>");
    }
    h.append(chart.svg()).append("</figure>\n");
  }

  private void rejects(StringBuilder h) throws IOException {
    RejectDigest digest = RejectDigest.of(report.rejectsFile().orElse(null));
    h.append("<h2>Rejects by reason</h2>\n");
    if (digest.reasons().isEmpty()) {
      h.append("<p id=\"no-rejects\">No record was rejected.</p>\n");
      return;
    }
    h.append("<p class=\"meta\">From <code>").append(escape(report.rejectsFile().map(Path::toString).orElse("")))
        .append("</code>; up to ").append(RejectDigest.EXAMPLES).append(" examples per reason, records cut at ")
        .append(RejectDigest.RECORD_CHARS).append(" characters.</p>\n<table id=\"rejects\"><tr><th>reason</th>")
        .append("<th>records</th><th>examples</th></tr>");
    for (RejectDigest.Reason r : digest.reasons()) {
      h.append("<tr><td>").append(escape(r.reason())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d", r.records())).append("</td><td>");
      for (String e : r.examples()) {
        h.append("<div><code>").append(escape(e)).append("</code></div>");
      }
      h.append("</td></tr>");
    }
    h.append("</table>\n");
    if (digest.unreadable() > 0) {
      h.append("<p>").append(digest.unreadable()).append(" lines of the rejects file are not JSON.</p>\n");
    }
  }

  private static void capacity(StringBuilder h, CapacityReport c) {
    h.append("<h2>Capacity changes</h2>\n");
    if (c.raised().isEmpty() && c.restored().isEmpty() && c.problem().isEmpty()) {
      h.append("<p id=\"no-capacity\">").append(c.onDemand() ? "On-demand table: no capacity to change."
          : "No write capacity was changed.").append("</p>\n");
      return;
    }
    h.append("<table id=\"capacity\"><tr><th>when</th><th>resource</th><th>from</th><th>to</th></tr>");
    change(h, "raised before the load", c.raised());
    change(h, "restored after the load", c.restored());
    h.append("</table>\n");
    c.problem().ifPresent(p -> h.append("<p class=\"bad\">").append(escape(p)).append("</p>\n"));
  }

  private static void change(StringBuilder h, String when, List<CapacityChange> changes) {
    for (CapacityChange ch : changes) {
      h.append("<tr><td>").append(when).append("</td><td>").append(escape(ch.resource())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d WCU", ch.from())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d WCU", ch.to())).append("</td></tr>");
    }
  }

  private static void damage(StringBuilder h, List<SourceDamage> damage) {
    if (damage.isEmpty()) {
      return;
    }
    h.append("<h2>Inputs not read in full</h2>\n<table id=\"damage\"><tr><th>input</th><th>from</th>")
        .append("<th>reason</th><th>bytes not read</th><th>suspect records</th></tr>");
    for (SourceDamage d : damage) {
      h.append("<tr><td><code>").append(escape(d.source())).append("</code></td><td>")
          .append(String.format(Locale.ROOT, "line %,d (record %,d)", d.line(), d.index())).append("</td><td>")
          .append(escape(d.reason())).append("</td><td class=\"n\">")
          .append(d.bytesUnread() < 0 ? "unknown" : String.format(Locale.ROOT, "%,d", d.bytesUnread()))
          .append("</td><td>").append(escape(d.suspect().map(Object::toString).orElse("none")))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  /** Text as HTML: {@code & < > " '} escaped. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
