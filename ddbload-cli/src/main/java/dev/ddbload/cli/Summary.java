package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.ConfigurationException;
import dev.ddbload.LoadReport;
import dev.ddbload.report.LoadStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The end-of-load summary, printed for people and optionally written as JSON. */
final class Summary {

  private final LoadReport report;
  private final String target;

  Summary(LoadReport report, String target) {
    this.report = report;
    this.target = target;
  }

  void print(PrintWriter out) {
    LoadStats s = report.stats();
    out.println("ddbload: " + status() + " (table " + report.table() + " at " + target + ")");
    out.println(row("records read", String.format(Locale.ROOT, "%,d", s.recordsRead())));
    out.println(row("written", String.format(Locale.ROOT, "%,d", s.written())));
    out.println(row("rejected", String.format(Locale.ROOT, "%,d", s.rejected())));
    out.println(row("superseded", String.format(Locale.ROOT, "%,d", s.superseded())));
    if (s.pending() != 0) {
      out.println(row("not finished", String.format(Locale.ROOT, "%,d", s.pending())));
    }
    out.println(row("WCU consumed", String.format(Locale.ROOT, "%,.1f", s.writeUnits())));
    out.println(row("elapsed", String.format(Locale.ROOT, "%.2f s", s.elapsed().toNanos() / 1e9)));
    out.println(row("throughput", String.format(Locale.ROOT, "%,.0f records/s", s.writtenPerSecond())));
    out.println(row("rejects file", report.rejectsFile().map(Path::toString).orElse("none")));
    report.error().ifPresent(e -> out.println(row("error", e)));
    out.flush();
  }

  private String status() {
    switch (report.status()) {
      case COMPLETED:
        return "load completed";
      case COMPLETED_WITH_REJECTS:
        return "load completed with rejects";
      case ABORTED:
        return "load aborted";
      case INTERRUPTED:
      default:
        return "load interrupted";
    }
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-14s %s", label, value);
  }

  /** Writes the summary as one JSON object. */
  void writeJson(Path file) {
    LoadStats s = report.stats();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (JsonGenerator g = new JsonFactory().createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("table", report.table());
        g.writeStringField("status", report.status().name());
        g.writeNumberField("recordsRead", s.recordsRead());
        g.writeNumberField("written", s.written());
        g.writeNumberField("rejected", s.rejected());
        g.writeNumberField("superseded", s.superseded());
        g.writeNumberField("writeUnits", s.writeUnits());
        g.writeNumberField("elapsedSeconds", s.elapsed().toNanos() / 1e9);
        g.writeNumberField("recordsPerSecond", s.writtenPerSecond());
        g.writeNumberField("bytesRead", s.bytesRead());
        g.writeNumberField("requests", s.requests());
        g.writeNumberField("retriedItems", s.retriedItems());
        g.writeStringField("rejectsFile", report.rejectsFile().map(Path::toString).orElse(null));
        g.writeStringField("error", report.error().orElse(null));
        g.writeEndObject();
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot write the report file " + file + ": " + e.getMessage(), e);
    }
  }
}
