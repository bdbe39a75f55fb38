package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.verify.VerifyReport;
import dev.ddbload.verify.VerifyStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The end-of-verification summary, printed for people and written as JSON (alone, readable by
 * its owner only, or inside a load's report). Counts only: never an item.
 */
final class VerifySummary {

  private final VerifyReport report;
  private final String target;

  VerifySummary(VerifyReport report, String target) {
    this.report = report;
    this.target = target;
  }

  /** Prints the summary; {@code heading} false inside a load's summary (it has its own). */
  void print(PrintWriter out, boolean heading) {
    VerifyStats s = report.stats();
    if (heading) {
      out.println("ddbload: " + status() + " (table " + report.table() + " at " + target + ")");
    } else {
      out.println("verify: " + status());
    }
    out.println(row("records read", count(s.recordsRead())));
    if (s.damagedSources() > 0) {
      out.println(row("damaged input", count(s.damagedSources()) + " (not read to the end; their unread keys not checked)"));
    }
    if (s.notCheckable() > 0) {
      out.println(row("not checkable", count(s.notCheckable()) + " (records a load rejects)"));
    }
    if (s.outsideSample() > 0) {
      out.println(row("outside sample", count(s.outsideSample())));
    }
    out.println(row("superseded", count(s.superseded()) + " (a later record has the key)"));
    out.println(row("keys checked", count(s.keysChecked())));
    out.println(row("matching", count(s.matching())));
    out.println(row("missing", count(s.missing())));
    out.println(row("different", count(s.different())));
    out.println(row("unexpected", count(s.unexpected()) + " (present where a delete expects no item)"));
    if (s.itemsScanned() > 0 || s.extra() > 0) {
      out.println(row("extra", count(s.extra()) + " (of " + count(s.itemsScanned()) + " items scanned)"));
    }
    if (s.unverified() > 0) {
      out.println(row("unverified", count(s.unverified()) + " (could not be read)"));
    }
    if (s.keysInSeveralInputs() > 0) {
      out.println(row("several inputs", count(s.keysInSeveralInputs())
          + " keys (checked against the last input's record; see README)"));
    }
    out.println(row("RCU consumed", String.format(Locale.ROOT, "%,.1f", s.readUnits())));
    out.println(row("elapsed", String.format(Locale.ROOT, "%.2f s", s.elapsed().toNanos() / 1e9)));
    out.println(row("throughput", String.format(Locale.ROOT, "%,.0f keys/s", s.keysPerSecond())));
    out.println(row("differences", report.differencesFile().map(Path::toString).orElse("none")));
    report.error().ifPresent(e -> out.println(row("error", LibrarySettings.speak(e))));
    for (SourceDamage d : report.damage()) {
      out.println(row("damaged", d.source() + " from line " + d.line() + ": " + d.reason()));
    }
    out.flush();
  }

  /** One progress line: records read, keys checked and their rate, differences, read rate. */
  static String line(VerifyStats s) {
    double seconds = Math.max(1e-9, s.elapsed().toNanos() / 1e9);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d records  %,d keys checked  %,.0f keys/s"
        + "  %,d differences  %,.0f RCU/s", s.recordsRead(), s.keysChecked(), s.keysChecked() / seconds,
        s.differences(), s.readUnitsPerSecond()));
    if (!Double.isInfinite(s.allowedReadUnitsPerSecond())) {
      sb.append(String.format(Locale.ROOT, " (limit %,.0f)", s.allowedReadUnitsPerSecond()));
    }
    return sb.append("  ").append(Progress.clock(s.elapsed())).toString();
  }

  private String status() {
    return switch (report.status()) {
      case MATCHED -> "the table holds what the inputs say";
      case DIFFERENT -> "the table differs from the inputs";
      case DAMAGED_INPUT -> "some input could not be read in full; the keys read were checked";
      case ABORTED -> "verification aborted";
      case INTERRUPTED -> "verification interrupted";
    };
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-14s %s", label, value);
  }

  /** Writes the summary as one JSON object to {@code file}. */
  void writeJson(Path file) {
    try {
      try (JsonGenerator g = JsonFiles.create(file)) {
        g.writeStartObject();
        writeFields(g);
        g.writeEndObject();
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot write the report file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the summary's fields into the object the generator is in. */
  void writeFields(JsonGenerator g) throws IOException {
    VerifyStats s = report.stats();
    g.writeStringField("table", report.table());
    g.writeStringField("status", report.status().name());
    g.writeNumberField("recordsRead", s.recordsRead());
    g.writeNumberField("notCheckable", s.notCheckable());
    g.writeNumberField("damagedSources", s.damagedSources());
    g.writeNumberField("outsideSample", s.outsideSample());
    g.writeNumberField("superseded", s.superseded());
    g.writeNumberField("keysChecked", s.keysChecked());
    g.writeNumberField("matching", s.matching());
    g.writeNumberField("missing", s.missing());
    g.writeNumberField("different", s.different());
    g.writeNumberField("unexpected", s.unexpected());
    g.writeNumberField("extra", s.extra());
    g.writeNumberField("itemsScanned", s.itemsScanned());
    g.writeNumberField("unverified", s.unverified());
    g.writeNumberField("keysInSeveralInputs", s.keysInSeveralInputs());
    g.writeNumberField("readUnits", s.readUnits());
    g.writeNumberField("requests", s.requests());
    g.writeNumberField("retriedKeys", s.retriedKeys());
    g.writeNumberField("spilledBytes", s.spilledBytes());
    g.writeNumberField("elapsedSeconds", s.elapsed().toNanos() / 1e9);
    g.writeNumberField("keysPerSecond", s.keysPerSecond());
    g.writeStringField("differencesFile", report.differencesFile().map(Path::toString).orElse(null));
    g.writeStringField("error", report.error().orElse(null));
    JsonFiles.writeDamage(g, report.damage());
  }
}
